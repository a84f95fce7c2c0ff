// What the signed-in account may do, as the interface shows it: the service refuses the rest
// anyway (main/api/access.ts), so what cannot be done is not offered. 本机 (desktop, the one-clerk
// web mode) and 创建办 accounts may do everything; a reviewer reads; a department files its own
// evidence and writes its 结论性说明, nothing else.
import type { SessionState } from '../../../../shared/api';
import { app } from '../../state/app-state';

export interface Abilities {
  /** 通过 / 退回 the departments' submissions. */
  review: boolean;
  /** The review queue (审核) in the list: the 创建办 decides there, a reviewer reads it. */
  reviewQueue: boolean;
  /** 导出 (dossier, ledger, package, 任务包): jobs a reviewer or a department may not start (填报模式 makes only its 回传包). */
  export: boolean;
  /** 项目设置 (and, in it, 关闭档案 where the door allows it). */
  settings: boolean;
  /** The indicator system: import, add, edit, move, delete (a department files under its indicators only). */
  indicators: boolean;
  /** The 部门 (departments) view. */
  departments: boolean;
  /** 审计日志 and 账号. */
  audit: boolean;
  accounts: boolean;
  /** The LAN server's account: its name, 退出登录. */
  signedIn: boolean;
}

export function abilitiesOf(s: SessionState | null): Abilities {
  const role = s?.actor?.role ?? 'office';
  // A department's own archive opened from its 任务包 (填报模式) is the department's side too:
  // it files and returns, the 创建办 decides.
  const filling = s?.archive?.filling != null;
  const office = role === 'office' && !filling;
  return {
    review: office,
    reviewQueue: role !== 'department' && !filling,
    export: office,
    settings: role === 'office',
    indicators: role !== 'department',
    departments: role !== 'department' && !filling,
    audit: office,
    accounts: office,
    signedIn: s?.door === 'lan',
  };
}

export function useAbilities(): Abilities {
  const session = app.use((s) => s.session);
  return abilitiesOf(session);
}

export const abilities = (): Abilities => abilitiesOf(app.get().session);
