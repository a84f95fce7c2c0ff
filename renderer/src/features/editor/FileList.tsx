// The files of an item: thumbnail, name, facts, role (正文, 签到表, 照片 …) and order (↑ ↓, or drag
// a file to its place). Ticked files can be split out into a new item, moved to another item or
// taken out of this one; each with 撤销 in the notice.
import { useEffect, useState, type DragEvent } from 'react';
import { FILE_ROLES, FILE_ROLE_LABELS, type FileRole, type Item } from '../../../../shared/domain';
import { bridge, call } from '../../api/client';
import { Button, Choice, Dialog, IconButton } from '../../components';
import { failed, mayEdit, useReadOnly } from '../../state/app-state';
import { itemsAction } from '../../state/selection';
import { ItemPicker } from '../items/ItemPicker';
import { fileFacts, typeLabel } from './files';
import { useSaving } from './saving';

/** The drag type of a file dragged within the list (its id), to put it in another place. */
const FILE_DRAG = 'application/x-taizhang-file';

/** `ids` with `moving` taken out and put before `before` (null: at the end). */
export function reordered(ids: number[], moving: number, before: number | null): number[] {
  const rest = ids.filter((id) => id !== moving);
  const at = before == null ? rest.length : rest.indexOf(before);
  rest.splice(at < 0 ? rest.length : at, 0, moving);
  return rest;
}

export function FileList({
  item,
  currentFile,
  onSelect,
  onSaved,
}: {
  item: Item;
  currentFile: number | null;
  onSelect(fileId: number): void;
  onSaved(item: Item): void;
}) {
  const saving = useSaving();
  const readOnly = !!useReadOnly();
  const [checked, setChecked] = useState<number[]>([]);
  const [dialog, setDialog] = useState<'split' | 'move' | null>(null);
  const [dropAt, setDropAt] = useState<{ id: number; after: boolean } | null>(null);
  const [dragged, setDragged] = useState<number | null>(null);

  // Another item, or files gone from this one: ticks only on files still here.
  useEffect(() => {
    setChecked((c) => c.filter((id) => item.files.some((f) => f.id === id)));
  }, [item]);

  const update = async (fileId: number, change: { role?: FileRole; position?: number }) => {
    try {
      onSaved(await saving.track(call('files.update', { fileId, ...change })));
    } catch (e) {
      failed(e);
    }
  };
  const reorder = async (fileIds: number[]) => {
    if (!mayEdit() || fileIds.join() === item.files.map((f) => f.id).join()) return;
    try {
      onSaved(await saving.track(call('files.reorder', { id: item.id, fileIds })));
    } catch (e) {
      failed(e);
    }
  };
  /** The ticked files in the item's order. */
  const ticked = item.files.filter((f) => checked.includes(f.id)).map((f) => f.id);
  const done = (ok: unknown) => ok && setChecked([]);

  if (item.files.length === 0) return <div className="muted small">这件材料没有文件。</div>;
  const toggle = (id: number, on: boolean) => setChecked((c) => (on ? [...c.filter((x) => x !== id), id] : c.filter((x) => x !== id)));

  const dropProps = (id: number) => ({
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(FILE_DRAG)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      const box = e.currentTarget.getBoundingClientRect();
      const after = e.clientY > box.top + box.height / 2;
      if (dropAt?.id !== id || dropAt.after !== after) setDropAt({ id, after });
    },
    onDragLeave: (e: DragEvent) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropAt((d) => (d?.id === id ? null : d));
    },
    onDrop: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(FILE_DRAG)) return;
      e.preventDefault();
      const moving = Number(e.dataTransfer.getData(FILE_DRAG));
      const ids = item.files.map((f) => f.id);
      const i = ids.indexOf(id);
      const before = dropAt?.after ? (ids[i + 1] ?? null) : id;
      setDropAt(null);
      setDragged(null);
      if (moving && moving !== before) void reorder(reordered(ids, moving, before));
    },
  });

  return (
    <>
      {ticked.length > 0 && (
        <div className="sel-bar sel-files-bar" role="toolbar" aria-label="选中的文件" data-testid="file-selection">
          <span className="sel-count">已选 {ticked.length} 个文件</span>
          <Button small disabled={readOnly} onClick={() => setDialog('split')} title="这些文件单独成为一件新材料，挂在同样的指标下" data-testid="files-split">
            拆分为新材料…
          </Button>
          <Button small disabled={readOnly} onClick={() => setDialog('move')} title="把这些文件移到另一件材料中" data-testid="files-move">
            移到其他材料…
          </Button>
          <Button
            small
            variant="danger"
            disabled={readOnly}
            onClick={() => void itemsAction(() => call('files.remove', { fileIds: ticked })).then(done)}
            title="从这件材料中去掉（文件仍保存在档案中，可以撤销；清空回收站时才删除没有材料使用的文件）"
            data-testid="files-remove"
          >
            移出本材料
          </Button>
          <div className="tz-spacer" />
          <Button small variant="link" onClick={() => setChecked([])}>
            取消
          </Button>
        </div>
      )}
      <div className="files files-selectable" role="list" aria-label="文件" data-testid="files">
        {item.files.map((f, i) => (
          <div
            key={f.id}
            role="listitem"
            className={`file-row ${f.id === currentFile ? 'current' : ''} ${dragged === f.id ? 'dragging' : ''} ${dropAt?.id === f.id ? (dropAt.after ? 'drop-after' : 'drop-before') : ''}`}
            onClick={() => onSelect(f.id)}
            data-testid="file-row"
            data-file={f.id}
            draggable={!readOnly && item.files.length > 1}
            onDragStart={(e) => {
              e.dataTransfer.setData(FILE_DRAG, String(f.id));
              e.dataTransfer.effectAllowed = 'move';
              setDragged(f.id);
            }}
            onDragEnd={() => {
              setDragged(null);
              setDropAt(null);
            }}
            {...dropProps(f.id)}
            title={readOnly ? undefined : '拖动可以调整文件的顺序'}
          >
            <input
              type="checkbox"
              className="file-check"
              checked={checked.includes(f.id)}
              onClick={(e) => e.stopPropagation()}
              onChange={(e) => toggle(f.id, e.target.checked)}
              aria-label={`选择“${f.name}”`}
              data-testid="file-check"
            />
            <div className="file-thumb">
              {f.thumbPath ? <img src={bridge.fileUrl(f.thumbPath)} alt="" draggable={false} /> : <span>{typeLabel(f.type).slice(0, 4)}</span>}
            </div>
            <div style={{ minWidth: 0 }}>
              <div className="file-name" title={f.name}>
                {f.name}
              </div>
              <div className={`file-meta ${f.warning ? 'warn' : ''}`} title={f.warning ?? fileFacts(f)}>
                {f.warning ? `⚠ ${f.warning}` : fileFacts(f)}
              </div>
            </div>
            <div className="file-tools" onClick={(e) => e.stopPropagation()}>
              <Choice
                options={FILE_ROLES}
                labels={FILE_ROLE_LABELS}
                aria-label={`“${f.name}”的用途`}
                value={f.role}
                onChange={(e) => void update(f.id, { role: e.target.value as FileRole })}
                disabled={readOnly}
                data-testid="file-role"
              />
              <IconButton icon="↑" label="上移" disabled={readOnly || i === 0} onClick={() => void update(f.id, { position: i - 1 })} data-testid="file-up" />
              <IconButton
                icon="↓"
                label="下移"
                disabled={readOnly || i === item.files.length - 1}
                onClick={() => void update(f.id, { position: i + 1 })}
                data-testid="file-down"
              />
            </div>
          </div>
        ))}
      </div>
      {dialog === 'split' && (
        <SplitDialog
          item={item}
          count={ticked.length}
          onClose={() => setDialog(null)}
          onSplit={(title) => itemsAction(() => call('items.split', { id: item.id, fileIds: ticked, title: title || undefined })).then(done)}
        />
      )}
      {dialog === 'move' && (
        <ItemPicker
          title={`把 ${ticked.length} 个文件移到其他材料`}
          exclude={item.id}
          onClose={() => setDialog(null)}
          onPick={(to) => void itemsAction(() => call('files.move', { fileIds: ticked, to: to.id })).then(done)}
        />
      )}
    </>
  );
}

/** 拆分为新材料: the new item's title (the old one unless changed); it keeps the links and facts. */
function SplitDialog({ item, count, onSplit, onClose }: { item: Item; count: number; onSplit(title: string): Promise<unknown>; onClose(): void }) {
  const [title, setTitle] = useState(item.title);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    await onSplit(title.trim());
    setBusy(false);
    onClose();
  };
  return (
    <Dialog
      title={`拆分为新材料（${count} 个文件）`}
      onClose={onClose}
      testId="split-dialog"
      width={480}
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button variant="primary" onClick={() => void go()} disabled={busy || !title.trim()} data-testid="split-confirm">
            拆分
          </Button>
        </>
      }
    >
      <p style={{ marginTop: 0 }}>选中的 {count} 个文件从《{item.title}》中分出，成为一件新材料：挂在同样的指标下，日期、部门等信息相同。</p>
      <label className="small muted" htmlFor="tz-split-title">
        新材料的题名
      </label>
      <input
        id="tz-split-title"
        className="tz-input"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && title.trim() && void go()}
        data-testid="split-title"
        style={{ width: '100%' }}
      />
    </Dialog>
  );
}
