// The taizhang commands: thin wrappers that parse arguments, call a service, and print.
import { findIndicator, listIndicators } from '../archive/indicators-repo';
import { listItems } from '../archive/items-repo';
import { searchItems } from '../archive/search';
import { selfCheck } from '../check/self-check';
import { runDemo } from '../demo/demo';
import { exportIndicators } from '../indicators/service';
import { indicatorsImport, indicatorsSheets } from './indicator-import-command';
import { importPaths } from '../intake/import';
import { exportDossier } from '../export/dossier/dossier';
import { guardedExport } from '../export/output-path';
import { exportXlsx } from './ledger-command';
import { arrangementOf, exportBoxesCmd } from './boxes-command';
import { backupCmd, restoreCmd, snapshotCmd, verifyCmd } from './protect-commands';
import { exportPackageCmd, verifyPackageCmd } from './package-command';
import { Archive } from '../archive/archive';
import { describeHolder } from '../archive/write-lock';
import { str } from './args';
import { JSON_OPT, PRINT_OPTIONS, json, need, printOptions, withArchive, type Command, type Io } from './command-kit';
import { progressBar, table } from './output';
import { checked, indicatorsAdd, indicatorsDelete, indicatorsEdit, indicatorsLog, indicatorsMove } from './indicator-edit-commands';
import { indicatorsSet, itemsSet, photosKeep } from './statement-commands';
import { filesMove, filesRemove, filesReorder, itemsLink, itemsMerge, itemsMove, itemsSplit, itemsTrash, itemsUnlink, itemsUpdate, photosCaption, trashList, trashPurge, trashRestore } from './item-commands';
import { filesText, itemsAccept, itemsSuggest, ocrCmd } from './text-commands';
import { SERVE_COMMANDS } from './serve-commands';
import { PACKET_COMMANDS } from './packet-commands';
import { auditList, departmentsAdd, departmentsList, departmentsReturn, departmentsSet, departmentsShow, reminderCmd, reviewCmd } from './collect-commands';
import { filingForUnfiled } from '../text/suggestions';
import { CAMPAIGN_NAME_MAX } from '../../shared/api';
import { TaizhangError } from '../../shared/errors';
import { parseDateFromName } from '../../shared/names';
import { ITEM_KIND_LABELS, RETENTIONS, REVIEW_LABELS, STATUS_LABELS, type Campaign, type Retention } from '../../shared/domain';
import { PROBLEM_LABELS } from '../../shared/check-types';

/** A date as clerks type it: 2023-04-01, 2023/4/1, 2023.4.1, 2023年4月1日, 20230401. */
function dateArg(text: string): string | null {
  const t = text.trim();
  const iso = parseDateFromName(t);
  // The whole argument must be the date, not a date inside other text.
  return iso && t.replace(/[\s年月日号./_-]/g, '').length <= 8 ? iso : null;
}

function parseWindow(s: string | undefined): { windowStart: string | null; windowEnd: string | null } {
  if (!s) return { windowStart: null, windowEnd: null };
  const parts = s.split(/\.\.|至|~|～/);
  const [a, b] = parts.map(dateArg);
  if (parts.length !== 2 || !a || !b) {
    throw new TaizhangError('BAD_INPUT', `时间范围“${s}”无法识别，应为 起始日期..结束日期，例如 2022-04-01..2023-03-31（日期须真实存在）。`);
  }
  if (a > b) throw new TaizhangError('BAD_INPUT', `时间范围“${s}”的结束日期早于起始日期。`);
  return { windowStart: a, windowEnd: b };
}

const init: Command = {
  usage: 'init ARCHIVE --name NAME [--unit UNIT] [--year YYYY] [--window YYYY-MM-DD..YYYY-MM-DD] [--fonds CODE] [--retention Y|D30|D10] [--org CODE]',
  summary: '新建档案',
  options: { name: { value: true }, unit: { value: true }, year: { value: true }, window: { value: true }, fonds: { value: true }, retention: { value: true }, org: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    const name = str(p, 'name');
    if (!name?.trim()) throw new TaizhangError('BAD_INPUT', '请用 --name 给出创建项目名称，例如 --name 全国科普示范县创建。');
    if (name.trim().length > CAMPAIGN_NAME_MAX) throw new TaizhangError('BAD_INPUT', `创建项目名称不能超过 ${CAMPAIGN_NAME_MAX} 个字，请缩短后再试。`);
    if ((str(p, 'unit') ?? '').length > CAMPAIGN_NAME_MAX) throw new TaizhangError('BAD_INPUT', `单位名称不能超过 ${CAMPAIGN_NAME_MAX} 个字，请缩短后再试。`);
    const yearText = str(p, 'year');
    if (yearText && !/^\d{4}$/.test(yearText)) throw new TaizhangError('BAD_INPUT', `年度“${yearText}”应为四位数字，例如 2023。`);
    const retention = (str(p, 'retention') ?? 'D30') as Retention;
    if (!RETENTIONS.includes(retention)) throw new TaizhangError('BAD_INPUT', `保管期限应为 Y（永久）、D30 或 D10，而不是“${retention}”。`);
    const campaign: Partial<Campaign> & { name: string } = {
      name: name.trim(),
      unit: str(p, 'unit') ?? '',
      fonds: str(p, 'fonds') ?? '',
      year: yearText ? Number(yearText) : null,
      retention,
      orgCode: str(p, 'org') ?? '',
      ...parseWindow(str(p, 'window')),
    };
    const archive = await Archive.create(dir, campaign);
    const c = await archive.campaign();
    await archive.close();
    if (p.options.json) json(io, { archive: archive.dir, campaign: c });
    else io.out(`已新建档案：${archive.dir}\n创建项目：${c.name}${c.unit ? `（${c.unit}）` : ''}`);
    return 0;
  },
};

const indicatorsList: Command = {
  usage: 'indicators list ARCHIVE [--json]',
  summary: '列出指标',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    const list = await withArchive(dir, (a) => listIndicators(a.db));
    const codeById = new Map(list.map((i) => [i.id, i.code]));
    const rows = list.map((i) => ({
      code: i.code,
      title: i.title,
      level: i.level,
      score: i.score,
      parent: i.parentId == null ? null : (codeById.get(i.parentId) ?? null),
      department: i.department,
      target: i.target,
      requirement: i.requirement,
      removed: i.removed,
    }));
    if (p.options.json) json(io, { indicators: rows });
    else {
      io.out(table(
        ['编号', '指标', '分值', '责任单位', '目标'],
        rows.map((r) => [r.code, `${'  '.repeat(r.level - 1)}${r.title}${r.removed ? '（已删除）' : ''}`, r.score, r.department, r.target ? `${r.target.count}${r.target.unit}` : '']),
      ));
      io.out(`共 ${rows.length} 个指标。`);
    }
    return 0;
  },
};

const indicatorsExport: Command = {
  usage: 'indicators export ARCHIVE FILE.json [--json]',
  summary: '把指标体系保存为模板（JSON），以便明年复用',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, file] = need(p, 2, this.usage);
    const r = await withArchive(dir, (a) => exportIndicators(a, file));
    if (p.options.json) json(io, r);
    else io.out(`已保存 ${r.indicators} 个指标到 ${r.file}`);
    return 0;
  },
};

const importCmd: Command = {
  usage: 'import ARCHIVE PATH... [--indicator CODE] [--json]',
  summary: '导入佐证材料（文件或文件夹）',
  options: { indicator: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, ...paths] = need(p, 2, this.usage, Infinity);
    const bar = progressBar();
    const r = await withArchive(dir, (a) =>
      importPaths(a, paths, {
        indicatorCode: str(p, 'indicator'),
        onProgress: bar.update,
        // A second import started by a script waits for the first instead of failing.
        lockWaitMs: 30 * 60_000,
        onLockWait: (h) => io.err(`档案正在被${describeHolder(h)}写入，等它完成后再导入……`),
      }),
    ).finally(() => bar.done());
    if (p.options.json) {
      json(io, r);
      return 0;
    }
    io.out(`导入 ${r.files} 个文件，建立 ${r.items} 件材料；新存 ${r.stored} 个，重复 ${r.duplicates} 个（只保存一份）。`);
    if (r.repaired) io.out(`已用原件修复 ${r.repaired} 个损坏的文件。`);
    if (r.linkedExisting) io.out(`${r.linkedExisting} 件已有材料被同时挂到了新的指标下。`);
    for (const d of r.duplicateFiles) io.out(`重复：${d.path} 与已有材料《${d.itemTitle}》中的文件相同。`);
    if (r.inbox.length) {
      io.out(`未归类 ${r.inbox.length} 个文件（所在文件夹与指标名称对不上），请在“未归类”中归档：`);
      for (const f of r.inbox) io.out(`  ${f}`);
    }
    for (const w of r.warnings) io.out(`注意：${w.path}：${w.reason}`);
    for (const s of r.skipped) io.out(`跳过：${s.path}（${s.reason}）`);
    return 0;
  },
};

const itemsList: Command = {
  usage: 'items list ARCHIVE [--indicator CODE | --inbox [--suggest]] [--department NAME] [--review pending|accepted|returned] [--json]',
  summary: '列出材料（--inbox：未归类的；--suggest：附建议归入的指标；--department/--review：责任单位提交的、按审核状态）',
  options: { indicator: { value: true }, inbox: {}, suggest: {}, department: { value: true }, review: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    const code = str(p, 'indicator');
    if (code != null && p.options.inbox) throw new TaizhangError('BAD_INPUT', '--indicator 和 --inbox 只能选一个：未归类的材料不在任何指标下。');
    const { department, review } = checked('items.list', { department: str(p, 'department'), review: str(p, 'review') }, (f) => `--${f}`);
    const { items, filing } = await withArchive(dir, async (a) => {
      let items;
      if (p.options.inbox) items = await listItems(a.db, { inbox: true });
      else if (code == null) items = await listItems(a.db);
      else {
        const ind = await findIndicator(a.db, code);
        if (!ind) throw new TaizhangError('BAD_INPUT', `找不到编号为 ${code} 的指标，请用 indicators list 查看指标编号。`);
        items = await listItems(a.db, { indicatorId: ind.id });
      }
      items = items.filter((i) => (department == null || i.submission?.department === department) && (review == null || i.submission?.review === review));
      const filing = p.options.suggest ? await filingForUnfiled(a.db, items) : null;
      return { items, filing };
    });
    if (p.options.json) {
      json(io, {
        items: items.map((i) => ({
          id: i.id,
          title: i.title,
          kind: i.kind,
          date: i.date,
          location: i.location,
          participants: i.participants,
          indicators: i.indicators,
          source: i.source,
          uid: i.uid,
          // 提交单位, 提交时间, version and review of an item a department submitted; null for the 创建办's own.
          submission: i.submission,
          ...(filing?.has(i.id) ? { suggestions: filing.get(i.id) } : {}),
          files: i.files.map((f) => ({
            id: f.id, name: f.name, sha256: f.sha256, size: f.size, type: f.type, role: f.role, pages: f.pages,
            width: f.width, height: f.height, exifTime: f.exifTime, encrypted: f.encrypted, warning: f.warning, caption: f.caption,
          })),
        })),
      });
    } else {
      const submitted = items.some((i) => i.submission);
      const suggested = (id: number) => (filing?.get(id) ?? []).map((f) => `${f.code} ${f.title}`).join('；');
      io.out(table(
        ['ID', '日期', '类别', '题名', '指标', '文件', ...(submitted ? ['提交单位'] : []), ...(filing ? ['建议归入'] : [])],
        items.map((i) => [
          i.id, i.date ?? '', ITEM_KIND_LABELS[i.kind], i.title, i.indicators.join(',') || '未归类', `${i.files.length}${i.files.some((f) => f.warning) ? '（有问题）' : ''}`,
          ...(submitted ? [i.submission ? `${i.submission.department}（${REVIEW_LABELS[i.submission.review]}${i.submission.version > 1 ? `，第${i.submission.version}版` : ''}）` : ''] : []),
          ...(filing ? [suggested(i.id)] : []),
        ]),
      ));
      io.out(`共 ${items.length} 件。`);
    }
    return 0;
  },
};

const search: Command = {
  usage: 'search ARCHIVE QUERY [--json]',
  summary: '全文检索',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, ...words] = need(p, 2, this.usage, Infinity);
    const query = words.join(' ').trim();
    if (!query) throw new TaizhangError('BAD_INPUT', '请给出要检索的内容，例如：taizhang search 档案 推进会');
    const result = await withArchive(dir, async (a) => {
      const hits = await searchItems(a.db, query);
      const items = new Map((await listItems(a.db, { ids: hits.map((h) => h.itemId) })).map((i) => [i.id, i]));
      return hits.filter((h) => items.has(h.itemId)).map((h) => {
        const i = items.get(h.itemId)!;
        return { id: i.id, title: i.title, date: i.date, kind: i.kind, indicators: i.indicators, field: h.field, snippet: h.snippet };
      });
    });
    if (p.options.json) json(io, { query, results: result });
    else {
      io.out(table(['ID', '日期', '题名', '指标', '匹配'], result.map((r) => [r.id, r.date ?? '', r.title, r.indicators.join(',') || '未归类', r.snippet])));
      io.out(`找到 ${result.length} 件。`);
    }
    return 0;
  },
};

const check: Command = {
  usage: 'check ARCHIVE [--json]',
  summary: '自查',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    const r = await withArchive(dir, (a) => selfCheck(a));
    if (p.options.json) {
      json(io, r);
      return 0;
    }
    if (r.indicators.length === 0) io.out(`此档案还没有指标体系，请先导入：taizhang indicators import ${dir} 指标表.xlsx`);
    io.out(table(
      ['编号', '指标', '状态', '材料', '完成/目标', '计入说明', '自评分'],
      r.indicators.map((i) => [
        i.code, `${'  '.repeat(i.level - 1)}${i.title}`, STATUS_LABELS[i.status], i.items, i.actualText, i.countText,
        i.statement.selfScore ?? '',
      ]),
    ));
    const s = r.summary;
    io.out(`末级指标 ${s.indicators} 个：已达标 ${s.met}，待核对 ${s.unverified}，未达标 ${s.below}，缺材料 ${s.missing}。材料 ${s.items} 件，问题 ${s.problems} 个。`);
    for (const pr of r.problems) {
      io.out(`【${PROBLEM_LABELS[pr.kind]}】${pr.message}`);
      // The file numbers `photos keep` takes, one per copy.
      for (const c of pr.copies ?? []) {
        const facts = [c.width && c.height ? `${c.width}×${c.height}` : '', c.camera ? '有拍摄时间' : '无拍摄时间', c.original ? '原图' : '', c.alone ? '该件仅此一个文件' : ''];
        io.out(`    文件 ${c.file}：${c.label}（${facts.filter(Boolean).join('，')}）　→ taizhang photos keep ${dir} ${c.file}`);
      }
    }
    return 0;
  },
};

const exportPdf: Command = {
  usage: 'export pdf ARCHIVE OUT.pdf [--indicator CODE]... [--arrangement inspection|archive] [--duplex] [--photos-per-page 1|2] [--dpi N] [--full-copies] [--include-excluded] [--no-cover] [--no-contents] [--no-forms] [--no-stamp] [--overwrite] [--json]',
  summary: '导出装订用的 PDF 台账',
  options: {
    indicator: { value: true, repeat: true },
    ...PRINT_OPTIONS,
    dpi: { value: true },
    'full-copies': {},
    'include-excluded': {},
    arrangement: { value: true },
    'no-cover': {},
    'no-contents': {},
    'no-forms': {},
    'no-stamp': {},
    overwrite: {},
    ...JSON_OPT,
  },
  async run(p, io) {
    const [dir, out] = need(p, 2, this.usage);
    const print = printOptions(p);
    const dpiText = str(p, 'dpi') ?? '200';
    if (!/^\d+$/.test(dpiText)) throw new TaizhangError('BAD_INPUT', `--dpi 应为数字，例如 200，而不是“${dpiText}”。`);
    const bar = progressBar();
    const r = await withArchive(dir, (a) =>
      guardedExport(a, out, 'pdf', p.options.overwrite ? 'any' : 'own', () => exportDossier(
        a,
        out,
        {
          indicators: (p.options.indicator as string[] | undefined) ?? [],
          ...print,
          dpi: Number(dpiText),
          fullCopies: !!p.options['full-copies'],
          includeExcluded: !!p.options['include-excluded'],
          arrangement: arrangementOf(str(p, 'arrangement')),
          cover: !p.options['no-cover'],
          contents: !p.options['no-contents'],
          submissionForms: !p.options['no-forms'],
          stamp: !p.options['no-stamp'],
        },
        { onProgress: bar.update },
      )),
    ).finally(() => bar.done());
    if (p.options.json) json(io, { file: r.file, pages: r.pages, bytes: r.bytes, warnings: r.warnings });
    else {
      io.out(`已导出台账：${r.file}（${r.pages} 页，${(r.bytes / 1024 / 1024).toFixed(1)} MB）`);
      for (const w of r.warnings) io.out(`注意：${w.path ? `${w.path}：` : ''}${w.reason}`);
    }
    return 0;
  },
};

const demo: Command = {
  usage: 'demo DIR [--json]',
  summary: '用示例指标体系和示例材料生成一个演示档案',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    const bar = progressBar();
    const r = await runDemo(dir, { onProgress: bar.update }).finally(() => bar.done());
    if (p.options.json) json(io, r);
    else for (const line of r.lines) io.out(line);
    return 0;
  },
};

/** Commands by their words; two-word commands are keyed "indicators import". */
export const COMMANDS: Record<string, Command> = {
  init,
  'indicators import': indicatorsImport,
  'indicators sheets': indicatorsSheets,
  'indicators list': indicatorsList,
  'indicators export': indicatorsExport,
  'indicators add': indicatorsAdd,
  'indicators edit': indicatorsEdit,
  'indicators move': indicatorsMove,
  'indicators delete': indicatorsDelete,
  'indicators log': indicatorsLog,
  'indicators set': indicatorsSet,
  import: importCmd,
  'items list': itemsList,
  'items set': itemsSet,
  'items suggest': itemsSuggest,
  'items accept': itemsAccept,
  'items move': itemsMove,
  'items link': itemsLink,
  'items unlink': itemsUnlink,
  'items merge': itemsMerge,
  'items split': itemsSplit,
  'items update': itemsUpdate,
  'items trash': itemsTrash,
  'files move': filesMove,
  'files text': filesText,
  'files remove': filesRemove,
  'files reorder': filesReorder,
  'photos keep': photosKeep,
  'photos caption': photosCaption,
  'trash list': trashList,
  'trash restore': trashRestore,
  'trash purge': trashPurge,
  search,
  ocr: ocrCmd,
  check,
  verify: verifyCmd,
  snapshot: snapshotCmd,
  backup: backupCmd,
  restore: restoreCmd,
  'export pdf': exportPdf,
  'export xlsx': exportXlsx,
  'export package': exportPackageCmd,
  'export boxes': exportBoxesCmd,
  'verify-package': verifyPackageCmd,
  ...PACKET_COMMANDS,
  'departments list': departmentsList,
  'departments show': departmentsShow,
  'departments add': departmentsAdd,
  'departments set': departmentsSet,
  'departments return': departmentsReturn,
  'departments remind': reminderCmd,
  review: reviewCmd,
  'audit list': auditList,
  demo,
  ...SERVE_COMMANDS,
};
