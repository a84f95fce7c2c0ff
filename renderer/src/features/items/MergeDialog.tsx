// 合并: several items into one. The clerk sees the order the files will take (the order they were
// selected in, or the list's) and which item's title and facts are kept, then confirms.
import { useState } from 'react';
import type { ItemSummary } from '../../../../shared/api';
import { Button, Dialog } from '../../components';
import { mergeItems } from '../../state/selection';

export function MergeDialog({ bySelection, byList, onClose }: { bySelection: ItemSummary[]; byList: ItemSummary[]; onClose(): void }) {
  const same = bySelection.every((it, i) => byList[i]?.id === it.id);
  const [order, setOrder] = useState<'selection' | 'list'>('selection');
  const rows = order === 'selection' ? bySelection : byList;
  const files = rows.reduce((n, r) => n + r.files, 0);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    await mergeItems(rows.map((r) => r.id));
    setBusy(false);
    onClose();
  };
  const name = (r: ItemSummary) => (r.titleSupplied ? `[${r.title}]` : r.title);
  return (
    <Dialog
      title={`合并 ${rows.length} 件材料`}
      onClose={onClose}
      testId="merge-dialog"
      width={560}
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button variant="primary" onClick={() => void go()} disabled={busy} data-testid="merge-confirm">
            合并为一件
          </Button>
        </>
      }
    >
      <p style={{ margin: '0 0 8px' }}>
        合并后只留下第一件《{name(rows[0])}》：它的题名、日期等信息保留，{files} 个文件按下面的顺序排在一起，所属指标合在一起；其余 {rows.length - 1} 件移到回收站。可以撤销。
      </p>
      {!same && (
        <div className="seg" role="group" aria-label="文件顺序" style={{ marginBottom: 8 }}>
          <button type="button" aria-pressed={order === 'selection'} onClick={() => setOrder('selection')} data-testid="merge-by-selection">
            按选择的先后
          </button>
          <button type="button" aria-pressed={order === 'list'} onClick={() => setOrder('list')} data-testid="merge-by-list">
            按列表顺序
          </button>
        </div>
      )}
      <ol className="sel-merge-list" data-testid="merge-order">
        {rows.map((r, i) => (
          <li key={r.id} data-id={r.id} title={name(r)}>
            <span className="ellipsis">{name(r)}</span>
            <span className="muted small">
              {r.date ?? '无日期'} · {r.files} 个文件{i === 0 ? ' · 保留' : ''}
            </span>
          </li>
        ))}
      </ol>
    </Dialog>
  );
}
