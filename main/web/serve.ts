// `npm run web [-- ARCHIVE] [--port N]`: builds the interface if needed, opens the archive (when
// given) and serves both on 127.0.0.1, printing the one address that works (it carries the token).
// A missing or empty folder given as ARCHIVE is offered as the place of a new archive.
import '../threadpool';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApi } from '../api/api';
import { describeError } from '../api/api';
import { startWebServer } from './server';
import { appVersion } from '../assets';
import { TaizhangError } from '../../shared/errors';

const ROOT = path.resolve(__dirname, '..', '..');
const STATIC_DIR = path.join(ROOT, 'build', 'renderer');

function stateDir(): string {
  if (process.env.TAIZHANG_STATE_DIR) return process.env.TAIZHANG_STATE_DIR;
  const base = process.env.APPDATA ?? process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
  return path.join(base, 'taizhang');
}

/**
 * The folder as the place of a new archive, when one could be made there: missing, or empty (of
 * anything but hidden files). A folder with the clerk's files in it is more likely a mistyped
 * archive path, and an archive may not be made there anyway.
 */
async function newArchivePlace(dir: string): Promise<string | null> {
  const abs = path.resolve(dir);
  const st = await fs.stat(abs).catch(() => null);
  if (!st) return (await fs.stat(path.dirname(abs)).catch(() => null))?.isDirectory() ? abs : null;
  if (!st.isDirectory()) return null;
  const entries = (await fs.readdir(abs).catch(() => ['?'])).filter((n) => !n.startsWith('.'));
  return entries.length ? null : abs;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const portAt = args.indexOf('--port');
  const port = portAt >= 0 ? Number(args[portAt + 1]) : 0;
  if (portAt >= 0) args.splice(portAt, 2);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('端口号应为 0 到 65535 之间的整数。');
    return 2;
  }
  if (!args.includes('--no-build')) {
    // The same build as `npm run build:renderer` (npm is npm.cmd, run through the shell, on Windows).
    const win = process.platform === 'win32';
    const r = spawnSync(win ? 'npm.cmd' : 'npm', ['run', '-s', 'build:renderer', '--', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit', shell: win });
    if (r.status !== 0) {
      console.error('界面构建失败（vite build），请查看上面的错误。');
      return 1;
    }
  }
  const archiveDir = args.find((a) => !a.startsWith('--'));
  const api = createApi({ stateDir: stateDir(), desktop: null, version: appVersion(), autoRead: process.env.TAIZHANG_READ !== 'off' });
  /** A folder that is not an archive yet, where the clerk may make one. */
  let toCreate: string | null = null;
  if (archiveDir) {
    try {
      await api.open(archiveDir);
    } catch (e) {
      toCreate = e instanceof TaizhangError && e.code === 'NOT_AN_ARCHIVE' ? await newArchivePlace(archiveDir) : null;
      if (!toCreate) {
        console.error(describeError(e).message);
        return 2;
      }
    }
  }
  const server = await startWebServer({ api, staticDir: STATIC_DIR, port });
  if (toCreate) {
    // The welcome screen opens with 新建档案 filled in with the folder; nothing is made until the clerk names the campaign.
    console.log(`${toCreate} 还不是档案。请在浏览器中填写创建项目的名称，点“新建档案”即在这里新建：\n${server.url}&create=${encodeURIComponent(toCreate)}`);
  } else console.log(`创建台账（网页模式）已启动，只接受本机访问。请在浏览器中打开：\n${server.url}`);
  console.log('按 Ctrl+C 停止。');
  const shutdown = () => {
    void server.close().then(() => api.close()).finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return -1;
}

void main().then((code) => {
  if (code >= 0) process.exit(code);
});
