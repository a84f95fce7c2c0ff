// The clerk's statement per indicator (migration 004): 结论性说明, 自评分, 实际完成 and its reason.
import { sql, type Queryable } from './db';
import { EMPTY_STATEMENT, type IndicatorStatement } from '../../shared/domain';

interface StatementRow {
  indicator_id: number;
  conclusion: string;
  self_score: number | null;
  actual: number | null;
  actual_reason: string;
  updated_at: string;
}

const toStatement = (r: StatementRow): IndicatorStatement => ({
  conclusion: r.conclusion,
  selfScore: r.self_score,
  actual: r.actual,
  actualReason: r.actual_reason,
  updatedAt: r.updated_at,
});

/** Every statement, by indicator id. */
export async function listStatements(q: Queryable): Promise<Map<number, IndicatorStatement>> {
  const rows = await q.all<StatementRow>(sql`SELECT * FROM indicator_statements`);
  return new Map(rows.map((r) => [r.indicator_id, toStatement(r)]));
}

export async function getStatement(q: Queryable, indicatorId: number): Promise<IndicatorStatement> {
  const r = await q.get<StatementRow>(sql`SELECT * FROM indicator_statements WHERE indicator_id = ${indicatorId}`);
  return r ? toStatement(r) : { ...EMPTY_STATEMENT };
}

/** Writes the whole statement; an all-empty one removes the row. */
export async function writeStatement(tx: Queryable, indicatorId: number, s: Omit<IndicatorStatement, 'updatedAt'>, actor: string): Promise<void> {
  if (!s.conclusion && s.selfScore == null && s.actual == null && !s.actualReason) {
    await tx.run(sql`DELETE FROM indicator_statements WHERE indicator_id = ${indicatorId}`);
    return;
  }
  await tx.run(sql`INSERT INTO indicator_statements (indicator_id, conclusion, self_score, actual, actual_reason, updated_at, actor)
    VALUES (${indicatorId}, ${s.conclusion}, ${s.selfScore}, ${s.actual}, ${s.actualReason}, ${new Date().toISOString()}, ${actor})
    ON CONFLICT (indicator_id) DO UPDATE SET conclusion = excluded.conclusion, self_score = excluded.self_score,
      actual = excluded.actual, actual_reason = excluded.actual_reason, updated_at = excluded.updated_at, actor = excluded.actor`);
}
