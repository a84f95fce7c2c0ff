// A 任务包 as the department's side reads it: checked whole (kind, signature with the key it
// carries, the items it returns and every file they name) before anything is written, whether it
// makes a new 填报 archive or updates the department's existing one.
import { blobPath, PACKET_NAME, signatureHolds, type TaskBody } from './format';
import { itemsProblem } from './items';
import { PacketZip } from './zip-read';

/** The name the department's archive gives the 创建办 in its change log. */
export const OFFICE_ACTOR = '创建办（任务包）';

export interface TaskPacket {
  pz: PacketZip;
  body: TaskBody;
  /** files/<sha256> → the file's name, for messages and the store. */
  names: Map<string, string>;
  shown: (p: string) => string;
  /** The earliest deadline of its assignments. */
  deadline: string | null;
}

export async function readTaskPacket(zip: string): Promise<TaskPacket> {
  const pz = await PacketZip.open(zip, 'task');
  const body = await pz.body<TaskBody>();
  if (body?.kind !== 'task' || typeof body.key !== 'string' || !Array.isArray(body.indicators) || !Array.isArray(body.assignments) || !Array.isArray(body.returned)) {
    throw pz.refused(`${PACKET_NAME} 的内容不是任务包`);
  }
  if (!signatureHolds(pz.manifest, body.key)) throw pz.refused('清单的签名不符');
  const problem = itemsProblem(body.returned, new Set(pz.manifest.files.map((f) => f.sha256)));
  if (problem) throw pz.refused(problem);
  const names = new Map<string, string>();
  for (const item of body.returned) for (const f of item.files) names.set(blobPath(f.sha256), f.name);
  const shown = (p: string) => names.get(p) ?? p;
  pz.checkListing(shown);
  const deadline = body.assignments.map((x) => x.deadline).filter((d): d is string => !!d).sort()[0] ?? null;
  return { pz, body, names, shown, deadline };
}

/** The names the store probes received files under (by sha256). */
export const blobNames = (names: Map<string, string>): Map<string, string> => new Map([...names].map(([p, n]) => [p.slice('files/'.length), n]));
