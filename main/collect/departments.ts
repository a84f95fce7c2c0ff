// Departments (责任单位) and what each owes: named by the indicators' 责任单位 column (split and
// de-duplicated), edited by the clerk (contact, phone, note, deadlines), with the state of every
// department × indicator assignment judged from the items it submitted.
import type { Archive } from '../archive/archive';
import type { Assignment, DepartmentDetail, DepartmentsOverview } from '../../shared/collect-types';
import { TaizhangError } from '../../shared/errors';
import { randomBytes } from 'node:crypto';
import { sql, type Queryable } from '../archive/db';

/** The department's row id, made (with the key that signs its packets) when first needed. */
export async function ensureDepartment(tx: Queryable, name: string): Promise<number> {
  const found = await tx.get<{ id: number }>(sql`SELECT id FROM departments WHERE name = ${name}`);
  if (found) return found.id;
  const r = await tx.run(sql`INSERT INTO departments (name, packet_key, created_at) VALUES (${name}, ${randomBytes(32).toString('hex')}, ${new Date().toISOString()})`);
  return r.lastID;
}

export async function departmentsOverview(_a: Archive, _today?: string): Promise<DepartmentsOverview> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
export async function departmentDetail(_a: Archive, _name: string, _today?: string): Promise<DepartmentDetail> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
/** The lowest-level indicators assigned to the department, with their state (what its packet carries). */
export async function assignmentsOf(_a: Archive, _name: string, _today?: string): Promise<Assignment[]> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
export async function addDepartment(_a: Archive, _d: { name: string; contact?: string; phone?: string; note?: string }, _actor: string): Promise<DepartmentDetail> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
export async function updateDepartment(_a: Archive, _name: string, _patch: { name?: string; contact?: string; phone?: string; note?: string }, _actor: string): Promise<DepartmentDetail> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
export async function setAssignments(
  _a: Archive,
  _args: { department: string; codes?: string[]; deadline?: string | null; note?: string; assigned?: boolean },
  _actor: string,
): Promise<DepartmentDetail> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
export async function returnAssignment(_a: Archive, _department: string, _code: string, _reason: string, _actor: string): Promise<DepartmentDetail> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
