// The clerk's own edits of the indicator tree: add, change fields (rename, renumber, requirement,
// target …), move, delete, and undo. Each edit plans the table as it should be after it
// (edit-plan.ts), writes the difference in one transaction with one change-log row, and returns
// its inverse: the rows it touched as they were before and after. Undo writes the "before" rows
// back — an undone delete returns with the same id and code, so nothing that points at it breaks.
//
// Evidence is linked by indicator id (links.indicator_id), and no edit changes an id, so every
// link survives every edit. What a later re-import of the issued table does (mergeIndicators
// matches by code and title, then title, then code, then the codes and titles the change log
// says an indicator had before the clerk's edits):
// - after a rename (same code): matched by code, the table's title comes back, links stay;
// - after a renumber (same title): matched by title, the table's code comes back, links stay;
// - after both: matched through the change log's before-values, the table's code and title come back;
// - after a move: matched by code and title, the table's parent and position come back;
// - an indicator the clerk added is not in the table: deleted if nothing is linked to it, kept
//   (marked 已删除) if evidence is;
// - an indicator the clerk deleted is in the table: it comes back as a new, empty indicator.
// So the issued table always wins on re-import; the clerk's edits are for a table read wrongly
// or a system the issuer changed without sending a new table.
import type { Archive } from '../archive/archive';
import { logChange, DEFAULT_ACTOR } from '../archive/change-log';
import type { Queryable } from '../archive/db';
import { highestLoggedIndicatorId, indicatorRows, linkedItemCount, rowIndicator, sameRow, writeIndicatorRows, type IndicatorRows, type StoredIndicatorRow } from '../archive/indicators-repo';
import { TaizhangError } from '../../shared/errors';
import { planAdd, planDelete, planMove, planUpdate, type IndicatorFields, type IndicatorPatch, type Plan } from './edit-plan';

export type { IndicatorFields, IndicatorPatch } from './edit-plan';

/** An undo that no longer fits the tree (changed elsewhere since): older undos will not fit either. */
export class StaleUndoError extends TaizhangError {
  constructor(message: string) {
    super('BAD_INPUT', message);
  }
}

/** What undoes one edit: the rows it touched, as they were before and after it. */
export interface IndicatorInverse {
  /** The change-log row of the edit. */
  logId: number;
  /** The edit in words, e.g. 新增指标“3.1 宣传阵地”. */
  label: string;
  subject: string;
  before: StoredIndicatorRow[];
  after: StoredIndicatorRow[];
}

export interface EditOutcome {
  /** The indicator's code after the edit; null after a delete. */
  code: string | null;
  /** One line for the clerk. */
  message: string;
  /** Null when nothing changed (nothing logged, nothing to undo). */
  inverse: IndicatorInverse | null;
}

/** The fields a change-log row shows for one indicator. */
function shown(rows: IndicatorRows, r: StoredIndicatorRow | undefined) {
  if (!r) return null;
  const i = rowIndicator(r);
  return {
    id: i.id,
    code: i.code,
    title: i.title,
    parent: i.parentId == null ? null : (rows.get(i.parentId)?.code ?? null),
    position: i.position,
    requirement: i.requirement,
    score: i.score,
    basis: i.basis,
    department: i.department,
    target: i.target,
  };
}

async function run(archive: Archive, actor: string, plan: (rows: IndicatorRows, tx: Queryable) => Promise<Plan>): Promise<EditOutcome> {
  return archive.db.transaction(async (tx) => {
    const before = await indicatorRows(tx);
    const p = await plan(before, tx);
    const touched = [...new Set([...before.keys(), ...p.after.keys()])].filter((id) => !sameRow(before.get(id), p.after.get(id)));
    if (touched.length === 0) return { code: p.code, message: '没有改动。', inverse: null };
    await writeIndicatorRows(tx, before, p.after);
    // Other rows whose code or place changed (children renumbered, descendants deleted); siblings
    // that only shifted position are left out of the log as noise.
    const others = touched
      .filter((id) => id !== p.subjectId)
      .map((id) => ({ before: shown(before, before.get(id)), after: shown(p.after, p.after.get(id)) }))
      .filter((o) => o.before?.code !== o.after?.code || o.before?.parent !== o.after?.parent);
    const subject = p.code ?? before.get(p.subjectId)?.code ?? '';
    const logId = await logChange(tx, {
      actor: actor || DEFAULT_ACTOR,
      action: p.action,
      subject,
      detail: {
        message: p.message,
        before: shown(before, before.get(p.subjectId)),
        after: shown(p.after, p.after.get(p.subjectId)),
        ...(others.length && { others }),
      },
    });
    return {
      code: p.code,
      message: p.message,
      inverse: {
        logId,
        label: p.label,
        subject,
        before: touched.flatMap((id) => before.get(id) ?? []),
        after: touched.flatMap((id) => p.after.get(id) ?? []),
      },
    };
  });
}

export function addIndicator(archive: Archive, fields: IndicatorFields & { parent?: string | null; position?: number; code?: string }, actor = DEFAULT_ACTOR): Promise<EditOutcome> {
  return run(archive, actor, async (rows, tx) => planAdd(rows, fields, await highestLoggedIndicatorId(tx)));
}

export function updateIndicator(archive: Archive, code: string, patch: IndicatorPatch, actor = DEFAULT_ACTOR): Promise<EditOutcome> {
  return run(archive, actor, async (rows) => planUpdate(rows, code, patch));
}

export function moveIndicator(archive: Archive, code: string, parent: string | null, position: number | undefined, actor = DEFAULT_ACTOR): Promise<EditOutcome> {
  return run(archive, actor, async (rows) => planMove(rows, code, parent, position));
}

export function deleteIndicator(archive: Archive, code: string, actor = DEFAULT_ACTOR): Promise<EditOutcome> {
  return run(archive, actor, async (rows, tx) => {
    const p = planDelete(rows, code);
    const ids = [...rows.keys()].filter((id) => !p.after.has(id));
    const linked = await linkedItemCount(tx, ids);
    if (linked.items > 0) {
      const trash = linked.trashed ? `（其中 ${linked.trashed} 件在回收站，彻底删除前也算）` : '';
      throw new TaizhangError('BAD_INPUT', `该指标下挂有 ${linked.items} 件材料${trash}，不能删除；请先把材料移到其他指标。`);
    }
    return p;
  });
}

/**
 * Reverts one edit. Refused when the rows it touched are no longer as it left them (another
 * window, a `taizhang` command or an import changed them since): writing the old rows back then
 * would undo someone else's work too.
 */
export async function undoIndicatorEdit(archive: Archive, inv: IndicatorInverse, actor = DEFAULT_ACTOR): Promise<EditOutcome> {
  return archive.db.transaction(async (tx) => {
    const now = await indicatorRows(tx);
    const afterIds = new Set(inv.after.map((r) => r.id));
    const stale =
      inv.after.some((r) => !sameRow(now.get(r.id), r)) || inv.before.some((r) => !afterIds.has(r.id) && now.has(r.id));
    if (stale) {
      throw new StaleUndoError(`指标在“${inv.label}”之后又被修改过（可能是另一个窗口、命令行或重新导入），不能撤销这一步。`);
    }
    const target: IndicatorRows = new Map(now);
    const beforeIds = new Set(inv.before.map((r) => r.id));
    const dropped = inv.after.filter((r) => !beforeIds.has(r.id)).map((r) => r.id);
    if (dropped.length) {
      const linked = await linkedItemCount(tx, dropped);
      if (linked.items > 0) {
        throw new TaizhangError('BAD_INPUT', `撤销“${inv.label}”会删除指标，但它下面已挂有 ${linked.items} 件材料；请先把材料移到其他指标。`);
      }
    }
    for (const id of dropped) target.delete(id);
    for (const r of inv.before) target.set(r.id, r);
    await writeIndicatorRows(tx, now, target);
    const subjectRow = inv.before.find((r) => r.code === inv.subject) ?? inv.after.find((r) => r.code === inv.subject);
    const restored = subjectRow && target.get(subjectRow.id);
    const message = `已撤销：${inv.label}。`;
    await logChange(tx, {
      actor: actor || DEFAULT_ACTOR,
      action: 'indicator.undo',
      subject: restored?.code ?? inv.subject,
      detail: { message, undoes: inv.logId, before: inv.after.map((r) => shown(now, r)), after: inv.before.map((r) => shown(target, r)) },
    });
    return { code: restored?.code ?? null, message, inverse: null };
  });
}
