import { decimalText } from './names';
import type { Exclusion, IndicatorStatement, IndicatorStatus, Target } from './domain';

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
  /** The count made from the files, before the clerk's 实际完成 replaces it (equal to actual when not stated). */
  computed: number | null;
  /**
   * Which items count and why the others do not (the files only; a stated 实际完成 is said apart,
   * statedActualText), in one line: "5 件中 2 件计入：2 件文件无法读取，
   * 1 件为方案、总结等文件（不是活动记录）"; "同日的 3 件材料计为 1 次" when parts of one occasion were
   * filed apart. Empty when every item counts.
   */
  countText: string;
  /** Items that count toward the target (ids), in the order they were filed. */
  counted: number[];
  /** Items that do not count here, each with its reason in the clerk's words ("创建时段外"). */
  notCounted: { item: number; reason: string; exclusion: Exclusion | 'not_occasion' }[];
  /** The clerk's 结论性说明, 自评分 and 实际完成 (empty for upper levels). */
  statement: IndicatorStatement;
}


/**
 * The 实际完成 the clerk stated, as the 提交表, the ledger, the CLI and the tree's tooltip print it:
 * "实际完成 14次（填报：另有 3 次在乡镇台账中；按材料计 8次）"; '' when none was stated.
 */
export function statedActualText(s: IndicatorStatement, unit: string, computed?: number | null): string {
  if (s.actual == null) return '';
  const counted = computed != null ? `；按材料计 ${decimalText(computed)}${unit}` : '';
  return `实际完成 ${decimalText(s.actual)}${unit}（填报${s.actualReason ? `：${s.actualReason}` : ''}${counted}）`;
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
  'unusable_item',
  'reused_photo',
  'no_conclusion',
  'archive_fields',
  'unreviewed',
  'returned',
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
  unusable_item: '材料没有可读的文件',
  reused_photo: '同一照片用于多件材料',
  no_conclusion: '缺少结论性说明',
  archive_fields: '归档信息不全',
  unreviewed: '责任单位材料待审核',
  returned: '材料已退回修改',
};

/** One copy of a photo used in several items: keeping it in one item drops the others (files.keepOnly). */
export interface ReusedCopy {
  item: number;
  file: number;
  /** 《推进会》（2023年3月8日）中的“IMG_0012.jpg” */
  label: string;
  width: number | null;
  height: number | null;
  /** The camera's time is in the file (a forwarded WeChat copy has lost it). */
  camera: boolean;
  /** The copy to keep, all else equal: the most pixels, with the camera's time. */
  original: boolean;
  /** The only file of its item: removing it leaves the item empty (it no longer counts). */
  alone: boolean;
}

export interface Problem {
  kind: ProblemKind;
  message: string;
  /** Item id, when the problem is an item's. */
  item: number | null;
  /** File id, when the problem is one file's. */
  file: number | null;
  /** Indicator code, when the problem is an indicator's. */
  indicator: string | null;
  /** reused_photo: every copy, so the clerk can choose the item that keeps it. */
  copies?: ReusedCopy[];
}

export interface CheckReport {
  indicators: IndicatorCheck[];
  problems: Problem[];
  summary: { indicators: number; met: number; unverified: number; below: number; missing: number; items: number; problems: number };
}
