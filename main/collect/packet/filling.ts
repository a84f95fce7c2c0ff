// What a department's archive (opened from a 任务包, 填报模式) is for: the settings row 'filling'
// written by `packet open`, read by the interface (ArchiveInfo.filling) and by `packet return`.
import type { Archive } from '../../archive/archive';
import { sql, type Queryable } from '../../archive/db';
import type { FillingInfo } from '../../../shared/collect-types';
import { TaizhangError } from '../../../shared/errors';
import { archiveMode } from '../mode';

export const FILLING_KEY = 'filling';

/** The settings row: what the interface shows, plus what the 回传包 needs (the key, the office's identity, the codes). */
export interface FillingSettings extends FillingInfo {
  officeUid: string;
  /** Signs the 回传包 (hex), as given in the 任务包. */
  key: string;
  /** The department's lowest-level indicators: the 回传包 carries what is filed under them. */
  codes: string[];
  /** The 任务包's number among those the 创建办 made for the department: an older one is refused. */
  taskSequence?: number;
  /** Codes once assigned and no longer (a later 任务包): what is filed there stays, out of the 回传包. */
  dropped?: string[];
  /** The items returned for correction as they came (content hashes by uid): changed since, they are corrected. */
  returnedAs?: Record<string, string>;
}

export async function fillingSettings(q: Queryable): Promise<FillingSettings | null> {
  const r = await q.get<{ value: string }>(sql`SELECT value FROM settings WHERE key = ${FILLING_KEY}`);
  if (!r) return null;
  try {
    return JSON.parse(r.value) as FillingSettings;
  } catch {
    return null;
  }
}

export async function writeFillingSettings(tx: Queryable, s: FillingSettings): Promise<void> {
  await tx.run(sql`INSERT INTO settings (key, value) VALUES (${FILLING_KEY}, ${JSON.stringify(s)})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

/** The settings of an archive in 填报模式, or a refusal saying what to do. */
export async function requireFilling(a: Archive): Promise<FillingSettings> {
  const s = await fillingSettings(a.db);
  if (!s) throw new TaizhangError('BAD_INPUT', '这个填报档案缺少任务包的信息，不能生成回传包；请重新打开创建办发来的任务包。');
  return s;
}

/** The packet this archive was opened from, or null for a 创建办 archive. */
export async function fillingInfo(a: Archive): Promise<FillingInfo | null> {
  if ((await archiveMode(a)) !== 'department') return null;
  const s = await fillingSettings(a.db);
  if (!s) return null;
  return { department: s.department, office: s.office, packetId: s.packetId, deadline: s.deadline, returns: s.returns, note: s.note };
}
