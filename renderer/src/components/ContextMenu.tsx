import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface MenuEntry {
  label: string;
  /** The key that does the same (Ctrl+Z, F2), shown on the right. */
  hint?: string;
  run(): void;
  disabled?: boolean;
  danger?: boolean;
  testId: string;
}

/**
 * A menu at (x, y) — a right click, the menu key, a ⋯ button — kept inside the window; a click
 * outside, Esc or leaving the window closes it; arrow keys move between entries. null in `entries`
 * draws a separator.
 */
export function ContextMenu({
  x,
  y,
  entries,
  onClose,
  testId,
  label,
}: {
  x: number;
  y: number;
  entries: (MenuEntry | null)[];
  onClose(): void;
  testId?: string;
  /** What the menu is about, for screen readers (指标 1.2 的操作). */
  label?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState({ left: x, top: y });
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onClose = () => close.current();
    const el = box.current;
    if (el) {
      const r = el.getBoundingClientRect();
      setPlace({ left: Math.max(4, Math.min(x, window.innerWidth - r.width - 4)), top: Math.max(4, Math.min(y, window.innerHeight - r.height - 4)) });
      el.querySelector<HTMLElement>('button:not(:disabled)')?.focus();
    }
    const away = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) onClose();
    };
    const key = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('mousedown', away, true);
    window.addEventListener('keydown', key, true);
    window.addEventListener('blur', onClose);
    return () => {
      window.removeEventListener('mousedown', away, true);
      window.removeEventListener('keydown', key, true);
      window.removeEventListener('blur', onClose);
    };
  }, [x, y]);
  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(box.current?.querySelectorAll<HTMLElement>('button:not(:disabled)') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  };
  // Separators only between entries: none first, last or twice in a row.
  const shown = entries.filter((m, i, all) => m != null || (i > 0 && all[i - 1] != null && all.slice(i + 1).some((n) => n != null)));
  return (
    <div ref={box} className="tz-menu" role="menu" aria-label={label} style={place} onKeyDown={move} onContextMenu={(e) => e.preventDefault()} data-testid={testId}>
      {shown.map((m, i) =>
        m ? (
          <button
            key={m.testId}
            type="button"
            role="menuitem"
            className={`tz-menu-item ${m.danger ? 'tz-menu-danger' : ''}`}
            disabled={m.disabled}
            data-testid={m.testId}
            onClick={() => {
              onClose();
              m.run();
            }}
          >
            <span className="ellipsis">{m.label}</span>
            {m.hint && <span className="tz-menu-hint">{m.hint}</span>}
          </button>
        ) : (
          <div key={`sep${i}`} className="tz-menu-sep" role="separator" />
        ),
      )}
    </div>
  );
}
