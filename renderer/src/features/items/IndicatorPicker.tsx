// 归到指标 / 链接到指标 for a selection: a dialog to find the indicator by code or name.
import { useMemo, useState } from 'react';
import { Button, Dialog } from '../../components';
import { app } from '../../state/app-state';

const MAX_SHOWN = 200;

export function IndicatorPicker({
  title,
  hint,
  confirm,
  onPick,
  onClose,
}: {
  title: string;
  hint: string;
  /** The button's word (归到这里, 链接到这里). */
  confirm: string;
  onPick(code: string): void;
  onClose(): void;
}) {
  const tree = app.use((s) => s.tree);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState<string | null>(null);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (tree?.nodes ?? []).filter((n) => !n.removed && (!q || n.code.toLowerCase().startsWith(q) || n.title.toLowerCase().includes(q))).slice(0, MAX_SHOWN);
  }, [tree, query]);
  const chosen = matches.find((n) => n.code === active) ?? (matches.length === 1 ? matches[0] : undefined);
  const pick = () => {
    if (!chosen) return;
    onClose();
    onPick(chosen.code);
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId="indicator-pick"
      width={560}
      footer={
        <>
          <span className="muted small ellipsis" style={{ flex: 1 }}>
            {chosen ? `${chosen.code} ${chosen.title}` : '请选择一条指标'}
          </span>
          <Button onClick={onClose}>取消</Button>
          <Button variant="primary" disabled={!chosen} onClick={pick} data-testid="pick-confirm">
            {confirm}
          </Button>
        </>
      }
    >
      <p className="muted small" style={{ margin: '0 0 8px' }}>
        {hint}
      </p>
      <input
        className="tz-input"
        placeholder="输入指标编号或名称…"
        aria-label="查找指标"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            pick();
          }
        }}
        data-testid="pick-query"
        style={{ width: '100%' }}
      />
      <ul className="sel-pick-list" role="listbox" aria-label="指标">
        {matches.map((n) => (
          <li
            key={n.code}
            role="option"
            aria-selected={n.code === chosen?.code}
            title={`${n.code} ${n.title}`}
            onClick={() => setActive(n.code)}
            onDoubleClick={() => {
              onClose();
              onPick(n.code);
            }}
            data-testid="pick-option"
            data-code={n.code}
            style={{ paddingLeft: 8 + (n.level - 1) * 14 }}
          >
            <span className="tnode-code">{n.code}</span>
            <span className="ellipsis">{n.title}</span>
            <span className="muted small">{n.items} 件</span>
          </li>
        ))}
        {matches.length === 0 && <li className="muted">没有这样的指标。</li>}
      </ul>
    </Dialog>
  );
}
