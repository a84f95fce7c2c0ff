import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';

export type ToastKind = 'info' | 'success' | 'error';
/** A button in the notice (撤销, 打开), or a link when `href` is given (下载). */
export interface ToastAction {
  label: string;
  onClick?(): void;
  href?: string;
  /** With href: the file name the browser saves under. */
  download?: string;
}
export interface Toast {
  id: number;
  text: string;
  kind: ToastKind;
  action?: ToastAction;
  /** Extra lines (e.g. warnings), shown under 详情. */
  details?: string[];
  /** ms until it goes by itself; 0: until closed. */
  timeout: number;
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/**
 * Shows a notice at the bottom right (needs <ToastArea/> mounted once, App does it). `timeout` in
 * ms: a plain notice goes after 4 s, one with details or an action after 8 s; errors stay until
 * closed, as does any with timeout 0. The time starts again while the pointer is on it or its
 * details are open. Returns its id for dismissToast.
 */
export function toast(text: string, opts: { kind?: ToastKind; action?: ToastAction; details?: string[]; timeout?: number } = {}): number {
  const kind = opts.kind ?? 'info';
  const timeout = opts.timeout ?? (kind === 'error' ? 0 : opts.details?.length || opts.action ? 8_000 : 4_000);
  const t: Toast = { id: nextId++, text, kind, action: opts.action, details: opts.details, timeout };
  toasts = [...toasts.slice(-3), t];
  emit();
  return t.id;
}

/** Removes a notice shown by toast(). */
export function dismissToast(id: number): void {
  if (!toasts.some((t) => t.id === id)) return;
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** One notice: two lines of text at most until 详情 opens the rest and the details. */
function ToastItem({ t }: { t: Toast }) {
  const [open, setOpen] = useState(false);
  const [hover, setHover] = useState(false);
  const [long, setLong] = useState(false);
  const text = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const el = text.current;
    if (el && !open) setLong(el.scrollHeight > el.clientHeight + 1);
  }, [t.text, open]);

  useEffect(() => {
    if (t.timeout <= 0 || open || hover) return;
    const timer = setTimeout(() => dismissToast(t.id), t.timeout);
    return () => clearTimeout(timer);
  }, [t.id, t.timeout, open, hover]);

  const more = long || (t.details?.length ?? 0) > 0;
  const a = t.action;
  return (
    <div
      className={`tz-toast tz-toast-${t.kind} ${open ? 'tz-toast-open' : ''}`}
      role={t.kind === 'error' ? 'alert' : undefined}
      data-testid="toast"
      data-kind={t.kind}
      onMouseEnter={() => setHover(true)}
      onMouseLeave={() => setHover(false)}
    >
      <div className="tz-toast-main">
        <div ref={text} className="tz-toast-text" title={open ? undefined : t.text}>
          {t.text}
        </div>
        {open && t.details && t.details.length > 0 && (
          <ul className="tz-toast-details" data-testid="toast-details">
            {t.details.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        )}
        {more && (
          <button type="button" className="tz-toast-more" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="toast-more">
            {open ? '收起' : t.details?.length ? `详情（${t.details.length} 条）` : '详情'}
          </button>
        )}
      </div>
      {a &&
        (a.href ? (
          <a className="tz-toast-action" href={a.href} download={a.download} onClick={() => a.onClick?.()} data-testid="toast-action">
            {a.label}
          </a>
        ) : (
          <button
            type="button"
            className="tz-toast-action"
            onClick={() => {
              dismissToast(t.id);
              a.onClick?.();
            }}
            data-testid="toast-action"
          >
            {a.label}
          </button>
        ))}
      <button type="button" className="tz-toast-x" aria-label="关闭提示" title="关闭" onClick={() => dismissToast(t.id)}>
        ×
      </button>
    </div>
  );
}

/**
 * Where notices appear: bottom right, under the dialogs' layer, so that a notice never covers a
 * dialog's buttons (role=status). Mounted once by App.
 */
export function ToastArea() {
  const list = useSyncExternalStore(subscribe, () => toasts);
  return (
    <div className="tz-toasts" role="status" aria-live="polite" data-testid="toasts">
      {list.map((t) => (
        <ToastItem key={t.id} t={t} />
      ))}
    </div>
  );
}
