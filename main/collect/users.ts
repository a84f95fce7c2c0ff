// Accounts of the LAN server, passwords hashed with argon2id (OWNED BY the LAN helper, issue 15).
import type { Archive } from '../archive/archive';
import type { Role, UserInfo } from '../../shared/collect-types';
import { TaizhangError } from '../../shared/errors';

export async function listUsers(_archive: Archive): Promise<UserInfo[]> {
  return [];
}

export async function addUser(_archive: Archive, _u: { name: string; role: Role; department?: string; password: string }): Promise<UserInfo> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}

export async function updateUser(_archive: Archive, _name: string, _patch: { password?: string; disabled?: boolean }): Promise<UserInfo> {
  throw new TaizhangError('INTERNAL', '尚未实现');
}
