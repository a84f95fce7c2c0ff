import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'link';

/** A text button: `variant` primary (blue), danger (red), link (no frame) or default; `small` for dense rows. */
export function Button({
  variant = 'default',
  small,
  className,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; small?: boolean }) {
  const cls = ['tz-btn', `tz-btn-${variant}`, small ? 'tz-btn-small' : '', className ?? ''].filter(Boolean).join(' ');
  return <button type={type} className={cls} {...rest} />;
}
