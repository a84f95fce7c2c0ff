// The editor's save state (正在保存… / 已保存 / 保存失败) shared by its forms, and the list of
// forms with unsaved edits that 保存 and Ctrl+S flush.
import { createContext, useContext } from 'react';

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

export interface Saving {
  /** Runs a save and shows its state in the editor's header. */
  track<T>(p: Promise<T>): Promise<T>;
  /** A form registers its flush (save all its unsaved edits); returns the unregister function. */
  register(flush: () => Promise<void>): () => void;
}

export const SavingContext = createContext<Saving>({
  track: (p) => p,
  register: () => () => {},
});

export const useSaving = () => useContext(SavingContext);
