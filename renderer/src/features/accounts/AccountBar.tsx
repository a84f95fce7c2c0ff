// On the LAN server, at the right of the top bar: who is signed in (name, role or department) and
// 退出登录; for the 创建办 also the way to the accounts and the audit log.
import { useState } from 'react';
import { ROLE_LABELS } from '../../../../shared/collect-types';
import { signOut } from '../../api/client';
import { ContextMenu } from '../../components';
import { app, openPanel } from '../../state/app-state';
import { useAbilities } from './abilities';
import './accounts.css';

export function AccountBar() {
  const actor = app.use((s) => s.session?.actor);
  const can = useAbilities();
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  if (!can.signedIn || !actor) return null;
  const who = actor.role === 'department' && actor.department ? actor.department : ROLE_LABELS[actor.role];
  return (
    <span className="topbar-account" data-testid="account-bar">
      <button
        type="button"
        className="tz-btn tz-btn-link topbar-account-name"
        title={`已登录：${actor.user}（${who}）`}
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          setMenu({ x: r.left, y: r.bottom + 2 });
        }}
        data-testid="account-name"
      >
        {actor.user} · {who}
      </button>
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          label="账号"
          onClose={() => setMenu(null)}
          testId="account-menu"
          entries={[
            ...(can.accounts ? [{ label: '局域网账号…', run: () => openPanel('accounts'), testId: 'menu-accounts' }] : []),
            ...(can.audit ? [{ label: '审计日志…', run: () => openPanel('audit'), testId: 'menu-audit' }, null] : []),
            { label: '退出登录', run: () => void signOut(), testId: 'menu-logout' },
          ]}
        />
      )}
    </span>
  );
}

/** In 项目设置 for the 创建办: the accounts of the LAN server and the audit log. */
export function SettingsLinks() {
  const can = useAbilities();
  if (!can.accounts && !can.audit) return null;
  return (
    <div className="settings-links small" data-testid="settings-links">
      <span className="muted">局域网共用：</span>
      {can.accounts && (
        <button type="button" className="tz-btn tz-btn-link tz-btn-small" onClick={() => openPanel('accounts')} data-testid="open-accounts">
          账号…
        </button>
      )}
      {can.audit && (
        <button type="button" className="tz-btn tz-btn-link tz-btn-small" onClick={() => openPanel('audit')} data-testid="open-audit">
          审计日志…
        </button>
      )}
    </div>
  );
}
