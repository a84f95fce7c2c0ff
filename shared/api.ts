// The one contract between the interface and the main process. Each method names the schema its
// argument must pass and the type it returns. The Electron IPC handlers and the web-mode HTTP
// handlers both parse arguments with these schemas and call the same service (main/api/service.ts);
// the renderer calls them through one typed client, whichever door it is behind.
import { CAPTION_LABELS, FILE_ROLES, ITEM_KINDS, RETENTIONS } from './domain';
import type { Campaign, Caption, Indicator, IndicatorStatement, IndicatorStatus, Item, ItemKind, Retention, StoredFile } from './domain';
import type { CheckReport, IndicatorCheck } from './check-types';
import type { ErrorCode, Result } from './errors';
import { COLUMN_ROLES } from './indicator-types';
import { ARRANGEMENTS } from './archival-code';
import type { IndicatorMergeReport, IndicatorPreview, IndicatorTableReport } from './indicator-types';
import type { Progress } from './jobs';
import { SUGGESTION_FIELDS } from './text-types';
import type { FilingSuggestion, ItemSuggestions, PageText, TextProgress } from './text-types';
import { REVIEW_STATES, ROLES } from './collect-types';
import type { Actor, AuditEntry, DepartmentDetail, DepartmentsOverview, FillingInfo, PacketOpenReport, Submission, UserInfo } from './collect-types';
import { SchemaError, array, boolean, int, nullable, object, oneOf, optional, record, string, type Infer, type Schema } from './schema';

// ---- argument schemas ------------------------------------------------------------------------

const PATH = string({ max: 4096, min: 1, what: '文件或文件夹路径' });
const ID = int({ min: 1 });
const CODE = string({ max: 64, min: 1, what: '指标编号' });
const DAY_TEXT = string({ pattern: /^\d{4}-\d{2}-\d{2}$/, max: 10, what: '日期（YYYY-MM-DD，须真实存在）' });
/** A day that exists: 2023-02-30 has the shape but is refused. */
const DAY: Schema<string> = {
  expected: DAY_TEXT.expected,
  parse(v, path = '') {
    const s = DAY_TEXT.parse(v, path);
    const [y, m, d] = s.split('-').map(Number);
    const t = new Date(Date.UTC(y, m - 1, d));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) throw new SchemaError(path, DAY_TEXT.expected);
    return s;
  },
};
const DATE = nullable(DAY);
const SHORT = string({ max: 500 });
/** Column letter → role, as the clerk set them in the import preview. */
const COLUMN_ROLE_MAP = record(/^[A-Z]{1,3}$/, oneOf(COLUMN_ROLES), { max: 60 });
const LONG = string({ max: 20000 });

export const CAMPAIGN_NAME_MAX = 50;

const CAMPAIGN = {
  // The cover prints both on one or two lines; longer ones would run over its table.
  name: string({ max: CAMPAIGN_NAME_MAX, min: 1, what: `创建项目名称（不能为空，不超过 ${CAMPAIGN_NAME_MAX} 个字）` }),
  unit: optional(string({ max: CAMPAIGN_NAME_MAX, what: `单位名称（不超过 ${CAMPAIGN_NAME_MAX} 个字）` })),
  fonds: optional(string({ max: 32 })),
  year: optional(nullable(int({ min: 1949, max: 2200 }))),
  windowStart: optional(DATE),
  windowEnd: optional(DATE),
  retention: optional(oneOf(RETENTIONS)),
  orgCode: optional(string({ max: 32 })),
  countSubmitted: optional(boolean),
};

const CAPTION = object(
  Object.fromEntries(Object.keys(CAPTION_LABELS).map((k) => [k, optional(SHORT)])) as Record<keyof Caption, Schema<string | undefined>>,
);

const ITEM_PATCH = object({
  kind: optional(oneOf(ITEM_KINDS)),
  title: optional(string({ max: 500, min: 1, what: '题名（不能为空）' })),
  titleSupplied: optional(boolean),
  date: optional(DATE),
  location: optional(SHORT),
  responsible: optional(SHORT),
  docNumber: optional(SHORT),
  participants: optional(nullable(int({ min: 0, max: 10_000_000 }))),
  description: optional(LONG),
  department: optional(SHORT),
  secrecy: optional(string({ max: 32 })),
  retention: optional(nullable(oneOf(RETENTIONS))),
});

const IDS = array(ID, { min: 1, max: 10_000 });

/** What may be set on many items at once (a selection): the fields that are alike across them. */
const BULK_PATCH = object({
  kind: optional(oneOf(ITEM_KINDS)),
  date: optional(DATE),
  department: optional(SHORT),
  responsible: optional(SHORT),
  secrecy: optional(string({ max: 32 })),
  retention: optional(nullable(oneOf(RETENTIONS))),
});

/** Options of every export: items not counted (创建时段外, 文件无法读取) are left out unless asked for. */
const EXCLUDED = { includeExcluded: optional(boolean) };

/** Options every print-based export shares, so that page numbers agree between them. */
const PRINT = {
  duplex: optional(boolean),
  photosPerPage: optional(oneOf([1, 2] as const)),
};

export const DEPARTMENT = string({ max: 100, min: 1, what: '责任单位名称（不能为空，不超过 100 个字）' });
const PASSWORD = string({ max: 200, min: 8, what: '密码（至少 8 位）' });
const ACCOUNT = string({ max: 50, min: 1, pattern: /^[^\s/\\:]+$/, what: '账号名（不含空格、斜杠、冒号，不超过 50 个字）' });

export const JOB_SPEC = object({
  /**
   * export-packet: 任务包 for `department` (or, without it, one per department into the folder
   * `out`); import-packet: the 回传包 at paths[0] merged; export-return: the 回传包 of an archive
   * in 填报模式; export-reminder: the 催报单 (PDF) of one department or all.
   */
  kind: oneOf(['import', 'export-pdf', 'export-xlsx', 'export-package', 'export-boxes', 'export-packet', 'import-packet', 'export-return', 'export-reminder'] as const),
  department: optional(DEPARTMENT),
  /** export-packet: the deadline set on the department's assignments that have none (YYYY-MM-DD). */
  deadline: optional(DATE),
  /** import: the files and folders to take in. */
  paths: optional(array(PATH, { max: 10_000, min: 1 })),
  /** import: the indicator they were dropped onto; exports: only these indicators (pdf). */
  indicator: optional(CODE),
  /** exports: the file (or folder, for a package) to write. */
  out: optional(PATH),
  /** exports: replace an existing file at out; without it an export over any existing file is refused (EXISTS) so the clerk is asked first. */
  overwrite: optional(boolean),
  ...PRINT,
  webUpload: optional(boolean),
  perIndicator: optional(boolean),
  capacity: optional(int({ min: 1, max: 100_000 })),
  spine: optional(oneOf([20, 30, 40, 50] as const)),
  /** export-boxes: inspection binders by indicator (default) or DA/T 22-2015 archive boxes; export-xlsx: the 件号 its 归档文件目录 carries. */
  arrangement: optional(oneOf(ARRANGEMENTS)),
  ...EXCLUDED,
});
export type JobSpec = Infer<typeof JOB_SPEC>;
export type JobKind = JobSpec['kind'];

/** A job by its name, for the 任务记录, the errors that name a running job, and the audit log. */
export const JOB_LABELS: Record<JobKind, string> = {
  import: '导入材料',
  'export-pdf': '导出台账 PDF',
  'export-xlsx': '导出 Excel 台账',
  'export-package': '导出迎检材料包',
  'export-boxes': '导出档案盒材料',
  'export-packet': '导出任务包',
  'import-packet': '接收回传包',
  'export-return': '生成回传包',
  'export-reminder': '导出催报单',
};

const NONE = object({});


/** A number with a fraction allowed (scores such as 2.5), which int() refuses. */
function decimal(opts: { min: number; max: number; what: string }): Schema<number> {
  return {
    expected: opts.what,
    parse(v, path = '') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < opts.min || v > opts.max) throw new SchemaError(path, opts.what);
      return v;
    },
  };
}

const TARGET = nullable(
  object({
    count: decimal({ min: 0.001, max: 100_000_000, what: '目标数量（大于 0 的数）' }),
    unit: string({ max: 8, min: 1, what: '目标单位（如 次、人次、%）' }),
  }),
);

/** What the clerk may set on an indicator; the code is given apart (add: optional; update: renumber). */
const INDICATOR_FIELDS = {
  title: string({ max: 500, min: 1, what: '指标名称（不能为空，不超过 500 个字）' }),
  requirement: optional(LONG),
  score: optional(nullable(decimal({ min: 0, max: 100_000, what: '分值（0 到 100000 之间的数）' }))),
  basis: optional(LONG),
  department: optional(SHORT),
  /** Omitted: read from the requirement text; null: no target. */
  target: optional(TARGET),
};
/** What the clerk states on an indicator (IndicatorStatement); omitted fields keep their value. */
export const STATEMENT_PATCH = object({
  conclusion: optional(string({ max: 5000, what: '结论性说明（不超过 5000 字）' })),
  selfScore: optional(nullable(decimal({ min: 0, max: 100_000, what: '自评分（0 到分值之间的数）' }))),
  actual: optional(nullable(decimal({ min: 0, max: 100_000_000, what: '实际完成（不小于 0 的数）' }))),
  actualReason: optional(string({ max: 500, what: '实际完成的说明（不超过 500 字）' })),
});
export type StatementPatch = Infer<typeof STATEMENT_PATCH>;

/** 0-based place among the new siblings (the indicator itself not counted); omitted or past the end: last. */
const POSITION = optional(int({ min: 0, max: 100_000 }));

// ---- result types ----------------------------------------------------------------------------

export interface ArchiveInfo {
  dir: string;
  campaign: Campaign;
  /** Where exports go unless the clerk chooses otherwise: a folder beside the archive. */
  exportDir: string;
  /** Why the archive is open read-only (a write-protected stick, a disc, a full disk), or null when it can be edited. */
  readOnly: string | null;
  /** A department's archive opened from a 任务包 (填报模式), or null for the 创建办's own archive. */
  filling: FillingInfo | null;
}

export interface RestoreSummary {
  /** When the snapshot put back was taken (ISO). */
  taken: string;
  items: number;
  /** Originals stored after the snapshot: kept in the archive, no longer listed under an item. */
  unreferenced: { file: string; names: string[] }[];
  /**
   * Originals the snapshot lists that are no longer stored; `purged` is when 彻底删除 removed
   * them on the clerk's word (ISO), null when they are simply gone.
   */
  missing: { file: string; names: string[]; purged: string | null }[];
}

/** An archive opened lately: its folder and its campaign's name when it was last opened ('' if not known yet). */
export interface RecentArchive {
  dir: string;
  name: string;
}

export interface SessionState {
  archive: ArchiveInfo | null;
  /** Newest first. */
  recent: RecentArchive[];
  /** What the door can do beyond the service: the desktop opens files and picks folders; a browser downloads. */
  desktop: boolean;
  version: string;
  /** Who is calling: 本机 (desktop, CLI, one-clerk web mode) or the signed-in LAN account. */
  actor: Actor;
  /** desktop: Electron; web: one clerk on 127.0.0.1 with a token; lan: the office server with accounts. */
  door: 'desktop' | 'web' | 'lan';
}

export interface IndicatorNode extends Indicator {
  status: IndicatorStatus;
  /** Scored itself: no live indicator below it (removed ones are not leaves either). */
  leaf: boolean;
  /** Live items linked here or below. */
  items: number;
  /** Items linked to this very node. */
  ownItems: number;
  actual: number | null;
  /** The self-check's target in words ("每月至少 1 次，共 12 个月") and progress ("10/12 个月", "1/3次"). */
  targetText: string;
  actualText: string;
  /** Problems the self-check found on this node or its items. */
  problems: number;
  /** Which items count and why the others do not (IndicatorCheck.countText). */
  countText: string;
  /** The clerk's 结论性说明, 自评分, 实际完成 (lowest levels). */
  statement: IndicatorStatement;
}

export interface IndicatorTree {
  nodes: IndicatorNode[];
  departments: string[];
  inbox: number;
  trash: number;
}

/** An item as a row of the list: enough to show and sort 10,000 of them without the file details. */
export interface ItemSummary {
  id: number;
  kind: ItemKind;
  title: string;
  titleSupplied: boolean;
  date: string | null;
  department: string;
  participants: number | null;
  indicators: string[];
  files: number;
  photos: number;
  /** Thumbnail of the first photo, relative to the archive (for fileUrl). */
  thumb: string | null;
  /** Files the app cannot read. */
  warnings: number;
  deletedAt: string | null;
  /** items.list with suggest: the indicators its text matches best (inbox items), else absent. */
  filing?: FilingSuggestion[];
  /** items.list with suggest: a file of the item still waits for 文字识别 (its suggestions may change). */
  reading?: boolean;
  /** Who submitted it and its review; null for the 创建办's own items. */
  submission: Submission | null;
}

export interface SearchResult {
  item: ItemSummary;
  field: 'item' | 'caption' | 'text';
  snippet: string;
}

export interface Dashboard {
  byTopIndicator: { code: string; title: string; met: number; unverified: number; below: number; missing: number }[];
  byDepartment: { department: string; met: number; unverified: number; below: number; missing: number }[];
  /** Items per month (YYYY-MM), by item date; undated items are counted in `undated`. */
  byMonth: { month: string; items: number }[];
  undated: number;
  summary: CheckReport['summary'];
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';
export interface JobInfo {
  id: string;
  kind: JobKind;
  state: JobState;
  /** What an import was given (files and folders); empty for exports. */
  inputs: string[];
  progress: Progress | null;
  /** What the job wrote, when it wrote a file or folder. */
  output: string | null;
  /** Short Chinese summary of the result, e.g. 已导出 134 页。 */
  summary: string | null;
  warnings: string[];
  error: { code: ErrorCode; message: string } | null;
  /** The service's own result, JSON. */
  result: unknown;
}

/** What an action on a selection of items answers. */
export interface ItemsActionResult {
  /** The items the action changed (created, merged into, moved to), in the order given. */
  ids: number[];
  /** The item to show after it: the merged item, the new item of a split, the target of a move. */
  item: Item | null;
  /** One line for the clerk: 已将 300 件材料归到“1.2 召开工作推进会”。 */
  message: string;
  /** What 撤销 would revert next, or null when nothing in this session is left to undo. */
  undo: string | null;
}

/** What 彻底删除 removed: rows, and the stored originals (and thumbnails) nothing else referred to. */
export interface TrashPurgeResult {
  items: number;
  files: number;
  /** Stored originals deleted from disk, and their bytes. */
  originals: number;
  bytes: number;
  message: string;
}

/** What an edit of the indicator tree answers: the tree to redraw, what to select, what to say. */
export interface IndicatorEditResult {
  tree: IndicatorTree;
  /** The indicator the edit was about, under its code after the edit; null after a delete. */
  code: string | null;
  /** One line for the clerk: 已新增指标“3.1 宣传阵地”。 */
  message: string;
  /** What 撤销 would revert next (修改指标“1.2 召开工作推进会”), or null when nothing in this session is left to undo. */
  undo: string | null;
}

/** One row of the archive's change log, newest first. */
export interface ChangeLogEntry {
  id: number;
  /** ISO time. */
  at: string;
  /** Who: 创建台账 (the app), taizhang CLI … */
  actor: string;
  /** indicator.add, indicator.update, indicator.move, indicator.delete, indicator.undo, indicator.import */
  action: string;
  /** The indicator's code (the file's name for an import). */
  subject: string;
  /** One line for the clerk. */
  summary: string;
  /** before/after as JSON. */
  detail: Record<string, unknown>;
}

export interface IndicatorImportReport {
  table: IndicatorTableReport;
  merge: IndicatorMergeReport;
}

/** What a desktop menu asks of the interface when the main process cannot do it alone (a form is needed). */
export type MenuAction = 'archive.create';

export type ApiEvent =
  | { type: 'job'; job: JobInfo }
  | { type: 'changed'; what: 'archive' | 'items' | 'indicators' | 'departments' }
  | { type: 'menu'; action: MenuAction }
  | { type: 'text'; progress: TextProgress };

// ---- the methods ------------------------------------------------------------------------------

interface Method<A, R> {
  args: Schema<A>;
  /** Never used at run time: carries the result type. */
  result?: R;
}
const m = <R>() => <A>(args: Schema<A>): Method<A, R> => ({ args });

export const API = {
  'session.state': m<SessionState>()(NONE),
  'archive.open': m<SessionState>()(object({ dir: PATH })),
  'archive.create': m<SessionState>()(object({ dir: PATH, campaign: object(CAMPAIGN) })),
  'archive.close': m<SessionState>()(NONE),
  /** Rolls a damaged archive's database back to its newest snapshot, then opens it. */
  'archive.restore': m<SessionState & { restored: RestoreSummary }>()(object({ dir: PATH })),
  /** A department opens its 任务包: a new archive in the empty folder dir, in 填报模式, then opened. */
  'archive.openPacket': m<SessionState & { packet: PacketOpenReport }>()(object({ file: PATH, dir: PATH })),
  'campaign.update': m<Campaign>()(object({ ...CAMPAIGN, name: optional(CAMPAIGN.name) })),

  'indicators.tree': m<IndicatorTree>()(NONE),
  'indicators.add': m<IndicatorEditResult>()(object({ parent: optional(nullable(CODE)), position: POSITION, code: optional(CODE), ...INDICATOR_FIELDS })),
  'indicators.update': m<IndicatorEditResult>()(
    object({ code: CODE, patch: object({ ...INDICATOR_FIELDS, title: optional(INDICATOR_FIELDS.title), code: optional(CODE) }) }),
  ),
  /** parent null: to the first level. */
  'indicators.move': m<IndicatorEditResult>()(object({ code: CODE, parent: nullable(CODE), position: POSITION })),
  /** Refused while evidence is linked to the indicator or below it. */
  'indicators.delete': m<IndicatorEditResult>()(object({ code: CODE })),
  /** Reverts the last edit of this session (the stack is cleared when the archive is closed). */
  'indicators.undo': m<IndicatorEditResult>()(NONE),
  /**
   * The clerk's statement on a lowest-level indicator; fields left out keep their value, null
   * clears 自评分 or 实际完成. Refused on upper levels and for a 自评分 above the 分值.
   */
  'indicators.state': m<IndicatorEditResult>()(object({ code: CODE, statement: STATEMENT_PATCH })),
  'indicators.log': m<ChangeLogEntry[]>()(object({ limit: optional(int({ min: 1, max: 1000 })) })),
  /** What importing the file would give, with each column's role (`columns` overrides them, by letter); writes nothing. */
  'indicators.preview': m<IndicatorPreview>()(object({ file: PATH, sheet: optional(SHORT), columns: optional(COLUMN_ROLE_MAP) })),
  'indicators.import': m<IndicatorImportReport>()(object({ file: PATH, sheet: optional(SHORT), columns: optional(COLUMN_ROLE_MAP) })),

  'items.list': m<ItemSummary[]>()(
    object({
      indicator: optional(CODE),
      inbox: optional(boolean),
      trash: optional(boolean),
      suggest: optional(boolean),
      /** Only items this department submitted. */
      department: optional(DEPARTMENT),
      /** Only submitted items in this review state (pending: the 审核 queue). */
      review: optional(oneOf(REVIEW_STATES)),
    }),
  ),
  'items.get': m<Item>()(object({ id: ID })),
  'items.update': m<Item>()(object({ id: ID, patch: ITEM_PATCH })),
  'items.caption': m<StoredFile>()(object({ fileId: ID, caption: CAPTION })),
  'items.link': m<Item>()(object({ id: ID, indicator: CODE })),
  'items.unlink': m<Item>()(object({ id: ID, indicator: CODE })),
  'items.trash': m<{ ids: number[] }>()(object({ ids: array(ID, { min: 1, max: 10_000 }) })),
  'items.restore': m<{ ids: number[] }>()(object({ ids: array(ID, { min: 1, max: 10_000 }) })),
  'items.search': m<SearchResult[]>()(object({ query: string({ max: 200 }) })),
  /** What the item's text suggests (日期, 文号, 责任者, 题名, 参与人数) and where to file it. */
  'items.suggestions': m<ItemSuggestions>()(object({ id: ID })),
  /**
   * 接受建议 for a selection: each item's suggested fields written where the item's field is
   * empty (what the clerk typed is kept), or only these fields; one action, one undo.
   */
  'items.acceptSuggestions': m<ItemsActionResult & { filled: number; kept: number }>()(
    object({ ids: IDS, fields: optional(array(oneOf(SUGGESTION_FIELDS), { min: 1, max: SUGGESTION_FIELDS.length })) }),
  ),
  /** The text read from a stored file, page by page (PDF text layer or OCR), with line boxes. */
  'files.text': m<PageText[]>()(object({ fileId: ID })),
  /** The background reader (文字识别): where it stands. */
  'text.status': m<TextProgress>()(NONE),
  /** Starts or resumes reading what waits; force: read every document again. */
  'text.start': m<TextProgress>()(object({ force: optional(boolean) })),
  /** Pauses reading (resumed by text.start, or when the archive is opened again). */
  'text.pause': m<TextProgress>()(NONE),
  // ---- a selection of items: one action, one entry in the change log, one undo (items.undo)
  /** 归到指标: the items' links replaced by this one indicator. */
  'items.move': m<ItemsActionResult>()(object({ ids: IDS, to: CODE })),
  /** 链接到指标: a link added, the others kept. */
  'items.linkMany': m<ItemsActionResult>()(object({ ids: IDS, indicator: CODE })),
  /** 移出指标: the link to this indicator removed (items left with no link go to 未归类). */
  'items.unlinkMany': m<ItemsActionResult>()(object({ ids: IDS, indicator: CODE })),
  /** The same fields set on every item of the selection. */
  'items.updateMany': m<ItemsActionResult>()(object({ ids: IDS, patch: BULK_PATCH })),
  /** Merged into the first: files in the order given, metadata of the first, links united; the others trashed. */
  'items.merge': m<ItemsActionResult>()(object({ ids: array(ID, { min: 2, max: 1000 }) })),
  /** These files out of the item into a new item (same links and metadata, title given or the old one). */
  'items.split': m<ItemsActionResult>()(object({ id: ID, fileIds: IDS, title: optional(string({ max: 500, min: 1 })) })),
  /** Reverts the last item action of this session (the stack is cleared when the archive is closed). */
  'items.undo': m<ItemsActionResult>()(NONE),
  /** Files moved to another item, appended in the order given. */
  'files.move': m<ItemsActionResult>()(object({ fileIds: IDS, to: ID })),
  /** Files taken out of their items; the stored originals stay until 彻底删除 finds them unreferenced. */
  'files.remove': m<ItemsActionResult>()(object({ fileIds: IDS })),
  /** An item's files in this order (every file of the item, each once). */
  'files.reorder': m<Item>()(object({ id: ID, fileIds: IDS })),
  /**
   * Captions for many photos at once: the fields given are written where the photo's is empty,
   * or everywhere with overwrite; timeFromExif fills 时间 from the photo's EXIF time.
   */
  'files.captionMany': m<ItemsActionResult & { filled: number; kept: number }>()(
    object({ fileIds: IDS, caption: CAPTION, overwrite: optional(boolean), timeFromExif: optional(boolean) }),
  ),
  /**
   * 回收站: 彻底删除 — ids: those items, else everything in the trash; dryRun: the exact figures
   * of what would go (for the confirmation), nothing deleted.
   */
  'trash.purge': m<TrashPurgeResult>()(object({ ids: optional(IDS), dryRun: optional(boolean) })),
  /**
   * A photo used in several items (reused_photo): keep this copy, remove the others from their
   * items (the stored originals stay). Answers the items changed.
   */
  'files.keepOnly': m<{ kept: Item; removed: { item: number; file: number; name: string }[]; emptied: { item: number; title: string }[]; message: string }>()(object({ fileId: ID })),
  'files.update': m<Item>()(object({ fileId: ID, role: optional(oneOf(FILE_ROLES)), position: optional(int({ min: 0, max: 10_000 })) })),
  /** Files added to an existing item, after its files (a phone's photos on the LAN); the same bytes twice are kept once. */
  'files.add': m<Item & { added: number; already: number }>()(object({ id: ID, paths: array(PATH, { min: 1, max: 1000 }) })),

  /** fresh (default true): check again now; false: the report kept since the last change. */
  'check.run': m<CheckReport>()(object({ fresh: optional(boolean) })),
  /** One indicator's verdict from the kept report: which items count and why the others do not. */
  'check.indicator': m<IndicatorCheck>()(object({ code: CODE })),
  'dashboard.get': m<Dashboard>()(NONE),

  // ---- collecting from the departments (责任单位)
  /** Departments (from the indicators' 责任单位 and those the clerk added) with their assignments' states; the 催报 overview. */
  'departments.list': m<DepartmentsOverview>()(NONE),
  'departments.get': m<DepartmentDetail>()(object({ name: DEPARTMENT })),
  /** A department no indicator names yet (its indicators are then given with assignments.set). */
  'departments.add': m<DepartmentDetail>()(object({ name: DEPARTMENT, contact: optional(SHORT), phone: optional(string({ max: 40 })), note: optional(LONG) })),
  /** Contact, phone, note; a new name is written into the indicators' 责任单位 and the items it submitted. */
  'departments.update': m<DepartmentDetail>()(
    object({ name: DEPARTMENT, patch: object({ name: optional(DEPARTMENT), contact: optional(SHORT), phone: optional(string({ max: 40 })), note: optional(LONG) }) }),
  ),
  /**
   * Deadline and note of a department's assignments (these codes, or all of its assignments);
   * assigned true adds indicators its 责任单位 does not name, false takes such added ones away.
   */
  'assignments.set': m<DepartmentDetail>()(
    object({
      department: DEPARTMENT,
      codes: optional(array(CODE, { min: 1, max: 10_000 })),
      deadline: optional(DATE),
      note: optional(LONG),
      assigned: optional(boolean),
    }),
  ),
  /** 退回 a whole assignment (nothing usable, or the 结论性说明 wanting), with the reason the department reads. */
  'assignments.return': m<DepartmentDetail>()(object({ department: DEPARTMENT, code: CODE, reason: string({ max: 500, min: 1, what: '退回原因（不能为空）' }) })),
  /** 审核: accept, return (with the reason the department reads) or back to 待审核; one action, one undo. */
  'items.review': m<ItemsActionResult>()(
    object({ ids: IDS, decision: oneOf(['accept', 'return', 'pending'] as const), reason: optional(string({ max: 500, what: '退回原因（不超过 500 字）' })) }),
  ),
  /** Earlier versions of an item, replaced by corrected submissions (newest first). */
  'items.versions': m<{ version: number; replacedAt: string; item: Item }[]>()(object({ id: ID })),
  /** The audit log (every write: who, when, what), newest first. */
  'audit.list': m<AuditEntry[]>()(object({ limit: optional(int({ min: 1, max: 5000 })), user: optional(ACCOUNT) })),
  /** Accounts of the LAN server (创建办 only). */
  'users.list': m<UserInfo[]>()(NONE),
  'users.add': m<UserInfo>()(object({ name: ACCOUNT, role: oneOf(ROLES), department: optional(DEPARTMENT), password: PASSWORD })),
  'users.update': m<UserInfo>()(object({ name: ACCOUNT, password: optional(PASSWORD), disabled: optional(boolean) })),

  'jobs.start': m<JobInfo>()(JOB_SPEC),
  'jobs.cancel': m<JobInfo>()(object({ id: string({ max: 64 }) })),
  'jobs.list': m<JobInfo[]>()(NONE),

  /** Desktop only: hand a stored file, or a job's output, to the system. */
  'desktop.openFile': m<null>()(object({ fileId: ID })),
  'desktop.showFile': m<null>()(object({ fileId: ID })),
  'desktop.openOutput': m<null>()(object({ jobId: string({ max: 64 }), reveal: optional(boolean) })),
  'desktop.pickFolder': m<string | null>()(object({ purpose: oneOf(['open', 'create', 'export', 'evidence'] as const) })),
  'desktop.pickFiles': m<string[]>()(object({ purpose: oneOf(['indicators', 'evidence'] as const) })),
} as const;

export type ApiMethod = keyof typeof API;
export type ArgsOf<M extends ApiMethod> = (typeof API)[M] extends Method<infer A, unknown> ? A : never;
export type ResultOf<M extends ApiMethod> = (typeof API)[M] extends Method<unknown, infer R> ? R : never;

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(API, name);
}

/** What the preload exposes as window.taizhang, and what the web client implements over HTTP. */
export interface Bridge {
  call<M extends ApiMethod>(method: M, args: ArgsOf<M>): Promise<Result<ResultOf<M>>>;
  /** Returns a function that stops listening. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** URL of a stored file or thumbnail (a path relative to the archive, as the API returns them). */
  fileUrl(rel: string): string;
  /**
   * Desktop: the real paths of dropped files. Web mode: uploads them (keeping the folder structure
   * given by relativePaths) and returns where they landed on the server's disk.
   */
  dropPaths(files: readonly DroppedFile[], relativePaths?: readonly string[]): Promise<string[]>;
  /** Web mode: the URL that downloads a job's output; desktop: null (use desktop.openOutput). */
  downloadUrl(jobId: string): string | null;
}

/** A browser File, as far as the contract needs it (shared/ has no DOM types). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/** The file an export writes unless the clerk names another, in the archive's export folder. */
export const EXPORT_FILE_NAMES: Record<Exclude<JobKind, 'import' | 'import-packet'>, string> = {
  'export-pdf': '迎检材料台账.pdf',
  'export-xlsx': '台账目录.xlsx',
  'export-package': '迎检材料包.zip',
  'export-boxes': '档案盒.pdf',
  // Without a department: the folder that takes one 任务包-<责任单位>.zip each.
  'export-packet': '任务包',
  'export-return': '回传包.zip',
  'export-reminder': '催报单.pdf',
};

/** The 任务包 of one department, as its file is named unless the clerk names another. */
export const packetFileName = (department: string): string => `任务包-${department.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')}.zip`;

export const FILE_SCHEME = 'taizhang-file';
