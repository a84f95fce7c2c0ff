import { useSyncExternalStore } from 'react';

export type ToastKind = 'info' | 'success' | 'error';
export interface ToastAction {
  label: string;
  onClick(): void;
}
export interface Toast {
  id: number;
  text: string;
  kind: ToastKind;
  action?: ToastAction;
  /** Extra lines (e.g. warnings), shown small under the text. */
  details?: string[];
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/**
 * Shows a notice in the corner (needs <ToastArea/> mounted once, App does it). `timeout` in ms:
 * default 5 s, 10 s for errors, 0 keeps it until closed. Returns its id for dismissToast.
 */
export function toast(text: string, opts: { kind?: ToastKind; action?: ToastAction; details?: string[]; timeout?: number } = {}): number {
  const t: Toast = { id: nextId++, text, kind: opts.kind ?? 'info', action: opts.action, details: opts.details };
  toasts = [...toasts.slice(-4), t];
  emit();
  const timeout = opts.timeout ?? (t.kind === 'error' ? 10_000 : opts.details?.length ? 15_000 : 5_000);
  if (timeout > 0) setTimeout(() => dismissToast(t.id), timeout);
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

/** Where toasts appear (bottom right, role=status). Mounted once by App. */
export function ToastArea() {
  const list = useSyncExternalStore(subscribe, () => toasts);
  return (
    <div className="tz-toasts" role="status" aria-live="polite" data-testid="toasts">
      {list.map((t) => (
        <div key={t.id} className={`tz-toast tz-toast-${t.kind}`} data-testid="toast">
          <div className="tz-toast-main">
            <div className="tz-toast-text">{t.text}</div>
            {t.details && t.details.length > 0 && (
              <ul className="tz-toast-details">
                {t.details.slice(0, 8).map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
                {t.details.length > 8 && <li>…另有 {t.details.length - 8} 条</li>}
              </ul>
            )}
          </div>
          {t.action && (
            <button
              type="button"
              className="tz-toast-action"
              onClick={() => {
                dismissToast(t.id);
                t.action!.onClick();
              }}
            >
              {t.action.label}
            </button>
          )}
          <button type="button" className="tz-toast-x" aria-label="关闭提示" title="关闭" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
