import type { Target } from './domain';

/** One indicator as read from a table or template, before it is stored. Flat, in tree order. */
export interface IndicatorDraft {
  /** Hierarchical code: the table's own (e.g. Ⅱ-1, A1) when it has one, else by position (1, 1.2, 1.2.3). */
  code: string;
  title: string;
  requirement: string;
  score: number | null;
  basis: string;
  department: string;
  target: Target | null;
  /** 1 for top level. */
  level: number;
  parentCode: string | null;
}

/** What an import understood of a table; shown to the clerk before anything else. */
export interface IndicatorTableReport {
  sheet: string;
  /** 1-based row number of the header row. */
  headerRow: number;
  /** Header text → what we took it for ('level1', 'requirement', 'score', …). */
  columns: Record<string, string>;
  levels: number;
  rows: number;
  indicators: number;
  skipped: { row: number; reason: string; text: string }[];
  /** Per level: sum of scores on that level, and whether each parent's score equals its children's sum. */
  scoreSums: { level: number; sum: number; consistent: boolean; mismatches: string[] }[];
}

export interface ParsedIndicatorTable {
  indicators: IndicatorDraft[];
  report: IndicatorTableReport;
}

/** Our own template format: nested JSON, documented in the README. */
export interface IndicatorTemplate {
  format: 'taizhang-indicators';
  version: 1;
  name: string;
  source?: string;
  indicators: TemplateIndicator[];
}

export interface TemplateIndicator {
  code?: string;
  title: string;
  requirement?: string;
  score?: number | null;
  basis?: string;
  department?: string;
  target?: Target | null;
  children?: TemplateIndicator[];
}

/** What storing a set of drafts did to the archive's indicator tree. */
export interface IndicatorMergeReport {
  added: number;
  updated: number;
  unchanged: number;
  /** Matched by code but retitled: the evidence linked to it now counts for the new title. */
  renamed: { code: string; from: string; to: string }[];
  /** Removed from the table but kept: evidence is linked to them. */
  keptWithEvidence: { code: string; title: string; items: number }[];
  deleted: number;
  deletedIndicators: { code: string; title: string }[];
}

/** What a column of an indicator table is used for; the clerk can set each one in the preview. */
export const COLUMN_ROLES = ['level1', 'level2', 'level3', 'level4', 'requirement', 'score', 'basis', 'department', 'code', 'ignored'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

export const COLUMN_ROLE_LABELS: Record<ColumnRole, string> = {
  level1: '一级指标',
  level2: '二级指标',
  level3: '三级指标',
  level4: '四级指标',
  requirement: '要求',
  score: '分值',
  basis: '方法/依据',
  department: '责任单位',
  code: '编号',
  ignored: '忽略',
};

/** What reading an indicator file would give, before anything is written: the import dialog and --dry-run. */
export interface IndicatorPreview {
  file: string;
  format: 'xlsx' | 'xls' | 'csv' | 'docx' | 'json';
  sheets: string[];
  sheet: string;
  headerRow: number;
  columns: { index: number; letter: string; header: string; role: ColumnRole; why: string; unsure: boolean }[];
  /** The sheet rows from the header down, at most 500; cells of a merged area after its first are ''. */
  rows: { row: number; cells: string[]; skipped?: string }[];
  indicators: IndicatorDraft[];
  report: IndicatorTableReport;
  /** Sentences naming the columns whose role the table did not decide. */
  unsure: string[];
}

const LEVEL_NAMES = ['一', '二', '三', '四', '五'];
const REPORT_ROLES: Record<string, string> = {
  requirement: '评分标准（要求）',
  basis: '考核依据',
  department: '责任单位',
  score: '分值',
  code: '编号',
  ignored: '未使用',
};

/** What the importer took a column for, in the clerk's words: level2+requirement → 二级指标（兼作要求）. */
export function columnRoleLabel(role: string): string {
  const level = /^level(\d)(\+requirement)?$/.exec(role);
  if (level) return `${LEVEL_NAMES[+level[1] - 1] ?? level[1]}级指标${level[2] ? '（兼作要求）' : ''}`;
  return REPORT_ROLES[role] ?? role;
}
