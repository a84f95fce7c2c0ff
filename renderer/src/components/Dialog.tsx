import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog (role=dialog) over a dimmed window: Esc and the × close it via `onClose`; `footer`
 * holds the buttons; `width` in px (default 520); `testId` becomes data-testid.
 */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  width = 520,
  testId,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  width?: number;
  testId?: string;
}) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = box.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.tz-dialog-x)');
    (first ?? box.current)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close.current();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      before?.focus?.();
    };
  }, []);

  return (
    <div className="tz-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={box}
        className="tz-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        tabIndex={-1}
        style={{ width: `min(${width}px, calc(100vw - 32px))` }}
      >
        <div className="tz-dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="tz-dialog-x" aria-label="关闭" title="关闭" onClick={onClose}>
            ×
          </button>
        </div>
        <div className="tz-dialog-body">{children}</div>
        {footer && <div className="tz-dialog-foot">{footer}</div>}
      </div>
    </div>
  );
}
