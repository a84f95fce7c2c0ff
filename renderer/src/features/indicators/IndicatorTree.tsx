// The left column: the indicator tree with each node's status (缺材料 / 未达标 / 已达标 with
// actual/target) and item count, 未归类 at the top and 回收站 at the bottom, a filter by 责任单位,
// arrow-key navigation, and files dropped onto a node imported under it. Editing: a right click (or
// ⋯, or the menu key) opens 新增下级/同级指标, 编辑, 删除, 撤销; F2 edits, Ctrl+Z undoes; a node
// dragged onto another moves under it. Items dragged from the list onto a node are filed there
// (归到指标; with Ctrl held, 链接 — the other links kept), onto 回收站 they go to the trash; the menu
// offers the same for the items selected in the list.
import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { IndicatorNode, IndicatorTree as Tree } from '../../../../shared/api';
import { Button, ContextMenu, EmptyState, Loading, StatusBadge, VirtualList, type MenuEntry, type VirtualListHandle } from '../../components';
import { progressText, shortActual } from '../../format';
import { departmentsOf } from '../../../../shared/names';
import { statedActualText } from '../../../../shared/check-types';
import { app, focusItemList, openExportOf, listFocusWanted, showView, useReadOnly, type View } from '../../state/app-state';
import { importFiles } from '../../state/imports';
import { draggedItems, hasFiles, isItemsDrag, readDrop } from '../items/drop';
import { linkItems, moveItems } from '../../state/selection';
import { trashItems } from '../../state/trash';
import { useAbilities } from '../accounts/abilities';
import { IndicatorEditDialog, type EditMode } from './IndicatorEditDialog';
import { deleteIndicator, indicatorUndo, moveIndicator, undoIndicatorEdit } from './indicator-edits';

/** The drag type of an indicator dragged within the tree (its code). */
const NODE_DRAG = 'application/x-taizhang-indicator';
const isNodeDrag = (dt: DataTransfer) => dt.types.includes(NODE_DRAG);

const ROW = 46;

/** One row of the tree as shown: a node or one of the two pseudo-nodes. */
type Row =
  | { kind: 'node'; node: IndicatorNode; depth: number; hasChildren: boolean; expanded: boolean }
  | { kind: 'inbox'; count: number }
  | { kind: 'trash'; count: number };

function rowKey(r: Row): string {
  return r.kind === 'node' ? `n:${r.node.code}` : r.kind;
}

function viewKey(v: View | null): string | null {
  if (!v) return null;
  if (v.kind === 'indicator') return `n:${v.code}`;
  return v.kind === 'search' ? null : v.kind;
}

/** Nodes shown under the department filter: matching nodes, their ancestors and their descendants. */
function visibleIds(tree: Tree, department: string): Set<number> | null {
  if (!department) return null;
  const byId = new Map(tree.nodes.map((n) => [n.id, n]));
  const keep = new Set<number>();
  const matches = (n: IndicatorNode) => departmentsOf(n.department).includes(department);
  for (const n of tree.nodes) {
    let hit = matches(n);
    for (let p = n.parentId; !hit && p != null; p = byId.get(p)?.parentId ?? null) hit = matches(byId.get(p)!);
    if (!hit) continue;
    keep.add(n.id);
    for (let p = n.parentId; p != null; p = byId.get(p)?.parentId ?? null) keep.add(p);
  }
  return keep;
}

function buildRows(tree: Tree, collapsed: Set<number>, department: string): Row[] {
  const show = visibleIds(tree, department);
  const children = new Map<number | null, IndicatorNode[]>();
  for (const n of tree.nodes) {
    if (show && !show.has(n.id)) continue;
    const list = children.get(n.parentId) ?? [];
    list.push(n);
    children.set(n.parentId, list);
  }
  const rows: Row[] = [{ kind: 'inbox', count: tree.inbox }];
  const add = (parent: number | null, depth: number) => {
    for (const n of children.get(parent) ?? []) {
      const hasChildren = (children.get(n.id)?.length ?? 0) > 0;
      const expanded = hasChildren && !collapsed.has(n.id);
      rows.push({ kind: 'node', node: n, depth, hasChildren, expanded });
      if (expanded) add(n.id, depth + 1);
    }
  };
  add(null, 0);
  rows.push({ kind: 'trash', count: tree.trash });
  return rows;
}

/** The badge's tooltip: the target, and which items count and why the others do not. */
export function badgeTitle(n: IndicatorNode): string | undefined {
  const unit = n.target?.unit ?? '';
  return (
    [n.targetText ? `目标：${n.targetText}` : '', n.actualText ? `实际：${n.actualText}` : '', n.countText, statedActualText(n.statement, unit)].filter(Boolean).join('\n') ||
    undefined
  );
}

export function IndicatorTree({ onImportIndicators }: { onImportIndicators(): void }) {
  const tree = app.use((s) => s.tree);
  const treeError = app.use((s) => s.treeError);
  const view = app.use((s) => s.view);
  const department = app.use((s) => s.department);
  const readOnly = useReadOnly();
  // A department's account files under its indicators but does not change the indicator system.
  const editsTree = useAbilities().indicators;
  const [collapsed, setCollapsed] = useState<Set<number>>(() => new Set());
  const [dropOn, setDropOn] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ node: IndicatorNode; x: number; y: number; items: number[] } | null>(null);
  const [editing, setEditing] = useState<EditMode | null>(null);
  const undoLabel = indicatorUndo.use((s) => s.label);
  const dragging = useRef<string | null>(null);
  const list = useRef<VirtualListHandle>(null);

  const rows = useMemo(() => (tree ? buildRows(tree, collapsed, department) : []), [tree, collapsed, department]);
  const selectedKey = viewKey(view);
  const selectedIndex = rows.findIndex((r) => rowKey(r) === selectedKey);
  // Keep the selection in view however it was made: after a reload (F5), from the self-check, from search.
  // (Rows 0 and last are the pinned 未归类 and 回收站; the scrolling list holds the ones between.)
  useEffect(() => {
    if (selectedIndex > 0 && selectedIndex < rows.length - 1) list.current?.scrollToIndex(selectedIndex - 1);
  }, [selectedIndex, rows.length]);

  const select = (r: Row | undefined) => {
    if (!r) return;
    if (r.kind === 'node') showView({ kind: 'indicator', code: r.node.code });
    else showView({ kind: r.kind });
  };
  const toggle = (id: number, open?: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      const isOpen = !c.has(id);
      if (open ?? !isOpen) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = selectedIndex;
    const r = rows[i];
    let next = -1;
    // Another key after Enter: the clerk stays in the tree after all.
    if (e.key !== 'Enter') listFocusWanted.current = false;
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z') {
      // The tree's own undo (the last indicator edit), not the window's (the last item trashed).
      e.preventDefault();
      e.stopPropagation();
      if (!readOnly) void undoIndicatorEdit();
      return;
    }
    if (r?.kind === 'node' && !readOnly && editsTree && (e.key === 'F2' || e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10'))) {
      e.preventDefault();
      if (e.key === 'F2') setEditing({ kind: 'edit', node: r.node });
      else openMenuAt(r.node, e.currentTarget.querySelector<HTMLElement>(`[data-code="${CSS.escape(r.node.code)}"]`));
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        next = Math.min(rows.length - 1, i + 1);
        break;
      case 'ArrowUp':
        next = i < 0 ? 0 : Math.max(0, i - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      case 'ArrowRight':
        if (r?.kind === 'node' && r.hasChildren) {
          if (!r.expanded) toggle(r.node.id, true);
          else next = i + 1;
        }
        break;
      case 'ArrowLeft':
        if (r?.kind === 'node') {
          if (r.expanded) toggle(r.node.id, false);
          else if (r.node.parentId != null) next = rows.findIndex((x) => x.kind === 'node' && x.node.id === r.node.parentId);
        }
        break;
      case 'Enter':
        // Into the list of this node; right after an arrow key it is still loading: focus it when it comes.
        if (!focusItemList()) listFocusWanted.current = true;
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next >= 0 && next !== i) select(rows[next]);
  };

  /** Whether the indicator being dragged may go under `target` (not itself, not below itself). */
  const mayDropOn = (target: IndicatorNode): boolean => {
    const code = dragging.current;
    if (!code || !tree || target.removed) return false;
    const moving = tree.nodes.find((n) => n.code === code);
    if (!moving || moving.parentId === target.id) return false;
    const byId = new Map(tree.nodes.map((n) => [n.id, n]));
    for (let p: IndicatorNode | undefined = target; p; p = p.parentId != null ? byId.get(p.parentId) : undefined) if (p.id === moving.id) return false;
    return true;
  };

  /** Items from the list: onto a node 归到 (Ctrl: 链接), onto 回收站 to the trash; not onto 未归类. */
  const itemDropProps = (r: Row) => {
    const key = rowKey(r);
    const accepts = r.kind === 'trash' || (r.kind === 'node' && !r.node.removed);
    return {
      onDragOver: (e: DragEvent) => {
        if (!accepts || !isItemsDrag(e.dataTransfer)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = r.kind !== 'trash' && (e.ctrlKey || e.metaKey) ? 'copy' : 'move';
        if (dropOn !== key) setDropOn(key);
      },
      onDragLeave: () => setDropOn((d) => (d === key ? null : d)),
      onDrop: (e: DragEvent) => {
        if (!accepts || !isItemsDrag(e.dataTransfer)) return;
        e.preventDefault();
        setDropOn(null);
        const ids = draggedItems(e.dataTransfer);
        if (ids.length === 0) return;
        if (r.kind === 'trash') void trashItems(ids);
        else if (r.kind === 'node') void (e.ctrlKey || e.metaKey ? linkItems(ids, r.node.code) : moveItems(ids, r.node.code));
      },
    };
  };

  const dragProps = (r: Row) => {
    // Nothing is imported into a read-only archive: no drop target (the cursor says so).
    if (readOnly) return {};
    if (r.kind === 'trash') return itemDropProps(r);
    const key = rowKey(r);
    const items = itemDropProps(r);
    return {
      ...(r.kind === 'node' && !r.node.removed
        ? {
            draggable: true,
            onDragStart: (e: DragEvent) => {
              dragging.current = r.node.code;
              e.dataTransfer.setData(NODE_DRAG, r.node.code);
              e.dataTransfer.effectAllowed = 'move';
            },
            onDragEnd: () => {
              dragging.current = null;
              setDropOn(null);
            },
          }
        : {}),
      onDragOver: (e: DragEvent) => {
        if (isItemsDrag(e.dataTransfer)) return items.onDragOver(e);
        if (isNodeDrag(e.dataTransfer)) {
          if (r.kind !== 'node' || !mayDropOn(r.node)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
          if (dropOn !== key) setDropOn(key);
          return;
        }
        if (!hasFiles(e.dataTransfer)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        if (dropOn !== key) setDropOn(key);
      },
      onDragLeave: () => setDropOn((d) => (d === key ? null : d)),
      onDrop: (e: DragEvent) => {
        if (isItemsDrag(e.dataTransfer)) return items.onDrop(e);
        if (isNodeDrag(e.dataTransfer)) {
          e.preventDefault();
          setDropOn(null);
          const code = e.dataTransfer.getData(NODE_DRAG);
          dragging.current = null;
          if (r.kind === 'node' && code && code !== r.node.code) void moveIndicator(code, r.node.code);
          return;
        }
        if (!hasFiles(e.dataTransfer)) return;
        e.preventDefault();
        e.stopPropagation();
        setDropOn(null);
        const dropped = readDrop(e.dataTransfer);
        void dropped.then((d) => importFiles(d.files, d.relativePaths, r.kind === 'node' ? r.node.code : undefined));
      },
    };
  };

  /** The items selected in the list (not the trash), offered to this node: 归到这里, 链接到这里. */
  const selectionHere = (node: IndicatorNode): (MenuEntry | null)[] => {
    const ids = menu?.items ?? [];
    if (node.removed || ids.length === 0) return [];
    const n = ids.length;
    return [
      { label: `把选中的 ${n} 件材料归到这里`, run: () => void moveItems(ids, node.code), testId: 'menu-items-move' },
      { label: `把选中的 ${n} 件材料链接到这里`, run: () => void linkItems(ids, node.code), testId: 'menu-items-link' },
      null,
    ];
  };

  /**
   * Items selected in the list, which the menu offers to file under the node; while several are,
   * opening the menu leaves the list as it is (the node is not opened), so they stay selected.
   */
  const listSelection = (): number[] => {
    const s = app.get();
    return s.view?.kind === 'trash' ? [] : s.selected;
  };

  const openMenuAt = (node: IndicatorNode, el: HTMLElement | null) => {
    const box = el?.getBoundingClientRect();
    setMenu({ node, x: box ? box.right - 8 : 100, y: box ? box.bottom - 4 : 100, items: listSelection() });
  };

  /** Where a new sibling of `node` goes: right after it. */
  const siblingPlace = (node: IndicatorNode): EditMode => {
    const parent = node.parentId != null ? (tree?.nodes.find((x) => x.id === node.parentId) ?? null) : null;
    const siblings = tree?.nodes.filter((x) => x.parentId === node.parentId) ?? [];
    return { kind: 'add', parent, position: siblings.findIndex((x) => x.id === node.id) + 1 };
  };

  const renderRow = (index: number) => {
    const r = rows[index];
    const key = rowKey(r);
    const selected = key === selectedKey;
    const common = {
      role: 'treeitem',
      'aria-selected': selected,
      className: `tnode ${r.kind !== 'node' ? 'tnode-special' : ''} ${r.kind === 'node' && r.node.removed ? 'tnode-removed' : ''} ${dropOn === key ? 'drop-target' : ''}`,
      onClick: () => select(r),
      ...dragProps(r),
    };
    if (r.kind === 'inbox' || r.kind === 'trash') {
      const label = r.kind === 'inbox' ? '未归类' : '回收站';
      const hint =
        r.kind === 'inbox' ? '导入时没有对上指标的材料；选中后可在右侧挂到指标下' : '移到回收站的材料，可以恢复';
      return (
        <div {...common} aria-level={1} data-testid={`tree-${r.kind}`} title={hint} style={{ paddingLeft: 8 }}>
          <span className="tnode-twisty" aria-hidden="true" />
          <div className="tnode-body">
            <span className="tnode-title">{label}</span>
            <span className="tnode-meta">
              {r.count} 件{r.kind === 'inbox' && r.count > 0 ? '，待归类' : ''}
            </span>
          </div>
        </div>
      );
    }
    const n = r.node;
    const full = `${n.code} ${n.title}${n.requirement ? `\n要求：${n.requirement}` : ''}${n.department ? `\n责任单位：${n.department}` : ''}${n.score != null ? `\n分值：${n.score}` : ''}${n.removed ? '\n（已从指标体系中删除，因挂有材料而保留）' : ''}`;
    return (
      <div
        {...common}
        aria-level={r.depth + 1}
        aria-expanded={r.hasChildren ? r.expanded : undefined}
        data-testid="tree-node"
        data-code={n.code}
        onContextMenu={(e) => {
          if (readOnly || !editsTree) return;
          e.preventDefault();
          const items = listSelection();
          if (items.length <= 1) select(r);
          setMenu({ node: n, x: e.clientX, y: e.clientY, items });
        }}
        data-status={n.status}
        title={full}
        style={{ paddingLeft: 4 + r.depth * 14 }}
      >
        <span
          className="tnode-twisty"
          aria-hidden="true"
          onClick={(e) => {
            if (!r.hasChildren) return;
            e.stopPropagation();
            toggle(n.id);
          }}
        >
          {r.hasChildren ? (r.expanded ? '▼' : '▶') : ''}
        </span>
        <div className="tnode-body">
          <span className="tnode-title">
            <span className="tnode-code">{n.code}</span>
            {n.title}
          </span>
          <span className="tnode-meta">
            <StatusBadge status={n.status} text={progressText(n.status, shortActual(n.actualText))} title={badgeTitle(n)} />
            <span>{n.items} 件</span>
            {n.problems > 0 && <span className="warn">{n.problems} 个问题</span>}
            {n.removed && <span>已删除</span>}
          </span>
        </div>
        {!readOnly && editsTree && (
          <button
            type="button"
            className="tnode-more"
            aria-label={`指标 ${n.code} 的操作`}
            title="新增、编辑、删除（也可以右键点击指标）"
            tabIndex={-1}
            data-testid="tree-node-more"
            onClick={(e) => {
              e.stopPropagation();
              if (listSelection().length <= 1) select(r);
              openMenuAt(n, e.currentTarget);
            }}
          >
            ⋯
          </button>
        )}
      </div>
    );
  };

  // Leaves by status, of the indicators the department filter shows.
  const counts = useMemo(() => {
    if (!tree) return null;
    const show = visibleIds(tree, department);
    const leaves = tree.nodes.filter((n) => n.leaf && (!show || show.has(n.id)));
    return {
      met: leaves.filter((n) => n.status === 'met').length,
      unverified: leaves.filter((n) => n.status === 'unverified').length,
      below: leaves.filter((n) => n.status === 'below').length,
      missing: leaves.filter((n) => n.status === 'missing').length,
    };
  }, [tree, department]);

  return (
    <aside className="col col-tree" aria-label="指标体系">
      <div className="col-head">
        <span className="col-title">指标</span>
        {tree && tree.departments.length > 0 && (
          <select
            className="tree-filter"
            aria-label="按责任单位筛选"
            data-testid="department-filter"
            value={department}
            onChange={(e) => app.set({ department: e.target.value })}
          >
            <option value="">全部责任单位</option>
            {tree.departments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        )}
        {tree && tree.nodes.length > 0 && editsTree && (
          <Button
            small
            onClick={onImportIndicators}
            disabled={!!readOnly}
            title={readOnly ? '档案是只读的，不能导入指标' : '导入或更新测评指标体系（Excel 表或指标模板）'}
            data-testid="import-indicators"
            style={{ marginLeft: 'auto' }}
          >
            导入指标
          </Button>
        )}
      </div>
      {!tree ? (
        treeError ? <EmptyState title="指标没有载入" hint={treeError} /> : <Loading />
      ) : (
        // 未归类 stays on top and 回收站 at the bottom; the indicators scroll between them.
        <div className="tree" role="tree" aria-label="指标" data-testid="indicator-tree" tabIndex={0} onKeyDown={onKeyDown}>
          <div className="tree-pinned">{renderRow(0)}</div>
          <VirtualList
            ref={list}
            className="tree-nodes"
            count={rows.length - 2}
            rowHeight={ROW}
            renderRow={(i) => renderRow(i + 1)}
            empty={
              <EmptyState
                title="还没有指标体系"
                hint={readOnly ? '这个档案还没有导入指标体系；档案是只读的，不能导入。' : '先导入上级下发的测评指标体系（Excel 表），再把材料归到各条指标下。'}
                action={
                  <Button variant="primary" onClick={onImportIndicators} disabled={!!readOnly} data-testid="import-indicators-empty">
                    导入指标体系
                  </Button>
                }
              />
            }
          />
          <div className="tree-pinned tree-pinned-bottom">{renderRow(rows.length - 1)}</div>
        </div>
      )}
      {counts && tree && tree.nodes.length > 0 && (
        <div className="tree-foot col-head small" data-testid="tree-summary">
          <span className="tz-status tz-status-met">已达标 {counts.met}</span>
          {counts.unverified > 0 && <span className="tz-status tz-status-unverified">待核对 {counts.unverified}</span>}
          <span className="tz-status tz-status-below">未达标 {counts.below}</span>
          <span className="tz-status tz-status-missing">缺材料 {counts.missing}</span>
        </div>
      )}
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          onClose={() => setMenu(null)}
          testId="tree-menu"
          label={`指标 ${menu.node.code} 的操作`}
          entries={[
            ...selectionHere(menu.node),
            { label: '新增下级指标…', run: () => setEditing({ kind: 'add', parent: menu.node }), testId: 'menu-add-child' },
            { label: '新增同级指标…', run: () => setEditing(siblingPlace(menu.node)), testId: 'menu-add-sibling' },
            { label: '编辑…', hint: 'F2', run: () => setEditing({ kind: 'edit', node: menu.node }), testId: 'menu-edit' },
            ...(menu.node.parentId != null ? [{ label: '移到第一级', run: () => void moveIndicator(menu.node.code, null), testId: 'menu-move-top' }] : []),
            { label: '删除', run: () => void deleteIndicator(menu.node.code), testId: 'menu-delete', danger: true },
            null,
            // 填报模式 exports nothing but its 回传包.
            ...(app.get().session?.archive?.filling ? [] : [{ label: '导出本指标…', run: () => openExportOf(menu.node.code, menu.node.title), testId: 'menu-export' }, null]),
            {
              label: undoLabel ? `撤销：${undoLabel}` : '撤销',
              hint: 'Ctrl+Z',
              run: () => void undoIndicatorEdit(),
              disabled: !undoLabel,
              testId: 'menu-undo',
            },
          ]}
        />
      )}
      {editing && <IndicatorEditDialog mode={editing} onClose={() => setEditing(null)} />}
    </aside>
  );
}
