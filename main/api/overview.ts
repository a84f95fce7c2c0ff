// What the tree and the dashboard show: the self-check's verdict per indicator, with counts.
import { sql } from '../archive/db';
import { listIndicators } from '../archive/indicators-repo';
import { departmentsOf } from '../../shared/names';
import type { Archive } from '../archive/archive';
import type { Dashboard, IndicatorNode, IndicatorTree } from '../../shared/api';
import type { Indicator } from '../../shared/domain';
import { EMPTY_STATEMENT } from '../../shared/domain';
import type { CheckReport } from '../../shared/check-types';

export async function indicatorTree(archive: Archive, report: CheckReport): Promise<IndicatorTree> {
  const [indicators, own, links, counts] = await Promise.all([
    listIndicators(archive.db),
    archive.db.all<{ indicator_id: number; n: number }>(sql`SELECT l.indicator_id, count(*) AS n FROM links l
      JOIN items i ON i.id = l.item_id WHERE i.deleted_at IS NULL GROUP BY l.indicator_id`),
    archive.db.all<{ item_id: number; code: string }>(sql`SELECT l.item_id, n.code FROM links l JOIN indicators n ON n.id = l.indicator_id`),
    archive.db.get<{ inbox: number; trash: number }>(sql`SELECT
      (SELECT count(*) FROM items i WHERE i.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM links l WHERE l.item_id = i.id)) AS inbox,
      (SELECT count(*) FROM items WHERE deleted_at IS NOT NULL) AS trash`),
  ]);
  const checks = new Map(report.indicators.map((c) => [c.code, c]));
  const ownBy = new Map(own.map((r) => [r.indicator_id, r.n]));
  const codesOfItem = new Map<number, string[]>();
  for (const l of links) codesOfItem.set(l.item_id, [...(codesOfItem.get(l.item_id) ?? []), l.code]);
  const problems = new Map<string, number>();
  const count = (code: string) => problems.set(code, (problems.get(code) ?? 0) + 1);
  for (const p of report.problems) {
    if (p.indicator) count(p.indicator);
    else if (p.item != null) for (const code of codesOfItem.get(p.item) ?? []) count(code);
  }
  const nodes: IndicatorNode[] = indicators.map((i) => {
    const c = checks.get(i.code);
    return {
      ...i,
      status: c?.status ?? 'missing',
      leaf: c?.leaf ?? false,
      items: c?.items ?? 0,
      ownItems: ownBy.get(i.id) ?? 0,
      // The target as the self-check applies it (cadence, 每次…人 read from the requirement), and
      // its progress in the self-check's own words, so the badge says what the report says.
      target: c?.target ?? i.target,
      actual: c?.actual ?? null,
      targetText: c?.targetText ?? '',
      actualText: c?.actualText ?? '',
      problems: problems.get(i.code) ?? 0,
      countText: c?.countText ?? '',
      statement: c?.statement ?? EMPTY_STATEMENT,
    };
  });
  const departments = [...new Set(indicators.filter((i) => !i.removed).flatMap((i) => departmentsOf(i.department)))].sort((a, b) =>
    a.localeCompare(b, 'zh-CN'),
  );
  return { nodes, departments, inbox: counts?.inbox ?? 0, trash: counts?.trash ?? 0 };
}

type Tally = { met: number; unverified: number; below: number; missing: number };
const tally = (): Tally => ({ met: 0, unverified: 0, below: 0, missing: 0 });
const total = (t: Tally) => t.met + t.unverified + t.below + t.missing;

export async function dashboard(archive: Archive, report: CheckReport): Promise<Dashboard> {
  const [indicators, months] = await Promise.all([
    listIndicators(archive.db),
    archive.db.all<{ month: string | null; n: number }>(sql`SELECT substr(date, 1, 7) AS month, count(*) AS n FROM items
      WHERE deleted_at IS NULL GROUP BY month ORDER BY month`),
  ]);
  const checks = new Map(report.indicators.map((c) => [c.code, c]));
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const topOf = (i: Indicator): Indicator => (i.parentId != null && byId.has(i.parentId) ? topOf(byId.get(i.parentId)!) : i);

  const top = new Map<number, Tally>();
  const dept = new Map<string, Tally>();
  // Leaves are what is scored; upper levels only sum them.
  for (const leaf of indicators.filter((i) => !i.removed && checks.get(i.code)?.leaf)) {
    const s = checks.get(leaf.code)!.status;
    const t = topOf(leaf);
    if (!top.has(t.id)) top.set(t.id, tally());
    top.get(t.id)![s]++;
    for (const d of departmentsOf(leaf.department).length ? departmentsOf(leaf.department) : ['未指定部门']) {
      if (!dept.has(d)) dept.set(d, tally());
      dept.get(d)![s]++;
    }
  }
  return {
    byTopIndicator: indicators
      .filter((i) => i.parentId == null && !i.removed && top.has(i.id))
      .map((i) => ({ code: i.code, title: i.title, ...top.get(i.id)! })),
    byDepartment: [...dept].map(([department, t]) => ({ department, ...t })).sort((a, b) => total(b) - total(a)),
    byMonth: months.filter((m) => m.month != null).map((m) => ({ month: m.month!, items: m.n })),
    undated: months.find((m) => m.month == null)?.n ?? 0,
    summary: report.summary satisfies CheckReport['summary'],
  };
}
