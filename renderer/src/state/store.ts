// A tiny external store (useSyncExternalStore) so panels written apart share state without a library.
import { useSyncExternalStore } from 'react';

export interface Store<T> {
  get(): T;
  set(patch: Partial<T> | ((s: T) => Partial<T>)): void;
  subscribe(l: () => void): () => void;
  /** The whole state, or the part `select` picks (re-renders only when that part changes). */
  use<S = T>(select?: (s: T) => S): S;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  const store: Store<T> = {
    get: () => state,
    set(patch) {
      const p = typeof patch === 'function' ? patch(state) : patch;
      state = { ...state, ...p };
      listeners.forEach((l) => l());
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    use<S>(select?: (s: T) => S): S {
      const pick = select ?? ((s: T) => s as unknown as S);
      return useSyncExternalStore(store.subscribe, () => pick(state));
    },
  };
  return store;
}
