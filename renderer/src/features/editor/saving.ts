// The editor's edits and their save state (正在保存… / 未保存 / 已保存 / 保存失败), shared by its
// forms. 已保存 is said only after the service answered, and only while no form holds typed text
// that has not been sent: an edit typed into 地点 and not yet left must never read as saved.
// Leaving the page (F5, Back, closing the tab or the window) with such text sends it and asks first.
import { createContext, useContext, useEffect, useRef } from 'react';
import { errorText } from '../../api/client';
import { createStore } from '../../state/store';

export type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error';

export interface EditState {
  /** Saves sent and not yet answered. */
  pending: number;
  /** Forms holding typed text not yet sent (by form id). */
  dirty: string[];
  /** The last save's refusal, until a save goes through. */
  error: string | null;
  /** A save of the open item went through since it was opened. */
  saved: boolean;
}

export const edits = createStore<EditState>({ pending: 0, dirty: [], error: null, saved: false });

/** What the editor's header says. */
export function saveState(s: EditState): SaveState {
  if (s.pending > 0) return 'saving';
  if (s.error) return 'error';
  if (s.dirty.length > 0) return 'dirty';
  return s.saved ? 'saved' : 'idle';
}

const flushers = new Set<() => Promise<void>>();

/** Runs a save and shows its state in the editor's header. */
export async function track<T>(p: Promise<T>): Promise<T> {
  edits.set((s) => ({ pending: s.pending + 1 }));
  try {
    const v = await p;
    edits.set((s) => ({ pending: s.pending - 1, error: null, saved: true }));
    return v;
  } catch (e) {
    edits.set((s) => ({ pending: s.pending - 1, error: errorText(e) }));
    throw e;
  }
}

/** A form says whether it holds typed text not yet sent. */
export function markDirty(form: string, on: boolean): void {
  const has = edits.get().dirty.includes(form);
  if (has === on) return;
  edits.set((s) => ({ dirty: on ? [...s.dirty, form] : s.dirty.filter((f) => f !== form) }));
}

/** Another item opened: what the header said of the last one no longer holds. */
export function resetSaveState(): void {
  edits.set({ error: null, saved: false });
}

/** Sends every form's unsaved text (保存, Ctrl+S, leaving the page). */
export async function flushEdits(): Promise<void> {
  await Promise.all([...flushers].map((f) => f().catch(() => undefined)));
}

/** True while something typed has not reached the service. */
export function hasUnsavedEdits(): boolean {
  return edits.get().dirty.length > 0;
}

export interface Saving {
  /** Runs a save and shows its state in the editor's header. */
  track<T>(p: Promise<T>): Promise<T>;
  /** A form registers its flush (send all its unsaved text); returns the unregister function. */
  register(flush: () => Promise<void>): () => void;
  /** A form says whether it holds typed text not yet sent. */
  dirty(form: string, on: boolean): void;
}

export const saving: Saving = {
  track,
  register(flush) {
    flushers.add(flush);
    return () => flushers.delete(flush);
  },
  dirty: markDirty,
};

export const SavingContext = createContext<Saving>(saving);

export const useSaving = () => useContext(SavingContext);

/**
 * A form's part in the editor's save state: after each render it says whether it holds unsent
 * text; its `save` is what 保存, Ctrl+S and leaving the page send; when the form goes away
 * (another photo or item shown, the list changed) what is still typed is sent. Returns whether
 * the form is still shown (a save answered after it went away reports by toast).
 */
export function useFormSaving(formId: string, hasUnsent: () => boolean, save: () => Promise<void>): { saving: Saving; mounted: { readonly current: boolean } } {
  const s = useSaving();
  const mounted = useRef(true);
  const latest = useRef(save);
  latest.current = save;
  useEffect(() => {
    s.dirty(formId, hasUnsent());
  });
  useEffect(() => s.register(() => latest.current()), [s]);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      void latest.current();
      s.dirty(formId, false);
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return { saving: s, mounted };
}

// F5, Back, a closed tab: the text still in a field is sent now and the browser asks before
// leaving. In the desktop window the main process turns the refusal into its own question
// (main/app/window.ts: guardUnsavedClose), so the window is never kept open silently.
window.addEventListener('beforeunload', (e) => {
  if (!hasUnsavedEdits()) return;
  void flushEdits();
  e.preventDefault();
  e.returnValue = '';
});
