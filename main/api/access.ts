// What each actor may see and do (DESIGN: every call knows who makes it; the HTTP door only
// authenticates). 本机 and 创建办 accounts may do everything the door allows; a department's
// account works on its own indicators and the items it submitted (填报); a reviewer reads.
// OWNED BY the LAN helper (issue 15): stubs until then.
import type { Archive } from '../archive/archive';
import type { ApiMethod } from '../../shared/api';
import type { Actor } from '../../shared/collect-types';

export type Door = 'desktop' | 'web' | 'lan';

/** Methods that change nothing: everything else is a write (audited; refused to reviewers). */
export function isWrite(method: ApiMethod): boolean {
  return !/^(session\.state|indicators\.(tree|log|preview)|items\.(list|get|search|suggestions|versions)|files\.text|text\.status|check\.|dashboard\.|departments\.(list|get)|audit\.list|users\.list|jobs\.list)/.test(method);
}

/** Refuses (TaizhangError FORBIDDEN) what the actor may not do, before the service runs. */
export async function authorize(_archive: Archive | null, _actor: Actor, _method: ApiMethod, _args: unknown, _door: Door): Promise<void> {}

/** What of the service's answer the actor may see (a department: only its indicators and items). */
export async function limitResult(_archive: Archive | null, _actor: Actor, _method: ApiMethod, value: unknown): Promise<unknown> {
  return value;
}
