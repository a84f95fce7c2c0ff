// What the filing screens share: the session, the indicator tree, which list is shown, which items
// are selected and which one is in the editor.
import type { IndicatorNode, IndicatorTree, ItemSummary, RestoreSummary, SearchResult, SessionState } from '../../../shared/api';
import type { Item, ReviewState } from '../../../shared/domain';
import { call, errorText } from '../api/client';
import { toast } from '../components';
import { createContext, useContext } from 'react';
import { createStore } from './store';

/** Which list the middle column shows. */
export type View =
  | { kind: 'indicator'; code: string }
  | { kind: 'inbox' }
  | { kind: 'trash' }
  | { kind: 'search'; query: string }
  /** 审核: the departments' submissions in one review state, of one department or ('') all. */
  | { kind: 'review'; review: ReviewState; department: string };

export interface AppState {
  session: SessionState | null;
  tree: IndicatorTree | null;
  treeError: string | null;
  view: View | null;
  /** The view to go back to when the search box is cleared. */
  viewBeforeSearch: View | null;
  /** The items of the view, as the service returned them. */
  items: ItemSummary[] | null;
  itemsError: string | null;
  /** Ids selected in the list (Delete trashes them). */
  selected: number[];
  /** The item open in the editor. */
  current: number | null;
  /** Tree filter by 责任单位; '' for all. */
  department: string;
  /** Which panel is open over the screen. */
  panel: 'check' | 'dashboard' | 'export' | 'settings' | 'indicators' | 'departments' | 'audit' | 'accounts' | null;
  /** A file of the open item to show in the editor (the self-check went to a problem of one photo). */
  wantFile: number | null;
  /** The clerk came from the self-check: the editor offers 返回自查 until it is opened again. */
  backToCheck: boolean;
  /** A damaged archive was just put back from its snapshot: what that did, shown until closed. */
  restored: RestoreSummary | null;
  /** 导出本指标: the export dialog prints this indicator and what is under it; null: all. */
  exportScope: { code: string; title: string } | null;
}

const START: AppState = {
  session: null,
  tree: null,
  treeError: null,
  view: null,
  viewBeforeSearch: null,
  items: null,
  itemsError: null,
  selected: [],
  current: null,
  department: '',
  panel: null,
  wantFile: null,
  backToCheck: false,
  restored: null,
  exportScope: null,
};

export const app = createStore<AppState>(START);

/** A new session (an archive opened, created or closed): everything else as at the start. */
export function startSession(session: SessionState): void {
  app.set({ ...START, session });
}

let treeSeq = 0;
/** Loads the indicator tree again (after an import, an edit, a change event). */
export async function reloadTree(): Promise<void> {
  const seq = ++treeSeq;
  try {
    const tree = await call('indicators.tree', {});
    if (seq === treeSeq) app.set({ tree, treeError: null });
  } catch (e) {
    if (seq === treeSeq) app.set({ treeError: errorText(e) });
  }
}

let itemsSeq = 0;
/** Loads the list of the current view again; keeps the selection of items still there. */
export async function reloadItems(): Promise<void> {
  const seq = ++itemsSeq;
  const view = app.get().view;
  if (!view) {
    app.set({ items: null, itemsError: null });
    return;
  }
  try {
    let items: ItemSummary[];
    if (view.kind === 'search') {
      const hits = view.query.trim() ? await call('items.search', { query: view.query.trim() }) : [];
      searchHits = new Map(hits.map((h) => [h.item.id, h]));
      items = hits.map((h) => h.item);
    }
    // 未归类 comes with where each item could go (its filing suggestions).
    else if (view.kind === 'inbox') items = await call('items.list', { inbox: true, suggest: true });
    else if (view.kind === 'trash') items = await call('items.list', { trash: true });
    else if (view.kind === 'review') items = await call('items.list', { review: view.review, department: view.department || undefined });
    else items = await call('items.list', { indicator: view.code });
    if (seq !== itemsSeq) return;
    const ids = new Set(items.map((i) => i.id));
    app.set((s) => ({ items, itemsError: null, selected: s.selected.filter((id) => ids.has(id)) }));
  } catch (e) {
    if (seq === itemsSeq) app.set({ items: [], itemsError: errorText(e) });
  }
}

/** Search hits of the last search, by item id (for the snippet). */
export let searchHits = new Map<number, SearchResult>();

/** Shows another list; the editor empties until an item of it is chosen. */
export function showView(view: View): void {
  const s = app.get();
  if (s.view && JSON.stringify(s.view) === JSON.stringify(view)) return;
  // Leaving the results empties the search box.
  if (s.view?.kind === 'search' && view.kind !== 'search') window.dispatchEvent(new CustomEvent('tz-search-cleared'));
  app.set({
    view,
    items: null,
    selected: [],
    current: null,
    viewBeforeSearch: view.kind === 'search' ? (s.view?.kind === 'search' ? s.viewBeforeSearch : s.view) : null,
  });
  void reloadItems();
}

/** Leaves the search results for the list shown before (and empties the search box). */
export function clearSearch(): void {
  const back = app.get().viewBeforeSearch;
  if (back) showView(back);
  else {
    app.set({ view: null, items: null });
    window.dispatchEvent(new CustomEvent('tz-search-cleared'));
  }
}

/** Opens an item in the editor and selects it in the list; `file`: that file of it in the preview. */
export function openItem(id: number | null, file?: number | null): void {
  app.set({ current: id, selected: id == null ? [] : [id], wantFile: file ?? null });
}

/** Opens a panel (自查, 统计, 导出, …); opening the self-check ends the way back to it. */
export function openPanel(panel: AppState['panel']): void {
  // 导出 from the top bar exports everything; only 导出本指标 narrows it.
  app.set(panel === 'check' ? { panel, backToCheck: false } : panel === 'export' ? { panel, exportScope: null } : { panel });
}

/** 导出本指标: the export dialog, narrowed to one indicator and what is under it. */
export function openExportOf(code: string, title: string): void {
  app.set({ panel: 'export', exportScope: { code, title } });
}

/** Set when Enter asked for the editor before its item had loaded; the editor focuses then. */
export const editorFocusWanted = { current: false };

/** Set when Enter in the tree asked for the list before it had loaded; the list focuses then. */
export const listFocusWanted = { current: false };

/** Focuses the item list; false when it is not on screen yet (still loading). */
export function focusItemList(): boolean {
  const list = app.get().items != null ? document.querySelector<HTMLElement>('[data-testid="item-list"]') : null;
  if (!list) return false;
  listFocusWanted.current = false;
  list.focus();
  return true;
}

/** Focuses the editor's first field; false when the editor has none yet. */
export function focusEditorField(): boolean {
  const first = document.querySelector<HTMLElement>('[data-testid="item-editor"] .editor input, [data-testid="item-editor"] .editor select');
  if (!first) return false;
  editorFocusWanted.current = false;
  first.focus();
  return true;
}

/** After the editor saved: the list row shows the new title, date, … at once. */
export function patchSummary(item: Item): void {
  app.set((s) => ({
    items:
      s.items?.map((i) =>
        i.id === item.id
          ? {
              ...i,
              kind: item.kind,
              title: item.title,
              titleSupplied: item.titleSupplied,
              date: item.date,
              department: item.department,
              participants: item.participants,
              indicators: item.indicators,
              files: item.files.length,
            }
          : i,
      ) ?? null,
  }));
}

/** The tree's nodes by code. */
export function nodeByCode(tree: IndicatorTree | null, code: string): IndicatorNode | undefined {
  return tree?.nodes.find((n) => n.code === code);
}

/**
 * Why the open archive cannot be changed (a write-protected stick, a disc, a full disk), or null
 * when it can: the one place every editing control and action asks.
 */
export function readOnlyReason(): string | null {
  return readOnlyOf(app.get().session);
}

/** The same for a component (re-renders when it changes): disable or make read-only what edits. */
export function useReadOnly(): string | null {
  const lock = useContext(ItemLock);
  return app.use((s) => readOnlyOf(s.session)) ?? lock;
}

/**
 * Set by the item editor around an item the account may not change though the archive is
 * writable (a department's item the 创建办 accepted): every field and button of it asks useReadOnly.
 */
export const ItemLock = createContext<string | null>(null);
export const ACCEPTED_LOCK = '已审核通过';

/** A reviewer's account on the LAN server reads only: every control that edits treats it as a read-only archive. */
export const REVIEWER_READ_ONLY = '只读审阅账号';

function readOnlyOf(s: SessionState | null): string | null {
  return s?.archive?.readOnly ?? (s?.actor?.role === 'reviewer' ? REVIEWER_READ_ONLY : null);
}

/** The line every refused edit shows. */
export function readOnlyText(reason: string): string {
  if (reason === REVIEWER_READ_ONLY) return '这是只读审阅账号，可以查看、搜索和自查，不能修改。';
  if (reason === ACCEPTED_LOCK) return '这件材料已审核通过，不能再修改；需要改动请联系创建办。';
  return `档案是只读的（${reason}），不能修改。可以查看、自查和导出；要修改，请把整个档案文件夹复制到电脑硬盘上再打开。`;
}

/** Before an action that changes the archive: false (and says why) when it is read-only. */
export function mayEdit(): boolean {
  const reason = readOnlyReason();
  if (!reason) return true;
  toast(readOnlyText(reason), { kind: 'info' });
  return false;
}

/** Reports an error from an action as a toast. */
export function failed(e: unknown): void {
  toast(errorText(e), { kind: 'error' });
}
