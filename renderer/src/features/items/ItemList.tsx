// The middle column: the items of the selected indicator (or 未归类, 回收站, search results) as
// a list or a grid of thumbnails, sortable by date, virtualised for 10,000 items; files and
// folders dropped here are imported under the indicator; Delete moves the selection to the trash.
// A selection (Shift/Ctrl click, Ctrl+A) is acted on as one: the bar above the list and the right
// click offer 归到指标, 链接, 移出, 类别, 日期 …, 接受建议, 合并 and the trash; dragged onto a tree
// node it is filed there. In 未归类 each row offers the indicators its text matches (归到 in one
// click). In 回收站: 恢复, 彻底删除, 清空回收站. An item a department submitted carries its department
// and the 创建办's decision; in the 审核 queue (features/review) 通过 and 退回… come first.
import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { ItemSummary } from '../../../../shared/api';
import type { FilingSuggestion } from '../../../../shared/text-types';
import { ITEM_KIND_LABELS } from '../../../../shared/domain';
import { bridge } from '../../api/client';
import { Button, ContextMenu, EmptyState, Loading, StatusBadge, Toolbar, VirtualList, useSize, type VirtualListHandle } from '../../components';
import { progressText } from '../../format';
import { app, clearSearch, editorFocusWanted, focusEditorField, focusItemList, listFocusWanted, nodeByCode, openItem, searchHits, useReadOnly } from '../../state/app-state';
import { importFiles, imports } from '../../state/imports';
import { acceptSuggestions, moveItems, unlinkItems } from '../../state/selection';
import { restoreItems, trashItems } from '../../state/trash';
import { hasFiles, ITEMS_DRAG, readDrop } from './drop';
import { openSelectionDialog, SelectionDialogs, selectionEntries } from './selection-menu';
import { ImportButton } from './ImportButton';
import { ImportProgress } from './ImportProgress';
import { badgeTitle } from '../indicators/IndicatorTree';
import { StatementPanel } from '../indicators/StatementPanel';
import { ReturnDialogHost } from '../review/ReturnDialog';
import { ReviewFilters, ReviewHeading, ReviewSelectionButtons, reviewEmpty } from '../review/ReviewQueue';
import { SubmissionChip } from '../review/SubmissionChip';

const ROW = 48;
/** A row of 未归类 with its filing suggestions under the title. */
const FILING_ROW = 74;
const GRID_ROW = 176;
const CELL_MIN = 150;

type Sort = 'order' | 'date-asc' | 'date-desc';
type Mode = 'list' | 'grid';

function sorted(items: ItemSummary[], sort: Sort): ItemSummary[] {
  if (sort === 'order') return items;
  const dir = sort === 'date-asc' ? 1 : -1;
  // Undated items last either way.
  return [...items].sort((a, b) => {
    if (a.date === b.date) return a.id - b.id;
    if (!a.date) return 1;
    if (!b.date) return -1;
    return a.date < b.date ? -dir : dir;
  });
}

/** The snippet with the searched words marked. */
function highlight(snippet: string, query: string) {
  const terms = query.split(/\s+/).filter(Boolean).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (terms.length === 0) return snippet;
  const parts = snippet.split(new RegExp(`(${terms.join('|')})`, 'i'));
  return parts.map((p, i) => (i % 2 ? <mark key={i}>{p}</mark> : <span key={i}>{p}</span>));
}

export function ItemList() {
  const view = app.use((s) => s.view);
  const items = app.use((s) => s.items);
  const itemsError = app.use((s) => s.itemsError);
  const selected = app.use((s) => s.selected);
  const current = app.use((s) => s.current);
  const tree = app.use((s) => s.tree);
  const busy = imports.use((s) => s.jobId != null || s.uploading != null);
  const readOnly = useReadOnly();
  const [sort, setSort] = useState<Sort>('order');
  const [mode, setMode] = useState<Mode>('list');
  const [dragging, setDragging] = useState(false);
  const [menu, setMenu] = useState<{ x: number; y: number; ids: number[] } | null>(null);
  const anchor = useRef<number | null>(null);
  const list = useRef<VirtualListHandle>(null);
  const [wrap, { width }] = useSize<HTMLDivElement>({ width: 600, height: 0 });

  const rows = useMemo(() => (items ? sorted(items, view?.kind === 'search' ? 'order' : sort) : []), [items, sort, view]);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const currentIndex = rows.findIndex((r) => r.id === current);
  const cols = Math.max(1, Math.floor((width - 20) / CELL_MIN));
  const indicatorNode = view?.kind === 'indicator' ? nodeByCode(tree, view.code) : undefined;
  const target = view?.kind === 'indicator' ? view.code : undefined;
  /** A list files can be imported into (the import button shows there, disabled when read-only). */
  const importable = view?.kind === 'indicator' || view?.kind === 'inbox';
  const canDrop = importable && !readOnly;
  const inTrash = view?.kind === 'trash';
  // A node with sub-indicators lists its whole subtree: no 件号 then, but where each item is filed.
  const isLeaf = !!indicatorNode && !tree?.nodes.some((n) => n.parentId === indicatorNode.id);
  const numbered = view?.kind === 'indicator' && isLeaf && sort === 'order';
  const showLinks = view?.kind !== 'indicator' || !isLeaf;
  const withFiling = view?.kind === 'inbox' && mode === 'list' && rows.some((r) => r.filing?.length);
  const rowHeight = mode === 'grid' ? GRID_ROW : withFiling ? FILING_ROW : ROW;

  // Enter in the tree while this list was loading: the list takes the focus now that it is here.
  useEffect(() => {
    if (items == null || !listFocusWanted.current) return;
    focusItemList();
    listFocusWanted.current = false;
  }, [items]);

  // Keep the open item visible when it changes from elsewhere (the self-check, undo).
  useEffect(() => {
    if (currentIndex >= 0) list.current?.scrollToIndex(mode === 'grid' ? Math.floor(currentIndex / cols) : currentIndex);
  }, [currentIndex, mode, cols]);

  const click = (e: MouseEvent, id: number, index: number) => {
    if (e.shiftKey && anchor.current != null) {
      const a = rows.findIndex((r) => r.id === anchor.current);
      const [from, to] = a < index ? [a, index] : [index, a];
      app.set({ selected: rows.slice(from, to + 1).map((r) => r.id), current: id });
      return;
    }
    if (e.ctrlKey || e.metaKey) {
      const next = selectedSet.has(id) ? selected.filter((x) => x !== id) : [...selected, id];
      app.set({ selected: next, current: id });
      anchor.current = id;
      return;
    }
    anchor.current = id;
    openItem(id);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = mode === 'grid' ? { ArrowDown: cols, ArrowUp: -cols, ArrowRight: 1, ArrowLeft: -1 } : { ArrowDown: 1, ArrowUp: -1 };
    const delta = (step as Record<string, number>)[e.key];
    if (delta != null || e.key === 'Home' || e.key === 'End' || e.key === 'PageDown' || e.key === 'PageUp') {
      e.preventDefault();
      if (rows.length === 0) return;
      const page = Math.max(1, Math.floor((list.current?.element()?.clientHeight ?? 400) / rowHeight)) * (mode === 'grid' ? cols : 1);
      const from = currentIndex < 0 ? -1 : currentIndex;
      let to =
        e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : e.key === 'PageDown' ? from + page : e.key === 'PageUp' ? from - page : from + delta;
      if (from < 0) to = 0;
      to = Math.max(0, Math.min(rows.length - 1, to));
      const id = rows[to].id;
      if (e.shiftKey && anchor.current != null) {
        const a = rows.findIndex((r) => r.id === anchor.current);
        const [lo, hi] = a < to ? [a, to] : [to, a];
        app.set({ selected: rows.slice(lo, hi + 1).map((r) => r.id), current: id });
      } else {
        anchor.current = id;
        openItem(id);
      }
      list.current?.scrollToIndex(mode === 'grid' ? Math.floor(to / cols) : to);
    } else if ((e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) && current != null) {
      // The menu from the keyboard, beside the open row.
      e.preventDefault();
      const row = e.currentTarget.querySelector<HTMLElement>(`[data-id="${current}"]`)?.getBoundingClientRect();
      setMenu({ x: row ? row.left + 40 : 200, y: row ? row.bottom - 4 : 200, ids: selectedSet.has(current) ? selected : [current] });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      focusEditor();
    } else if (e.key === 'Delete' || (e.key === 'Backspace' && (e.metaKey || e.ctrlKey))) {
      e.preventDefault();
      if (!inTrash) void trashItems(selected.length ? selected : current != null ? [current] : []);
    } else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      app.set({ selected: rows.map((r) => r.id) });
    }
  };

  const onDragOver = (e: DragEvent) => {
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = canDrop ? 'copy' : 'none';
    if (!dragging) setDragging(true);
  };
  const onDrop = (e: DragEvent) => {
    setDragging(false);
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    if (!canDrop) return;
    const dropped = readDrop(e.dataTransfer);
    void dropped.then((d) => importFiles(d.files, d.relativePaths, target));
  };

  /** The selection if `id` is in it, else `id` alone (now selected): what a right click or a drag acts on. */
  const actOn = (id: number): number[] => {
    if (selectedSet.has(id)) return selected;
    anchor.current = id;
    openItem(id);
    return [id];
  };

  const onRowDragStart = (e: DragEvent, id: number) => {
    const ids = actOn(id);
    e.dataTransfer.setData(ITEMS_DRAG, JSON.stringify(ids));
    e.dataTransfer.effectAllowed = 'copyMove';
    // The picture under the pointer says how many go, not the one row grabbed.
    const ghost = document.createElement('div');
    ghost.className = 'sel-drag-ghost';
    ghost.textContent = ids.length > 1 ? `${ids.length} 件材料` : (rows.find((r) => r.id === id)?.title ?? '1 件材料');
    document.body.appendChild(ghost);
    e.dataTransfer.setDragImage(ghost, -8, -8);
    setTimeout(() => ghost.remove(), 0);
  };

  /** What a list row and a grid cell share: selection, the click, the full title as a tooltip. */
  const optionProps = (it: ItemSummary, i: number, cls: string) => ({
    draggable: !readOnly && !inTrash,
    onDragStart: (e: DragEvent) => onRowDragStart(e, it.id),
    onContextMenu: (e: MouseEvent) => {
      e.preventDefault();
      setMenu({ x: e.clientX, y: e.clientY, ids: actOn(it.id) });
    },
    role: 'option',
    'aria-selected': selectedSet.has(it.id),
    className: `${cls} ${it.id === current ? 'current' : ''}`,
    'data-testid': 'item-row',
    'data-id': it.id,
    onClick: (e: MouseEvent) => click(e, it.id, i),
    onDoubleClick: focusEditor,
    title: `${it.titleSupplied ? `[${it.title}]` : it.title}${it.date ? `\n日期：${it.date}` : ''}`,
  });

  const renderRow = (i: number) => {
    const it = rows[i];
    const hit = view?.kind === 'search' ? searchHits.get(it.id) : undefined;
    const sub = [
      ITEM_KIND_LABELS[it.kind],
      it.department,
      showLinks && it.indicators.length ? `指标 ${it.indicators.join('、')}` : '',
      it.participants != null ? `${it.participants} 人` : '',
      it.photos > 0 ? `${it.files} 个文件（${it.photos} 张照片）` : `${it.files} 个文件`,
      inTrash && it.deletedAt ? `删除于 ${it.deletedAt.slice(0, 10)}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const title = it.titleSupplied ? `[${it.title}]` : it.title;
    return (
      <div {...optionProps(it, i, 'irow')}>
        <span className="irow-no">{numbered ? i + 1 : ''}</span>
        <div className="irow-main">
          {it.submission ? (
            <span className="irow-titleline">
              <span className="irow-title">{title}</span>
              <SubmissionChip s={it.submission} short={view?.kind === 'review' && !!view.department} />
            </span>
          ) : (
            <span className="irow-title">{title}</span>
          )}
          {hit && hit.field !== 'item' ? (
            <span className="snippet">
              {hit.field === 'caption' ? '文件名/照片说明：' : '正文：'}
              {highlight(hit.snippet, view?.kind === 'search' ? view.query : '')}
            </span>
          ) : (
            <span className="irow-sub">
              {sub}
              {it.warnings > 0 && <span className="warn"> · {it.warnings} 个文件无法读取</span>}
            </span>
          )}
          {withFiling && <FilingChips id={it.id} filing={it.filing ?? []} reading={!!it.reading} readOnly={!!readOnly} />}
        </div>
        <span className="irow-date">{it.date ?? '无日期'}</span>
      </div>
    );
  };

  const renderGridRow = (r: number) => {
    const cells = [];
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const it = rows[i];
      if (!it) {
        cells.push(<div key={c} className="gcell blank" />);
        continue;
      }
      const title = it.titleSupplied ? `[${it.title}]` : it.title;
      cells.push(
        <div key={c} {...optionProps(it, i, 'gcell')}>
          <div className="gcell-img">
            {it.thumb ? <img src={bridge.fileUrl(it.thumb)} alt="" loading="lazy" draggable={false} /> : <span>{ITEM_KIND_LABELS[it.kind]}</span>}
            {it.submission && <SubmissionChip s={it.submission} />}
          </div>
          <div className="gcell-cap">
            <div className="ellipsis">{title}</div>
            <div className="ellipsis muted">
              {it.date ?? '无日期'} · {it.photos > 0 ? `${it.photos} 张照片` : `${it.files} 个文件`}
            </div>
          </div>
        </div>,
      );
    }
    return <div className="grid-row">{cells}</div>;
  };

  const heading = (() => {
    if (!view) return <span className="col-title">材料</span>;
    if (view.kind === 'indicator') {
      const n = indicatorNode;
      return (
        <>
          <span className="col-title" title={n ? `${n.code} ${n.title}${n.requirement ? `\n要求：${n.requirement}` : ''}` : view.code} data-testid="list-title">
            {n ? `${n.code} ${n.title}` : view.code}
          </span>
          {n && <StatusBadge status={n.status} text={progressText(n.status, n.actualText)} title={badgeTitle(n)} />}
        </>
      );
    }
    if (view.kind === 'review') return <ReviewHeading view={view} />;
    const words = { inbox: '未归类', trash: '回收站', search: `搜索“${view.kind === 'search' ? view.query : ''}”` }[view.kind];
    return (
      <span className="col-title" data-testid="list-title">
        {words}
      </span>
    );
  })();

  const empty = (() => {
    if (!view) return <EmptyState title="请在左侧选择一条指标" hint="选中指标后，这里列出挂在它下面的材料。" />;
    if (view.kind === 'search') return <EmptyState title="没有找到" hint="换一个词试试。搜索范围包括题名、文号、地点、照片说明，Word 和 PDF 的正文，以及扫描件、文件照片中识别出的文字。" />;
    if (view.kind === 'review') return reviewEmpty(view);
    if (view.kind === 'trash') return <EmptyState title="回收站是空的" hint="在列表中选中材料按 Delete 键，会移到这里，可以随时恢复。" />;
    if (view.kind === 'inbox')
      return <EmptyState title="没有未归类的材料" hint={readOnly ? '导入时对不上指标的材料会放在这里。' : '导入时对不上指标的材料会放在这里。把文件夹拖到这里，会按文件夹名自动归到指标下。'} />;
    const n = indicatorNode;
    if (n && n.items > 0 && n.ownItems === 0)
      return <EmptyState title="材料挂在下级指标下" hint={`这条指标下共有 ${n.items} 件材料，都在它的下级指标中。请在左侧展开后选择下级指标。`} />;
    if (readOnly) return <EmptyState title="这条指标还没有材料" hint="档案是只读的，不能导入材料。" />;
    return (
      <EmptyState
        title="这条指标还没有材料"
        hint="把文件夹拖到这里，或点“导入材料”。一个子文件夹（如“2023-03-08 科普培训”）算一件材料。"
        action={<ImportButton indicator={target} primary />}
      />
    );
  })();

  const count = rows.length;
  return (
    <main className="col col-list" aria-label="材料列表">
      <div className="col-head list-head">
        <Toolbar label="列表">
          {heading}
          <div className="tz-spacer" />
          {view?.kind !== 'search' && (
            <select className="tz-input" style={{ width: 128, height: 28 }} aria-label="排序" data-testid="sort" value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
              <option value="order">{view?.kind === 'indicator' ? '按件号' : '按日期'}</option>
              <option value="date-asc">日期从早到晚</option>
              <option value="date-desc">日期从晚到早</option>
            </select>
          )}
          <div className="seg" role="group" aria-label="显示方式">
            <button type="button" aria-pressed={mode === 'list'} onClick={() => setMode('list')} data-testid="mode-list">
              列表
            </button>
            <button type="button" aria-pressed={mode === 'grid'} onClick={() => setMode('grid')} data-testid="mode-grid">
              缩略图
            </button>
          </div>
          {importable && <ImportButton indicator={target} />}
        </Toolbar>
      </div>
      {view?.kind === 'review' && <ReviewFilters view={view} />}
      {selected.length > 1 && !busy && <SelectionBar ids={selected} inTrash={inTrash} unlinkFrom={target} readOnly={!!readOnly} onClear={() => app.set({ selected: current != null ? [current] : [] })} />}
      {inTrash && selected.length <= 1 && count > 0 && (
        <div className="sel-hint small muted" data-testid="trash-hint">
          回收站中的材料不计入自查和导出，可以随时恢复；彻底删除后不能恢复，没有其他材料使用的文件会从档案中删除、释放空间。
        </div>
      )}
      {indicatorNode && isLeaf && indicatorNode.leaf && !indicatorNode.removed && <StatementPanel key={indicatorNode.code} node={indicatorNode} />}
      <div
        ref={wrap}
        className={`list-drop ${dragging ? 'dragging' : ''} ${dragging && !canDrop ? (readOnly ? 'read-only' : 'no-target') : ''}`}
        onDragOver={onDragOver}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        {items == null && view ? (
          <Loading />
        ) : itemsError ? (
          <EmptyState title="列表没有载入" hint={itemsError} />
        ) : (
          <VirtualList
            ref={list}
            className="ilist"
            role="listbox"
            aria-label="材料"
            aria-multiselectable="true"
            data-testid="item-list"
            tabIndex={0}
            count={mode === 'grid' ? Math.ceil(count / cols) : count}
            rowHeight={rowHeight}
            renderRow={mode === 'grid' ? renderGridRow : renderRow}
            onKeyDown={onKeyDown}
            empty={empty}
          />
        )}
      </div>
      <div className="list-foot" data-testid="list-foot">
        {busy ? (
          <ImportProgress />
        ) : (
          <>
            <span data-testid="item-count">
              共 {count} 件{selected.length > 1 ? `，已选 ${selected.length} 件` : ''}
            </span>
            <div className="tz-spacer" />
            {inTrash && selected.length === 1 && (
              <Button small variant="primary" onClick={() => void restoreItems(selected)} disabled={!!readOnly} title={readOnly ? '档案是只读的，不能恢复' : undefined} data-testid="restore">
                恢复
              </Button>
            )}
            {inTrash && selected.length === 1 && (
              <Button small variant="danger" onClick={() => openSelectionDialog({ kind: 'purge', ids: selected })} disabled={!!readOnly} title={readOnly ? '档案是只读的，不能删除' : '从档案中彻底删除，不能恢复'} data-testid="purge">
                彻底删除…
              </Button>
            )}
            {inTrash && count > 0 && (
              <Button small onClick={() => openSelectionDialog({ kind: 'purge', ids: null })} disabled={!!readOnly} title={readOnly ? '档案是只读的，不能删除' : '彻底删除回收站中的全部材料'} data-testid="purge-all">
                清空回收站…
              </Button>
            )}
            {!inTrash && selected.length === 1 && (
              <Button small variant="danger" onClick={() => void trashItems(selected)} disabled={!!readOnly} title={readOnly ? '档案是只读的，不能删除' : '移到回收站（Delete）'} data-testid="trash">
                移到回收站
              </Button>
            )}
            {view?.kind === 'search' && (
              <Button small variant="link" onClick={() => clearSearch()}>
                返回
              </Button>
            )}
          </>
        )}
      </div>
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          label={menu.ids.length > 1 ? `选中的 ${menu.ids.length} 件材料` : '这件材料'}
          entries={selectionEntries(menu.ids, view, !!readOnly)}
          onClose={() => setMenu(null)}
          testId="item-menu"
        />
      )}
      <SelectionDialogs rows={rows} />
      <ReturnDialogHost />
    </main>
  );
}

/** Over the list while several items are selected: how many, and what can be done to them all. */
function SelectionBar({ ids, inTrash, unlinkFrom, readOnly, onClear }: { ids: number[]; inTrash: boolean; unlinkFrom: string | undefined; readOnly: boolean; onClear(): void }) {
  const no = readOnly ? '档案是只读的，不能修改' : undefined;
  return (
    <div className="sel-bar" role="toolbar" aria-label="选中的材料" data-testid="selection-bar">
      <span className="sel-count" data-testid="selection-count">
        已选 {ids.length} 件
      </span>
      {inTrash ? (
        <>
          <Button small variant="primary" disabled={readOnly} title={no} onClick={() => void restoreItems(ids)} data-testid="sel-restore">
            恢复
          </Button>
          <Button small variant="danger" disabled={readOnly} title={no} onClick={() => openSelectionDialog({ kind: 'purge', ids })} data-testid="sel-purge">
            彻底删除…
          </Button>
        </>
      ) : (
        <>
          <ReviewSelectionButtons ids={ids} readOnly={readOnly} />
          <Button small variant="primary" disabled={readOnly} title={no ?? '改挂到一条指标下（也可以把选中的材料拖到左侧指标上）'} onClick={() => openSelectionDialog({ kind: 'move', ids })} data-testid="sel-move">
            归到指标…
          </Button>
          <Button small disabled={readOnly} title={no ?? '再挂到一条指标下，原来的保留（拖到指标上时按住 Ctrl）'} onClick={() => openSelectionDialog({ kind: 'link', ids })} data-testid="sel-link">
            链接到指标…
          </Button>
          {unlinkFrom && (
            <Button small disabled={readOnly} title={no ?? `从指标 ${unlinkFrom} 下移出（没有其他指标的材料回到“未归类”）`} onClick={() => void unlinkItems(ids, unlinkFrom)} data-testid="sel-unlink">
              移出本指标
            </Button>
          )}
          <Button small disabled={readOnly} title={no ?? '类别、日期、部门、责任者、密级'} onClick={() => openSelectionDialog({ kind: 'edit', ids })} data-testid="sel-edit">
            修改…
          </Button>
          <Button
            small
            disabled={readOnly}
            title={no ?? '把文件文字中识别出的日期、文号、责任者、题名、参与人数填入空白项（已填的不动）'}
            onClick={() => void acceptSuggestions(ids)}
            data-testid="sel-accept"
          >
            接受建议
          </Button>
          <Button small disabled={readOnly} title={no ?? '合并为一件材料'} onClick={() => openSelectionDialog({ kind: 'merge', ids })} data-testid="sel-merge">
            合并…
          </Button>
          <Button small variant="danger" disabled={readOnly} title={no ?? '移到回收站（Delete）'} onClick={() => void trashItems(ids)} data-testid="sel-trash">
            移到回收站
          </Button>
        </>
      )}
      <div className="tz-spacer" />
      <Button small variant="link" onClick={onClear} title="只保留当前这一件" data-testid="sel-clear">
        取消选择
      </Button>
    </div>
  );
}

/** 未归类: the indicators an item's text matches best, each filed there with one click. */
function FilingChips({ id, filing, reading, readOnly }: { id: number; filing: FilingSuggestion[]; reading: boolean; readOnly: boolean }) {
  if (filing.length === 0)
    return (
      <span className="filing filing-none small muted" data-testid="filing-none">
        {reading ? '文字识别后给出归档建议' : '没有找到相近的指标'}
      </span>
    );
  return (
    <span className="filing" data-testid="filing">
      {filing.slice(0, 3).map((f) => (
        <button
          key={f.code}
          type="button"
          className="filing-chip"
          disabled={readOnly}
          // The row's own click (select, open) must not follow.
          onClick={(e) => {
            e.stopPropagation();
            void moveItems([id], f.code);
          }}
          onDoubleClick={(e) => e.stopPropagation()}
          title={`归到 ${f.code} ${f.title}\n相同的词：${f.words.join('、') || '（无）'}\n匹配度 ${Math.round(f.score * 100)}%`}
          data-testid="filing-chip"
          data-code={f.code}
        >
          归到 {f.code} {f.title}
        </button>
      ))}
    </span>
  );
}

/** Moves keyboard focus into the editor's first field (once the item has loaded). */
function focusEditor(): void {
  if (!focusEditorField()) editorFocusWanted.current = true;
}
