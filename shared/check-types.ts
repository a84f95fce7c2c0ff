import type { IndicatorStatus, Target } from './domain';

export interface IndicatorCheck {
  code: string;
  title: string;
  level: number;
  status: IndicatorStatus;
  /** Live items linked to this indicator or any indicator below it. */
  items: number;
  target: Target | null;
  /** Item count, or participants summed for 人/人次 targets; null when it cannot be counted (份, %). */
  actual: number | null;
}

export const PROBLEM_KINDS = [
  'no_evidence',
  'below_target',
  'outside_window',
  'no_date',
  'caption_missing',
  'low_resolution',
  'unreadable',
  'inbox',
  'removed_indicator',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export const PROBLEM_LABELS: Record<ProblemKind, string> = {
  no_evidence: '指标无佐证材料',
  below_target: '未达到数量要求',
  outside_window: '材料日期不在创建时段内',
  no_date: '材料缺少日期',
  caption_missing: '照片说明不完整',
  low_resolution: '照片分辨率偏低',
  unreadable: '文件无法读取',
  inbox: '材料未归类',
  removed_indicator: '材料挂在已删除的指标下',
};

export interface Problem {
  kind: ProblemKind;
  message: string;
  /** Item id, when the problem is an item's. */
  item: number | null;
  /** File id, when the problem is one file's. */
  file: number | null;
  /** Indicator code, when the problem is an indicator's. */
  indicator: string | null;
}

export interface CheckReport {
  indicators: IndicatorCheck[];
  problems: Problem[];
  summary: { indicators: number; met: number; below: number; missing: number; items: number; problems: number };
}
