import path from 'node:path';
import { Archive } from '../../main/archive/archive';
import { mergeIndicators } from '../../main/archive/indicators-repo';
import type { BlobInfo } from '../../main/archive/items-repo';
import type { IndicatorDraft } from '../../shared/indicator-types';

type DraftIn = Partial<IndicatorDraft> & { code: string; title: string };

/** Drafts with the parent and level implied by the dotted code. */
export function drafts(list: DraftIn[]): IndicatorDraft[] {
  return list.map((d) => {
    const parts = d.code.split('.');
    return {
      requirement: '',
      score: null,
      basis: '',
      department: '',
      target: null,
      level: parts.length,
      parentCode: parts.length > 1 ? parts.slice(0, -1).join('.') : null,
      ...d,
    };
  });
}

export const SAMPLE_INDICATORS = drafts([
  { code: '1', title: '加强组织领导', score: 20 },
  { code: '1.1', title: '成立领导小组', score: 5 },
  { code: '1.2', title: '召开工作推进会', score: 15, requirement: '全年召开推进会不少于3次', target: { count: 3, unit: '次' } },
  { code: '2', title: '突出工作重点', score: 30 },
  { code: '2.1', title: '党员干部科技培训', score: 10, requirement: '举办培训不少于10次', target: { count: 10, unit: '次' } },
  { code: '2.2', title: '科技志愿服务活动', score: 20, requirement: '参与不少于1000人次', target: { count: 1000, unit: '人次' } },
]);

export async function makeArchive(root: string, name: string, window?: [string, string]): Promise<Archive> {
  const a = await Archive.create(path.join(root, name), {
    name: '全国科普示范县创建',
    unit: '某县民政局',
    fonds: 'Z109',
    year: 2023,
    windowStart: window?.[0] ?? null,
    windowEnd: window?.[1] ?? null,
  });
  await a.db.transaction((tx) => mergeIndicators(tx, SAMPLE_INDICATORS));
  return a;
}

/** A one-page PDF's facts for tests that need an item row but no stored bytes (self-check, merge). */
export function pdfBlob(sha256: string): BlobInfo {
  return { sha256, size: 1, type: 'pdf', mime: 'application/pdf', pages: 1, width: null, height: null, orientation: null, exifTime: null, encrypted: false, warning: null, hasThumb: false, text: null };
}
