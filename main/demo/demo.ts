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
import { guardedExport, type ExportKindName } from '../export/output-path';
import { exportDir } from '../api/job-work';
import { pageRange } from '../export/catalogue';
import { importIndicators } from '../indicators/service';
import { stateIndicator } from '../indicators/statement';
import { importPaths, type ImportReport } from '../intake/import';
import { verifyArchive } from '../archive/verify';
import type { JobOptions } from '../jobs/cancel';
import { chineseDate, makeCorruptJpeg, makeEventPhoto, makeHeic, makeNoticePdf, makeOfficeDocx, makeSignInJpeg, makeWps } from './sample-files';
import {
  OFFICE, OFFICE_SHORT, CLERK, CHAIR, DEPUTY, addDays, exifAt, leadingGroupNotice, noticeFor, planDocx, planNotice, planSamples, recordFor, reportDocx, staffDocx, type Occasion,
} from './sample-content';
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
  /** generated: pages that are not the items' own (cover, 目录, section pages, 提交表). */
  dossier: { file: string; pages: number; generated: number; bytes: number };
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

/** Writes the clerk's folder for the given indicator tree; returns its path and what it holds. */
async function writeClerkFolder(root: string, indicators: Indicator[]): Promise<{ base: string; facts: Map<string, Occasion>; documents: Map<string, { date: string; docNumber?: string }> }> {
  const base = path.join(root, DEMO_SOURCE_FOLDER);
  const children = new Map<number | null, Indicator[]>();
  for (const i of indicators) children.set(i.parentId, [...(children.get(i.parentId) ?? []), i]);
  const folders = new Map<number, string>();
  const leaves: Indicator[] = [];
  const visit = async (parent: number | null, dir: string) => {
    for (const [idx, ind] of (children.get(parent) ?? []).entries()) {
      const folder = path.join(dir, folderName(ind, idx));
      await fs.mkdir(folder, { recursive: true });
      folders.set(ind.id, folder);
      if (children.get(ind.id)?.length) await visit(ind.id, folder);
      else leaves.push(ind);
    }
  };
  await visit(null, base);

  const plan = planSamples(leaves);
  const facts = new Map<string, Occasion>();
  const documents = new Map<string, { date: string; docNumber?: string }>();
  let sharedPhoto: string | null = null;
  for (const d of plan.documents) {
    const folder = folders.get(d.indicator.id)!;
    for (const f of d.files) {
      const file = path.join(folder, f.name);
      documents.set(f.name.replace(/^\d{4}-\d{2}-\d{2} /, '').replace(/\.\w+$/, ''), { date: f.date, docNumber: f.docNumber });
      if (f.kind === 'notice') {
        const text = /领导小组/.test(f.title) ? leadingGroupNotice() : planNotice();
        await makeNoticePdf(file, { office: OFFICE, docNumber: f.docNumber!, date: f.date, ...text });
      } else {
        await makeOfficeDocx(file, /名单/.test(f.title) ? staffDocx() : planDocx());
      }
    }
  }
  // Occasions: a dated folder each with the notice (issued days before), the sign-in sheet as
  // photographed before the start, the record of the day and photos taken during it.
  const byIndicator = new Map<number, Occasion[]>();
  for (const o of plan.occasions) {
    byIndicator.set(o.indicator.id, [...(byIndicator.get(o.indicator.id) ?? []), o]);
    const sub = path.join(folders.get(o.indicator.id)!, `${o.date} ${o.folderTitle}`);
    facts.set(`${o.date}|${o.folderTitle}`, o);
    const notice = noticeFor(o);
    await makeNoticePdf(path.join(sub, o.kind === 'meeting' ? '会议通知.pdf' : o.kind === 'training' ? '培训通知.pdf' : '活动通知.pdf'), {
      office: OFFICE, docNumber: o.docNumber, date: o.noticeDate, ...notice,
    });
    await makeSignInJpeg(path.join(sub, '签到表.jpg'), {
      title: o.fullTitle, date: chineseDate(o.date), place: o.place, signers: o.signers,
      exifTime: exifAt(o.date, 8, 50 + (o.seed % 9), (o.seed * 7) % 60), seed: o.seed,
    });
    const record = recordFor(o);
    await makeOfficeDocx(path.join(sub, record.fileName), { title: record.title, lines: record.lines });
    for (let ph = 0; ph < 2; ph++) {
      const minute = 5 + ((o.seed * 11 + ph * 17) % 50);
      const second = (o.seed * 13 + ph * 29) % 60;
      const p2 = (n: number) => String(n).padStart(2, '0');
      const photo = path.join(sub, `IMG_${o.date.replace(/-/g, '')}_09${p2(minute)}${p2(second)}.jpg`);
      await makeEventPhoto(photo, {
        banner: o.fullTitle, scene: o.kind === 'activity' ? 'outdoor' : 'indoor', width: 1600, height: 1200, seed: o.seed * 10 + 2 + ph,
        exifTime: exifAt(o.date, 9, minute, second), offset: '+08:00', orientation: ph === 1 ? 6 : 1,
      });
      sharedPhoto ??= photo;
    }
  }
  // Each counted indicator's 情况说明, written at the end of the window.
  for (const [n, ind] of leaves.entries()) {
    const held = byIndicator.get(ind.id);
    if (!held) continue;
    const date = addDays('2023-03-06', n % 10);
    await makeOfficeDocx(path.join(folders.get(ind.id)!, `${date} ${ind.title}工作情况说明.docx`), reportDocx(ind, held, date));
  }

  // What real folders also hold: unfiled material, a copy of a photo, files the app cannot read.
  const other = path.join(base, '其他材料');
  await fs.mkdir(other, { recursive: true });
  if (sharedPhoto) await fs.copyFile(sharedPhoto, path.join(other, '活动照片（副本）.jpg'));
  await makeEventPhoto(path.join(other, '宣传栏照片.jpg'), { banner: '迎新春科普宣传栏', scene: 'outdoor', width: 1280, height: 960, seed: 9001, exifTime: '2021:12:30 15:00:00' });
  await makeCorruptJpeg(path.join(other, '损坏的照片.jpg'));
  await makeNoticePdf(path.join(other, '上级来文（加密）.pdf'), {
    office: '某市科学技术协会', docNumber: '某市科协发〔2022〕5号', date: '2022-03-28', encrypted: true,
    title: '关于开展全国科普示范县创建工作的通知', addressee: '各县（区）科协：', body: ['现就开展全国科普示范县创建工作有关事项通知如下。'],
  });
  await makeWps(path.join(other, '工作简报.wps'));
  await makeHeic(path.join(other, 'IMG_0001.HEIC'));
  return { base, facts, documents };
}

/**
 * What a clerk types after an import: where each occasion was, who took part, the 文号 of notices,
 * and the caption fields EXIF cannot know (题名, 地点, 人物, 背景/事由, 摄影者). Done carefully for
 * most items; a few are left unfinished (one item untouched, one without the photographer, one
 * without the people), so the self-check has something to show.
 */
async function fillInLikeAClerk(
  archive: Archive,
  itemIds: number[],
  facts: Map<string, Occasion>,
  documents: Map<string, { date: string; docNumber?: string }>,
): Promise<void> {
  const items = await listItems(archive.db, { ids: itemIds });
  await archive.db.transaction(async (tx) => {
    let n = 0;
    for (const item of items) {
      if (item.indicators.length === 0) continue;
      const doc = documents.get(item.title);
      if (doc) await updateItem(tx, item.id, { responsible: OFFICE, date: item.date ?? doc.date, ...(doc.docNumber ? { docNumber: doc.docNumber } : {}) });
      const o = item.date ? facts.get(`${item.date}|${item.title}`) : undefined;
      if (!o) {
        await updateItem(tx, item.id, { responsible: OFFICE });
        continue;
      }
      n++;
      if (n % 10 === 4) continue; // imported, not yet gone through
      await updateItem(tx, item.id, {
        location: o.place,
        responsible: OFFICE,
        docNumber: o.docNumber,
        participants: o.kind === 'activity' ? 80 + ((o.seed * 37) % 150) : o.signers.length,
        description:
          o.kind === 'meeting'
            ? `${OFFICE_SHORT}召开${o.fullTitle}，通报创建工作进展，研究部署下一阶段工作`
            : o.kind === 'training'
              ? `${OFFICE_SHORT}举办${o.fullTitle}，提升党员干部科学素质`
              : `${OFFICE_SHORT}组织开展${o.fullTitle}，向群众普及科学知识`,
      });
      const lead = o.kind === 'activity' ? `${DEPUTY.post}${DEPUTY.name}带队，科普志愿者${o.signers.length}人参加` : `${CHAIR.post}${CHAIR.name}主持，${o.signers.slice(1, 4).map((s) => s.unit + s.name).join('、')}等${o.signers.length}人参加`;
      const photos = item.files.filter((f) => f.role === 'photo');
      for (const [k, f] of photos.entries()) {
        await setCaption(tx, f.id, {
          title: `${o.fullTitle}${o.kind === 'activity' && !o.fullTitle.endsWith('活动') ? '活动现场' : '现场'}（${k + 1}）`,
          place: o.place,
          people: n % 10 === 8 ? '' : lead,
          subject:
            o.kind === 'meeting'
              ? `全国科普示范县创建工作。会上${CHAIR.name}同志部署下一阶段创建任务`
              : o.kind === 'training'
                ? '全国科普示范县创建工作。落实党员干部科技教育要求，专家现场授课'
                : '全国科普示范县创建工作。志愿者现场讲解科普知识、发放宣传资料',
          photographer: `${CLERK.name}（${OFFICE_SHORT}办公室）`,
        });
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
  // DIR/档案 is the archive; DIR/档案（导出） what it exports, where the app exports it by default
  // (an export never goes inside an archive).
  const root = path.join(path.resolve(dir), '档案');
  const archive = await Archive.create(root, {
    name: '全国科普示范县创建',
    unit: OFFICE,
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
    const folder = await writeClerkFolder(scratch, indicators);
    const report = await importPaths(archive, [folder.base], opts).finally(() => fs.rm(scratch, { recursive: true, force: true }));
    await fillInLikeAClerk(archive, report.itemIds, folder.facts, folder.documents);
    await stateLikeAClerk(archive);
    const check = await selfCheck(archive);
    const verify = await verifyArchive(archive);
    const exports = await exportDir(archive);
    await fs.mkdir(exports, { recursive: true });
    // Recorded as this archive's own, as the app's exports are: exporting again from the app replaces them.
    const into = <R>(name: string, kind: ExportKindName, run: (out: string) => Promise<R>) => guardedExport(archive, path.join(exports, name), kind, 'any', () => run(path.join(exports, name)));
    const dossier = await into('迎检材料台账.pdf', 'pdf', (out) => exportDossier(archive, out, {}, opts));
    const ledger = await into('台账目录.xlsx', 'xlsx', (out) => exportLedger(archive, out, {}, opts));
    const pkg = await into('迎检材料包.zip', 'package', (out) => exportPackage(archive, out, {}, opts));
    const boxes = await into('档案盒.pdf', 'boxes', (out) => exportBoxes(archive, out, {}, opts));
    const s = check.summary;
    return {
      archive: root,
      indicators: indicators.length,
      import: report,
      check: { met: s.met, unverified: s.unverified, below: s.below, missing: s.missing, problems: s.problems },
      verified: verify.ok,
      dossier: { file: dossier.file, pages: dossier.pages, generated: dossier.generated, bytes: dossier.bytes },
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
