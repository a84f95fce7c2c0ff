import type { ButtonHTMLAttributes, ReactNode } from 'react';

/** A small square button showing `icon` (a character or element); `label` is its tooltip and accessible name. */
export function IconButton({
  icon,
  label,
  className,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { icon: ReactNode; label: string }) {
  return (
    <button type={type} className={`tz-iconbtn ${className ?? ''}`} aria-label={label} title={label} {...rest}>
      <span aria-hidden="true">{icon}</span>
    </button>
  );
}
