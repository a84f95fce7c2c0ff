// `taizhang demo DIR`: a sample archive built the way a clerk's would be — the seed template as
// the indicator system, and a folder of evidence kept as clerks keep it (Chinese-numbered
// folders, meetings as dated subfolders, duplicates, and files the app cannot read) imported
// into it. It shows every part working on a machine without a desktop.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Archive } from '../archive/archive';
import { listIndicators } from '../archive/indicators-repo';
import { listItems, setCaption, updateItem } from '../archive/items-repo';
import { assetPath } from '../assets';
import { selfCheck } from '../check/self-check';
import { exportDossier } from '../export/dossier/dossier';
import { exportLedger } from '../export/ledger/ledger';
import { exportPackage } from '../export/package/package';
import { exportBoxes } from '../export/boxes/boxes';
import { pageRange } from '../export/catalogue';
import { importIndicators } from '../indicators/service';
import { stateIndicator } from '../indicators/statement';
import { importPaths, type ImportReport } from '../intake/import';
import { verifyArchive } from '../archive/verify';
import type { JobOptions } from '../jobs/cancel';
import { makeCorruptJpeg, makeDocx, makeHeic, makeJpeg, makePdf, makeWps } from './sample-files';
import type { Indicator } from '../../shared/domain';

export const DEMO_TEMPLATE = 'kepu-shifan-xian.json';
export const DEMO_SOURCE_FOLDER = '示例原始材料';

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export interface DemoResult {
  archive: string;
  indicators: number;
  import: ImportReport;
  check: { met: number; unverified: number; below: number; missing: number; problems: number };
  verified: boolean;
  dossier: { file: string; pages: number; bytes: number };
  ledger: { file: string; items: number };
  package: { path: string; files: number; bytes: number };
  boxes: { file: string; boxes: number; pages: number };
  lines: string[];
}

/** Folder names the way clerks write them: 一、… / （一）… / 1.… */
function folderName(ind: Indicator, indexInParent: number): string {
  if (ind.level === 1) return `${CN[indexInParent] ?? indexInParent + 1}、${ind.title}`;
  if (ind.level === 2) return `（${CN[indexInParent] ?? indexInParent + 1}）${ind.title}`;
  return `${indexInParent + 1}.${ind.title}`;
}

function dateIn(year: number, n: number): { iso: string; exif: string; compact: string } {
  // Spread over the campaign window 2022-04 … 2023-03.
  const month = ((3 + n * 2) % 12) + 1;
  const y = month >= 4 ? year - 1 : year;
  const day = ((n * 7) % 27) + 1;
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  return { iso: `${y}-${mm}-${dd}`, exif: `${y}:${mm}:${dd} 09:${String(10 + (n % 50)).padStart(2, '0')}:00`, compact: `${y}${mm}${dd}` };
}

/** Writes the clerk's folder for the given indicator tree; returns its path. */
async function writeClerkFolder(root: string, indicators: Indicator[]): Promise<string> {
  const base = path.join(root, DEMO_SOURCE_FOLDER);
  const children = new Map<number | null, Indicator[]>();
  for (const i of indicators) children.set(i.parentId, [...(children.get(i.parentId) ?? []), i]);
  let n = 0;
  let sharedPhoto: string | null = null;
  const visit = async (parent: number | null, dir: string) => {
    const kids = children.get(parent) ?? [];
    for (const [idx, ind] of kids.entries()) {
      const folder = path.join(dir, folderName(ind, idx));
      await fs.mkdir(folder, { recursive: true });
      if (children.get(ind.id)?.length) {
        await visit(ind.id, folder);
        continue;
      }
      // Leaves: a few meetings or activities as dated subfolders, a document as a loose file.
      const wanted = Math.min(ind.target && ['次', '场', '所'].includes(ind.target.unit) ? ind.target.count : 1, 3);
      for (let k = 0; k < wanted; k++) {
        const d = dateIn(2023, ++n);
        const sub = path.join(folder, `${d.iso} ${ind.title}（第${k + 1}次）`);
        await makePdf(path.join(sub, '通知.pdf'), { pages: 1, title: `Notice ${n}` });
        await makeJpeg(path.join(sub, '签到表.jpg'), { width: 1654, height: 2339, seed: n * 10 + 1, exifTime: d.exif });
        await makeDocx(path.join(sub, '会议记录.docx'), {
          paragraphs: [`${ind.title}会议记录`, `时间：${d.iso}`, `内容：围绕“${ind.requirement || ind.title}”研究部署，明确分工。`],
        });
        for (let ph = 0; ph < 2; ph++) {
          const photo = path.join(sub, `IMG_${d.compact}_${ph + 1}.jpg`);
          await makeJpeg(photo, { width: 2000, height: 1500, seed: n * 10 + 2 + ph, exifTime: d.exif, offset: '+08:00', orientation: ph === 1 ? 6 : 1 });
          sharedPhoto ??= photo;
        }
      }
      await makeDocx(path.join(folder, `${dateIn(2023, ++n).iso} ${ind.title}情况说明.docx`), {
        paragraphs: [`关于${ind.title}的情况说明`, ind.requirement || '按照创建要求完成。'],
      });
    }
  };
  await visit(null, base);

  // What real folders also hold: unfiled material, a copy of a photo, files the app cannot read.
  const other = path.join(base, '其他材料');
  await fs.mkdir(other, { recursive: true });
  if (sharedPhoto) await fs.copyFile(sharedPhoto, path.join(other, '活动照片（副本）.jpg'));
  await makeJpeg(path.join(other, '宣传栏照片.jpg'), { width: 800, height: 600, seed: 9001, exifTime: '2021:12:30 15:00:00' });
  await makeCorruptJpeg(path.join(other, '损坏的照片.jpg'));
  await makePdf(path.join(other, '上级来文（加密）.pdf'), { pages: 2, encrypted: true });
  await makeWps(path.join(other, '工作简报.wps'));
  await makeHeic(path.join(other, 'IMG_0001.HEIC'));
  return base;
}

const PLACES = ['县政府三楼会议室', '县科技馆', '城关镇第一小学', '县民政局会议室', '人民广场'];

/**
 * What a clerk types after an import: where each meeting was, who took part, and the caption
 * fields EXIF cannot know. Done for most items, so the self-check shows both states.
 */
async function fillInLikeAClerk(archive: Archive, itemIds: number[]): Promise<void> {
  const items = await listItems(archive.db, { ids: itemIds });
  await archive.db.transaction(async (tx) => {
    for (const [n, item] of items.entries()) {
      if (item.indicators.length === 0 || n % 4 === 3) continue;
      const place = PLACES[n % PLACES.length];
      await updateItem(tx, item.id, {
        location: place,
        responsible: '某县民政局办公室',
        participants: item.kind === 'meeting' || item.kind === 'training' || item.kind === 'activity' ? 30 + ((n * 37) % 170) : null,
        description: `围绕${item.title}开展工作`,
      });
      for (const f of item.files.filter((f) => f.role === 'photo')) {
        await setCaption(tx, f.id, { people: '局领导班子成员及各股室负责人', photographer: '李明' });
      }
    }
  });
}

/**
 * What a clerk writes once the evidence is in: a 结论性说明 and 自评分 for every other indicator that
 * is met, and for a staff count (which no file proves) the 实际完成 with the roster as its reason.
 * The rest are left for the self-check to ask about.
 */
async function stateLikeAClerk(archive: Archive): Promise<void> {
  const report = await selfCheck(archive);
  const scores = new Map((await listIndicators(archive.db)).map((i) => [i.code, i.score]));
  const leaves = report.indicators.filter((c) => c.leaf && c.items > 0);
  for (const [n, c] of leaves.entries()) {
    const score = scores.get(c.code) ?? null;
    if (c.target?.kind === 'staffing') {
      await stateIndicator(archive, c.code, {
        actual: c.target.count,
        actualReason: '见领导小组办公室人员名单',
        conclusion: `领导小组办公室配备专职工作人员${c.target.count}名，名单见佐证材料。`,
        selfScore: score,
      });
    } else if (c.status === 'met' && n % 2 === 0) {
      const progress = c.targetText ? `要求${c.targetText}，创建时段内完成${c.actualText}。` : '';
      await stateIndicator(archive, c.code, { conclusion: `${c.title}工作已按要求完成。${progress}佐证材料见本表所列各件。`, selfScore: score });
    }
  }
}

export async function runDemo(dir: string, opts: JobOptions = {}): Promise<DemoResult> {
  // DIR/档案 is the archive; DIR/导出 what it exports (an export never goes inside an archive).
  const root = path.join(path.resolve(dir), '档案');
  const exports = path.join(path.resolve(dir), '导出');
  const archive = await Archive.create(root, {
    name: '全国科普示范县创建',
    unit: '某县民政局',
    fonds: 'Z109',
    year: 2023,
    windowStart: '2022-04-01',
    windowEnd: '2023-03-31',
    retention: 'D30',
    orgCode: 'BGS',
  });
  try {
    const ind = await importIndicators(archive, assetPath('templates', DEMO_TEMPLATE));
    const indicators = await listIndicators(archive.db);
    // The clerk's folder lives outside the archive, as it would on a real PC, and goes afterwards.
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-demo-'));
    const source = await writeClerkFolder(scratch, indicators);
    const report = await importPaths(archive, [source], opts).finally(() => fs.rm(scratch, { recursive: true, force: true }));
    await fillInLikeAClerk(archive, report.itemIds);
    await stateLikeAClerk(archive);
    const check = await selfCheck(archive);
    const verify = await verifyArchive(archive);
    await fs.mkdir(exports, { recursive: true });
    const dossier = await exportDossier(archive, path.join(exports, '迎检材料台账.pdf'), {}, opts);
    const ledger = await exportLedger(archive, path.join(exports, '台账目录.xlsx'), {}, opts);
    const pkg = await exportPackage(archive, path.join(exports, '迎检材料包.zip'), {}, opts);
    const boxes = await exportBoxes(archive, path.join(exports, '档案盒.pdf'), {}, opts);
    const s = check.summary;
    return {
      archive: root,
      indicators: indicators.length,
      import: report,
      check: { met: s.met, unverified: s.unverified, below: s.below, missing: s.missing, problems: s.problems },
      verified: verify.ok,
      dossier: { file: dossier.file, pages: dossier.pages, bytes: dossier.bytes },
      ledger: { file: ledger.file, items: ledger.items },
      package: { path: pkg.path, files: pkg.files, bytes: pkg.bytes },
      boxes: { file: boxes.file, boxes: boxes.boxes.length, pages: boxes.pages },
      lines: [
        `演示档案：${root}`,
        `指标体系：${ind.table.sheet}，${indicators.length} 个指标`,
        `示例材料：按科员习惯整理的文件夹（${DEMO_SOURCE_FOLDER}），已导入后删除`,
        `导入 ${report.files} 个文件，${report.items} 件材料；重复 ${report.duplicates} 个；未归类 ${report.inbox.length} 个；需注意 ${report.warnings.length} 个。`,
        `自查：已达标 ${s.met}，待核对 ${s.unverified}，未达标 ${s.below}，缺材料 ${s.missing}；问题 ${s.problems} 个（运行 taizhang check ${root} 查看）。`,
        `校验：${verify.ok ? '通过' : '未通过'}`,
        `台账 PDF：${dossier.file}（${dossier.pages} 页）`,
        `台账目录 Excel：${ledger.file}（${ledger.items} 件）`,
        `迎检材料包：${pkg.path}（${pkg.files} 个文件，打开其中的 index.html 浏览）`,
        `档案盒用表：${boxes.file}（迎检排列，按指标 ${boxes.boxes.length} 盒：指标索引、封面、盒内目录、备考表；归档时用 export boxes --arrangement archive；盒脊标签在第 ${pageRange(boxes.spineSheets.first, boxes.spineSheets.last)} 页）`,
      ],
    };
  } finally {
    await archive.close();
  }
}
