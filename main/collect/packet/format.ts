// The packet format shared by the 任务包 (task: the 创建办 to a department) and the 回传包 (return:
// the department back): a zip of manifest.json, packet.json and files/<sha256>. The manifest lists
// every other entry with its SHA-256 and size and is signed (HMAC-SHA256) with the department's
// packet key, which the task packet hands to the department so that its return can be told from
// one made by anyone else.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Campaign, Caption, FileRole, Item, ReviewState } from '../../../shared/domain';
import type { Assignment } from '../../../shared/collect-types';
import type { StoredIndicatorRow } from '../../archive/indicators-repo';

export const PACKET_FORMAT = 'taizhang-packet';
export const PACKET_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';
export const PACKET_NAME = 'packet.json';

export type PacketKind = 'task' | 'return';

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}

export interface Manifest {
  format: typeof PACKET_FORMAT;
  formatVersion: number;
  kind: PacketKind;
  packetId: string;
  /** The 创建办's archive the packet comes from (task) or answers (return). */
  archive: { uid: string; name: string };
  department: string;
  createdAt: string;
  /** return: the task packet it answers, and its number among the returns made from it (1, 2, …). */
  taskId?: string;
  sequence?: number;
  files: ManifestFile[];
  signature: string;
}

/** An item as it travels: its fields, its files by content, the codes it is filed under. */
export type PacketItem = Pick<
  Item,
  'uid' | 'kind' | 'title' | 'titleSupplied' | 'date' | 'location' | 'responsible' | 'docNumber' | 'participants' | 'description' | 'department' | 'secrecy' | 'retention' | 'indicators'
> & { files: PacketFile[] };

export interface PacketFile {
  sha256: string;
  name: string;
  role: FileRole;
  caption: Caption;
}

/** packet.json of a 任务包. */
export interface TaskBody {
  kind: 'task';
  /** Signs the department's 回传包 (hex). */
  key: string;
  department: { name: string; contact: string; phone: string; note: string };
  campaign: Campaign;
  /** Its lowest-level indicators and their ancestors, as stored rows, in tree order. */
  indicators: StoredIndicatorRow[];
  assignments: Assignment[];
  /** Items returned for correction (退回), with the 创建办's reasons. */
  returned: (PacketItem & { version: number; reason: string })[];
  /**
   * Where every item the department submitted stands with the 创建办 (已通过, 待审核, 退回), for
   * the department's archive the packet updates. Absent in packets of the first app versions.
   */
  reviewed?: { uid: string; review: ReviewState; version: number }[];
}

/** packet.json of a 回传包. */
export interface ReturnBody {
  kind: 'return';
  items: PacketItem[];
  /** The department's 结论性说明 per indicator code. */
  statements: { code: string; conclusion: string }[];
}

export const blobPath = (sha256: string): string => `files/${sha256}`;

/** JSON with keys sorted at every level: the same object gives the same bytes to sign. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function signManifest(m: Omit<Manifest, 'signature'>, key: string): string {
  return createHmac('sha256', Buffer.from(key, 'hex')).update(canonicalJson(m)).digest('hex');
}

export function signatureHolds(m: Manifest, key: string): boolean {
  const { signature, ...rest } = m;
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature) || !key) return false;
  return timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(signManifest(rest, key), 'hex'));
}
