// Editing the indicator tree: add, change, move, delete and undo through the service; each edit
// redraws the tree from the answer, selects the indicator it was about and says what it did, with
// 撤销 in the notice.
import type { IndicatorEditResult } from '../../../../shared/api';
import { call } from '../../api/client';
import { toast } from '../../components';
import { createStore } from '../../state/store';
import { app, failed, mayEdit, reloadItems, showView } from '../../state/app-state';

/** What 撤销 would revert next (as the service last said), or null. */
export const indicatorUndo = createStore<{ label: string | null }>({ label: null });

function apply(r: IndicatorEditResult, offerUndo: boolean): void {
  app.set({ tree: r.tree });
  indicatorUndo.set({ label: r.undo });
  if (r.code) showView({ kind: 'indicator', code: r.code });
  else if (app.get().view?.kind === 'indicator' && !r.tree.nodes.some((n) => n.code === (app.get().view as { code: string }).code)) showView({ kind: 'inbox' });
  // Items show their indicators' codes, which a renumbering or a move changes.
  void reloadItems();
  toast(r.message, { kind: 'success', action: offerUndo && r.undo ? { label: '撤销', onClick: () => void undoIndicatorEdit() } : undefined });
}

/** Runs one edit; true when it went through (a refusal is shown as an error notice). */
export async function editIndicators(run: () => Promise<IndicatorEditResult>): Promise<boolean> {
  if (!mayEdit()) return false;
  try {
    apply(await run(), true);
    return true;
  } catch (e) {
    failed(e);
    return false;
  }
}

export async function undoIndicatorEdit(): Promise<void> {
  if (!mayEdit()) return;
  try {
    apply(await call('indicators.undo', {}), false);
  } catch (e) {
    failed(e);
  }
}

export const deleteIndicator = (code: string) => editIndicators(() => call('indicators.delete', { code }));

/** Moves `code` under `parent` (null: to the first level), last among its new siblings. */
export const moveIndicator = (code: string, parent: string | null) => editIndicators(() => call('indicators.move', { code, parent }));
