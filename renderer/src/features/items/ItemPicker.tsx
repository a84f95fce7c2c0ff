// 移到其他材料: a dialog to choose the item that receives files — the items of the list shown, or
// any item found by a search (题名, 文号, captions).
import { useEffect, useState } from 'react';
import type { ItemSummary } from '../../../../shared/api';
import { call, errorText } from '../../api/client';
import { Button, Dialog } from '../../components';
import { app } from '../../state/app-state';

export function ItemPicker({ title, exclude, onPick, onClose }: { title: string; exclude: number; onPick(item: ItemSummary): void; onClose(): void }) {
  const listed = app.use((s) => s.items);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ItemSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState<number | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setFound(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      call('items.search', { query: q }).then(
        (hits) => live && (setFound(hits.map((h) => h.item)), setError(null)),
        (e) => live && setError(errorText(e)),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query]);

  const rows = (found ?? listed ?? []).filter((i) => i.id !== exclude && !i.deletedAt).slice(0, 300);
  const chosen = rows.find((r) => r.id === active);
  const pick = (r: ItemSummary | undefined) => {
    if (!r) return;
    onClose();
    onPick(r);
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId="item-pick"
      width={560}
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button variant="primary" disabled={!chosen} onClick={() => pick(chosen)} data-testid="item-pick-confirm">
            移到这件材料
          </Button>
        </>
      }
    >
      <input
        className="tz-input"
        placeholder="搜索其他材料（题名、文号、照片说明）…"
        aria-label="搜索材料"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="item-pick-query"
        style={{ width: '100%' }}
      />
      <p className="muted small" style={{ margin: '6px 0' }}>
        {error ?? (found ? `找到 ${rows.length} 件` : '当前列表中的材料；要找别处的材料，请输入题名搜索。')}
      </p>
      <ul className="sel-pick-list" role="listbox" aria-label="材料">
        {rows.map((r) => (
          <li
            key={r.id}
            role="option"
            aria-selected={r.id === active}
            title={r.title}
            onClick={() => setActive(r.id)}
            onDoubleClick={() => pick(r)}
            data-testid="item-pick-option"
            data-id={r.id}
          >
            <span className="ellipsis">{r.titleSupplied ? `[${r.title}]` : r.title}</span>
            <span className="muted small">
              {r.date ?? '无日期'} · {r.files} 个文件
            </span>
          </li>
        ))}
        {rows.length === 0 && <li className="muted">没有可选的材料。</li>}
      </ul>
    </Dialog>
  );
}
