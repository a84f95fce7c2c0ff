// The domain words of DESIGN.md as types. Plain data only: this module is read by main,
// renderer and CLI alike, so it imports nothing.

export const ITEM_KINDS = ['meeting', 'activity', 'training', 'document', 'plan', 'report', 'photos', 'other'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_KIND_LABELS: Record<ItemKind, string> = {
  meeting: '会议',
  activity: '活动',
  training: '培训',
  document: '文件',
  plan: '方案',
  report: '总结/报告',
  photos: '照片',
  other: '其他',
};

export const FILE_ROLES = ['body', 'notice', 'signin', 'minutes', 'photo', 'attachment'] as const;
export type FileRole = (typeof FILE_ROLES)[number];
export const FILE_ROLE_LABELS: Record<FileRole, string> = {
  body: '正文',
  notice: '通知',
  signin: '签到表',
  minutes: '会议记录',
  photo: '照片',
  attachment: '附件',
};

/** DA/T 22 保管期限 codes. */
export const RETENTIONS = ['Y', 'D30', 'D10'] as const;
export type Retention = (typeof RETENTIONS)[number];
export const RETENTION_LABELS: Record<Retention, string> = { Y: '永久', D30: '定期30年', D10: '定期10年' };

export interface Campaign {
  name: string;
  unit: string;
  /** 全宗号 */
  fonds: string;
  year: number | null;
  /** ISO dates (YYYY-MM-DD), inclusive; material outside does not count. */
  windowStart: string | null;
  windowEnd: string | null;
  retention: Retention;
  /** 机构（问题）代码 used in the 档号. */
  orgCode: string;
  /**
   * What counts of the departments' submissions: false (default) only items the 创建办 accepted
   * (已通过); true everything submitted and not returned (待审核 too).
   */
  countSubmitted?: boolean;
  /** office: the 创建办's archive; department: a department's, opened from a 任务包 (填报模式). Default office. */
  mode?: 'office' | 'department';
}

/** A period of a cadence target: every one of them in the campaign window must hold its share. */
export type TargetPeriod = 'month' | 'quarter' | 'half' | 'year';

/**
 * A quantitative target parsed from a requirement, e.g. "全年不少于10次" → {count: 10, unit: '次'}.
 * The optional fields say how inspectors read it; a target without them (every target stored
 * before they existed) is a plain total, as it always was.
 */
export interface Target {
  /** The total over a year: for a cadence, its share per period times the periods of a year. */
  count: number;
  unit: string;
  /**
   * count (default): counted from the evidence; staffing: people on the staff, which attendance
   * cannot prove (待核对 until the clerk confirms); rate: a percentage the clerk enters.
   */
  kind?: 'count' | 'staffing' | 'rate';
  /** "每月不少于1次": every period of the window must hold `count` (per period), not a total. */
  cadence?: { period: TargetPeriod; count: number };
  /** "每次参加人数不少于50人": each counted occasion must have at least this many participants. */
  perOccasion?: { count: number; unit: string };
}

export interface Indicator {
  id: number;
  parentId: number | null;
  code: string;
  title: string;
  requirement: string;
  score: number | null;
  basis: string;
  department: string;
  target: Target | null;
  level: number;
  position: number;
  /** Dropped from the indicator system by a re-import but kept because evidence is linked to it. */
  removed: boolean;
}

/** 照片说明: the six caption fields of one photo. */
export interface Caption {
  title: string;
  time: string;
  place: string;
  people: string;
  subject: string;
  photographer: string;
}
export const CAPTION_LABELS: Record<keyof Caption, string> = {
  title: '题名',
  time: '时间',
  place: '地点',
  people: '人物',
  subject: '背景/事由',
  photographer: '摄影者',
};
export const EMPTY_CAPTION: Caption = { title: '', time: '', place: '', people: '', subject: '', photographer: '' };

/** What the content of a stored file turned out to be (sniffed, not taken from the extension). */
export const FILE_TYPES = [
  'jpeg', 'png', 'gif', 'bmp', 'tiff', 'webp', 'heic', 'pdf', 'docx', 'xlsx', 'pptx', 'zip',
  'ole', 'wps', 'et', 'doc', 'xls', 'ppt', 'video', 'audio', 'text', 'unknown',
] as const;
export type FileType = (typeof FILE_TYPES)[number];

/** Still images: a camera's photos and scans, whatever the format. */
export const IMAGE_TYPES: ReadonlySet<FileType> = new Set<FileType>(['jpeg', 'png', 'gif', 'bmp', 'tiff', 'webp', 'heic']);

/** A photo in the sense of the dossier and the self-check: an image filed in the 照片 role, with a caption. */
export function isCaptionedPhoto(f: { type: FileType; role: FileRole }): boolean {
  return f.role === 'photo' && IMAGE_TYPES.has(f.type);
}

/** What probing a file's content found; a property of the bytes, whatever the file is called. */
export interface FileFacts {
  type: FileType;
  mime: string;
  pages: number | null;
  /** As displayed, i.e. after EXIF orientation. */
  width: number | null;
  height: number | null;
  orientation: number | null;
  /** EXIF DateTimeOriginal as the wall-clock time written in the file: "YYYY-MM-DD HH:MM:SS". */
  exifTime: string | null;
  encrypted: boolean;
  /** Why the app cannot read or render this file, in Chinese; null when it can. */
  warning: string | null;
  /** Text for full-text search (DOCX, plain text). */
  text: string | null;
}

export interface StoredFile extends Omit<FileFacts, 'mime' | 'text'> {
  id: number;
  itemId: number;
  name: string;
  sha256: string;
  size: number;
  role: FileRole;
  position: number;
  caption: Caption;
  /** Path relative to the archive folder, e.g. files/ab/ab12… */
  storePath: string;
  thumbPath: string | null;
}

export interface Item {
  id: number;
  kind: ItemKind;
  title: string;
  /** The title was written by the clerk (from a folder name), not taken from a document: [题名]. */
  titleSupplied: boolean;
  /** ISO date YYYY-MM-DD or null when unknown. */
  date: string | null;
  location: string;
  /** 责任者 */
  responsible: string;
  /** 文号 */
  docNumber: string;
  participants: number | null;
  description: string;
  department: string;
  /** 密级 */
  secrecy: string;
  retention: Retention | null;
  /** Where the evidence came from on the clerk's disk, for reports only. */
  source: string;
  createdAt: string;
  deletedAt: string | null;
  /** Codes of linked indicators, in link order. Empty: the item is in the inbox (未归类). */
  indicators: string[];
  files: StoredFile[];
  /** Stays the same in every archive the item travels to (a packet out and back). */
  uid: string;
  /** Who submitted it and what the 创建办 decided; null for the 创建办's own items. */
  submission: Submission | null;
}

/**
 * What the clerk states for a lowest-level indicator, printed in its 测评材料提交表 and the ledger:
 * the 结论性说明, the 自评分 (0..分值), and optionally the 实际完成 figure that overrides the count
 * made from the files, with the reason ("另有 3 次在乡镇台账中").
 */
export interface IndicatorStatement {
  conclusion: string;
  selfScore: number | null;
  /** 实际完成: replaces the computed count (in the target's unit) when set. */
  actual: number | null;
  actualReason: string;
  /** ISO time of the last change; '' when never stated. */
  updatedAt: string;
}
export const EMPTY_STATEMENT: IndicatorStatement = { conclusion: '', selfScore: null, actual: null, actualReason: '', updatedAt: '' };

/**
 * Why an item does not count toward any target. unusable: no file the app can read and print (WPS,
 * an encrypted PDF, a corrupt photo, a spreadsheet or a video: only placeholder pages in the dossier); outside_window: dated outside the campaign window; no_date:
 * undated, so its place in the window is unknown. The first two also keep it out of the dossier
 * and the package unless an export asks for them.
 */
export type Exclusion = 'unusable' | 'outside_window' | 'no_date' | 'unreviewed' | 'returned';
export const EXCLUSION_LABELS: Record<Exclusion, string> = {
  unusable: '文件无法读取或打印',
  outside_window: '创建时段外',
  no_date: '没有日期',
  unreviewed: '责任单位提交、尚未审核',
  returned: '已退回责任单位修改',
};
/** Exclusions that keep an item out of the dossier and the package by default. */
export const LEFT_OUT_OF_EXPORTS: ReadonlySet<Exclusion> = new Set<Exclusion>(['unusable', 'outside_window', 'unreviewed', 'returned']);

/**
 * unverified: evidence is there but the target cannot be counted from it (份, %, staff numbers):
 * the clerk must check it and say so in the 结论性说明 — not 已达标 until someone has.
 */
export type IndicatorStatus = 'missing' | 'below' | 'unverified' | 'met';
export const STATUS_LABELS: Record<IndicatorStatus, string> = { missing: '缺材料', below: '未达标', unverified: '待核对', met: '已达标' };

/** What the 创建办 decided on an item a department submitted. */
export const REVIEW_STATES = ['pending', 'accepted', 'returned'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
export const REVIEW_LABELS: Record<ReviewState, string> = { pending: '待审核', accepted: '已通过', returned: '退回' };

/** Who submitted an item and what became of it; null on the 创建办's own items. */
export interface Submission {
  department: string;
  /** When the 创建办 received it (ISO). */
  at: string;
  /** 1 for the first submission, +1 for each corrected one that replaced it. */
  version: number;
  review: ReviewState;
  /** Why it was returned (退回), '' otherwise. */
  reason: string;
  reviewedAt: string | null;
  /** The account (or 本机) that decided. */
  reviewedBy: string;
}
