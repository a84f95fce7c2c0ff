import type { ReactNode } from 'react';

/** What an empty area says: a `title` and a `hint` telling the clerk what to do, optionally an `action` button. */
export function EmptyState({ title, hint, action, testId }: { title: string; hint?: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <div className="tz-empty" data-testid={testId ?? 'empty-state'}>
      <div className="tz-empty-title">{title}</div>
      {hint && <div className="tz-empty-hint">{hint}</div>}
      {action && <div className="tz-empty-action">{action}</div>}
    </div>
  );
}
