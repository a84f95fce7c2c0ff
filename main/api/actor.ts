// Who makes the call being served. The service asks here instead of taking the actor as an
// argument of every function down to the repositories: an item made during a call from a
// department's account is that department's submission, a change-log line names the account,
// the audit log records it, whatever path the call took to get there.
import { AsyncLocalStorage } from 'node:async_hooks';
import { LOCAL_ACTOR, ROLE_LABELS, type Actor } from '../../shared/collect-types';

/** The actor and, on the LAN, the client's address (for the audit log). */
export interface Caller {
  actor: Actor;
  address: string;
}
const LOCAL: Caller = { actor: LOCAL_ACTOR, address: '' };
const current = new AsyncLocalStorage<Caller>();

/** Runs fn as the caller; what fn starts (awaits, timers, a job) sees the same caller. */
export function actingAs<T>(caller: Caller, fn: () => Promise<T>): Promise<T> {
  return current.run(caller, fn);
}

export function currentCaller(): Caller {
  return current.getStore() ?? LOCAL;
}

/** The actor of the call being served; outside any call (a CLI command, the background reader): 本机. */
export function currentActor(): Actor {
  return currentCaller().actor;
}

/** The name the change log gives the actor: the door's own name for 本机, else the account and its role. */
export function logName(actor: Actor, localName: string): string {
  if (actor.user === LOCAL_ACTOR.user && actor.role === 'office' && actor.department == null) return localName;
  return `${actor.user}（${actor.department ?? ROLE_LABELS[actor.role]}）`;
}
