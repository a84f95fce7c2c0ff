import type { ReactNode } from 'react';

/** A horizontal row of controls (role=toolbar); put <Spacer/> between groups to push the rest right. */
export function Toolbar({ children, label, className }: { children: ReactNode; label?: string; className?: string }) {
  return (
    <div role="toolbar" aria-label={label} className={`tz-toolbar ${className ?? ''}`}>
      {children}
    </div>
  );
}

/** Flexible empty space inside a Toolbar. */
export function Spacer() {
  return <div className="tz-spacer" />;
}
