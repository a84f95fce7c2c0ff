// What can be done to a selection of items, in one place for the selection bar, the right-click
// menu of the list and the tree's menu: the dialogs they open and the menu entries.
import type { ItemSummary } from '../../../../shared/api';
import type { MenuEntry } from '../../components';
import { app, nodeByCode, type View } from '../../state/app-state';
import { acceptSuggestions, linkItems, moveItems, unlinkItems } from '../../state/selection';
import { createStore } from '../../state/store';
import { restoreItems, trashItems } from '../../state/trash';
import { BulkEditDialog } from './BulkEditDialog';
import { IndicatorPicker } from './IndicatorPicker';
import { MergeDialog } from './MergeDialog';
import { PurgeDialog } from './PurgeDialog';
import { reviewMenuEntries } from '../review/ReviewQueue';

export type SelectionDialog =
  | { kind: 'move' | 'link'; ids: number[] }
  | { kind: 'edit'; ids: number[]; focus?: 'kind' | 'date' | 'department' | 'responsible' | 'secrecy' }
  | { kind: 'merge'; ids: number[] }
  /** ids null: the whole trash. */
  | { kind: 'purge'; ids: number[] | null };

export const selectionDialog = createStore<{ open: SelectionDialog | null }>({ open: null });
export const openSelectionDialog = (d: SelectionDialog) => selectionDialog.set({ open: d });

/** The dialog a selection action opened, if any (mounted once, in the list). */
export function SelectionDialogs({ rows }: { rows: ItemSummary[] }) {
  const d = selectionDialog.use((s) => s.open);
  if (!d) return null;
  const close = () => selectionDialog.set({ open: null });
  const n = d.ids?.length ?? 0;
  switch (d.kind) {
    case 'move':
      return (
        <IndicatorPicker
          title={`归到指标：${n} 件材料`}
          hint="选中的材料改挂到这条指标下，原来所挂的指标都去掉。只想多挂一条，请用“链接到指标”。"
          confirm="归到这里"
          onPick={(code) => void moveItems(d.ids, code)}
          onClose={close}
        />
      );
    case 'link':
      return (
        <IndicatorPicker
          title={`链接到指标：${n} 件材料`}
          hint="选中的材料再挂到这条指标下，原来所挂的指标保留（一件材料可以佐证几条指标）。"
          confirm="链接到这里"
          onPick={(code) => void linkItems(d.ids, code)}
          onClose={close}
        />
      );
    case 'edit':
      return <BulkEditDialog ids={d.ids} focus={d.focus} onClose={close} />;
    case 'merge': {
      const byId = new Map(rows.map((r) => [r.id, r]));
      const bySelection = d.ids.map((id) => byId.get(id)).filter((r): r is ItemSummary => !!r);
      const chosen = new Set(d.ids);
      return <MergeDialog bySelection={bySelection} byList={rows.filter((r) => chosen.has(r.id))} onClose={close} />;
    }
    case 'purge':
      return <PurgeDialog ids={d.ids} onClose={close} />;
  }
}

/** The entries of the right-click menu for `ids` in the list `view`. */
export function selectionEntries(ids: number[], view: View | null, readOnly: boolean): (MenuEntry | null)[] {
  const n = ids.length;
  const many = n > 1 ? ` ${n} 件` : '';
  if (view?.kind === 'trash')
    return [
      { label: `恢复${many}`, run: () => void restoreItems(ids), disabled: readOnly, testId: 'menu-restore' },
      null,
      { label: `彻底删除${many}…`, run: () => openSelectionDialog({ kind: 'purge', ids }), disabled: readOnly, danger: true, testId: 'menu-purge' },
    ];
  const code = view?.kind === 'indicator' ? view.code : null;
  const node = code ? nodeByCode(app.get().tree, code) : undefined;
  return [
    ...reviewMenuEntries(ids, readOnly),
    { label: '归到指标…', run: () => openSelectionDialog({ kind: 'move', ids }), disabled: readOnly, testId: 'menu-move' },
    { label: '链接到指标…', run: () => openSelectionDialog({ kind: 'link', ids }), disabled: readOnly, testId: 'menu-link' },
    ...(code ? [{ label: `移出“${node ? `${node.code} ${node.title}` : code}”`, run: () => void unlinkItems(ids, code), disabled: readOnly, testId: 'menu-unlink' }] : []),
    null,
    { label: '类别…', run: () => openSelectionDialog({ kind: 'edit', ids, focus: 'kind' }), disabled: readOnly, testId: 'menu-kind' },
    { label: '日期…', run: () => openSelectionDialog({ kind: 'edit', ids, focus: 'date' }), disabled: readOnly, testId: 'menu-date' },
    { label: '部门、责任者、密级…', run: () => openSelectionDialog({ kind: 'edit', ids, focus: 'department' }), disabled: readOnly, testId: 'menu-edit-many' },
    { label: `接受建议${many}`, run: () => void acceptSuggestions(ids), disabled: readOnly, testId: 'menu-accept' },
    ...(n > 1 ? [null, { label: `合并为一件（${n} 件）…`, run: () => openSelectionDialog({ kind: 'merge', ids }), disabled: readOnly, testId: 'menu-merge' }] : []),
    null,
    { label: `移到回收站${many}`, hint: 'Delete', run: () => void trashItems(ids), disabled: readOnly, danger: true, testId: 'menu-trash' },
  ];
}
