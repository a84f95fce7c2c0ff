// 佐证关联: the indicators an item is filed under, with × to remove and a picker (code or title)
// to add one more. An item with none is in 未归类.
import { useMemo, useState } from 'react';
import type { Item } from '../../../../shared/domain';
import { call } from '../../api/client';
import { IconButton } from '../../components';
import { app, failed, nodeByCode, showView, useReadOnly } from '../../state/app-state';
import { useSaving } from './saving';

const MAX_SHOWN = 60;

export function LinkEditor({ item, onSaved }: { item: Item; onSaved(item: Item): void }) {
  const tree = app.use((s) => s.tree);
  const saving = useSaving();
  const readOnly = !!useReadOnly();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const matches = useMemo(() => {
    if (!tree) return [];
    const q = query.trim().toLowerCase();
    const linked = new Set(item.indicators);
    return tree.nodes
      .filter((n) => !n.removed && !linked.has(n.code))
      .filter((n) => !q || n.code.toLowerCase().includes(q) || n.title.toLowerCase().includes(q))
      .slice(0, MAX_SHOWN);
  }, [tree, query, item.indicators]);

  const link = async (code: string) => {
    setQuery('');
    setOpen(false);
    try {
      onSaved(await saving.track(call('items.link', { id: item.id, indicator: code })));
    } catch (e) {
      failed(e);
    }
  };
  const unlink = async (code: string) => {
    try {
      onSaved(await saving.track(call('items.unlink', { id: item.id, indicator: code })));
    } catch (e) {
      failed(e);
    }
  };

  return (
    <div className="links" data-testid="links">
      {item.indicators.length === 0 && <div className="muted small">还没有挂到任何指标下（在“未归类”中）。</div>}
      {item.indicators.map((code) => {
        const n = nodeByCode(tree, code);
        const label = n ? `${n.code} ${n.title}` : code;
        return (
          <div key={code} className="link-row" data-testid="link" data-code={code}>
            <button type="button" className="tz-btn tz-btn-link ellipsis" style={{ flex: 1, justifyContent: 'flex-start' }} title={`转到 ${label}`} onClick={() => showView({ kind: 'indicator', code })}>
              {label}
            </button>
            <IconButton
              icon="×"
              label={readOnly ? '档案是只读的，不能移除' : `从“${label}”下移除`}
              onClick={() => void unlink(code)}
              disabled={readOnly}
              data-testid="unlink"
            />
          </div>
        );
      })}
      <div className="picker">
        <input
          className="tz-input"
          role="combobox"
          aria-expanded={open}
          aria-controls="tz-link-picker"
          aria-label="添加到指标"
          placeholder={readOnly ? '档案是只读的，不能添加到指标' : '添加到指标：输入编号或名称…'}
          disabled={readOnly}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(matches.length - 1, a + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === 'Enter' && open && matches[active]) {
              e.preventDefault();
              void link(matches[active].code);
            } else if (e.key === 'Escape') {
              setOpen(false);
            }
          }}
          data-testid="link-picker"
        />
        {open && matches.length > 0 && (
          <ul className="picker-list" id="tz-link-picker" role="listbox" aria-label="指标">
            {matches.map((n, i) => (
              <li
                key={n.code}
                role="option"
                aria-selected={i === active}
                title={`${n.code} ${n.title}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => void link(n.code)}
                style={{ paddingLeft: 8 + (n.level - 1) * 12 }}
              >
                <span className="tnode-code">{n.code}</span>
                {n.title}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
