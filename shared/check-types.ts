import type { IndicatorStatus, Target } from './domain';

export interface IndicatorCheck {
  code: string;
  title: string;
  level: number;
  /** Scored itself (no live indicator below it); upper levels only sum their leaves. */
  leaf: boolean;
  status: IndicatorStatus;
  /** Live items linked to this indicator or any indicator below it. */
  items: number;
  /** The target applied: the stored one, read in full from the requirement (cadence, 每次…人). */
  target: Target | null;
  /**
   * Counted within the campaign window: occasions (meetings, trainings, activities) for 次/场,
   * items for 所/个, participants summed for 人/人次; null when it cannot be counted (份, %, or no
   * participant numbers entered).
   */
  actual: number | null;
  /** The target in words (describeTarget): "每月至少 1 次，共 12 个月"; empty without a target. */
  targetText: string;
  /**
   * The actual as every view prints it — tree badge, 提交表, ledger: "1/3次", "10/12 个月",
   * "12/12次，1 次不足 50人", "需核对"; empty without a target.
   */
  actualText: string;
  /** 责任单位 split into departments (departmentsOf). */
  departments: string[];
}

export const PROBLEM_KINDS = [
  'no_evidence',
  'below_target',
  'unverified_target',
  'upper_level',
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
  unverified_target: '数量需人工核对',
  upper_level: '材料挂在上级指标下',
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
  summary: { indicators: number; met: number; unverified: number; below: number; missing: number; items: number; problems: number };
}
