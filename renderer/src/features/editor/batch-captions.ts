// Which photos 批量填写照片说明 is asked for: those of one item (its 批量填写… button) or of the
// items selected in the list. Any feature may open it (a context menu, a toolbar); App mounts the
// dialog once.
import { createStore } from '../../state/store';

export interface BatchCaptionRequest {
  /** The items whose photos are offered. */
  items: number[];
  /** The photos ticked at first; omitted: every photo of the items. */
  files?: number[];
}

export const batchCaptions = createStore<{ request: BatchCaptionRequest | null }>({ request: null });

export function openBatchCaptions(request: BatchCaptionRequest): void {
  batchCaptions.set({ request });
}

export function closeBatchCaptions(): void {
  batchCaptions.set({ request: null });
}
