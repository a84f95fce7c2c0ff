// `npm start`: builds and launches the desktop app where the Electron binary is installed. Where
// it is not (our build machines cannot download it), one line says so and points to web mode.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/**
 * The Electron executable that node_modules/electron would start, or null when its binary was
 * never downloaded. Read from path.txt like electron's own index.js, without its fallback of
 * downloading on the spot.
 */
export function electronBinary(electronDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  let exe = '';
  try {
    exe = fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
  } catch {
    // no path.txt: the install step never ran
  }
  const full = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, exe || 'electron')
    : exe && path.join(electronDir, 'dist', exe);
  return full && fs.existsSync(full) ? full : null;
}

export const NO_ELECTRON = 'Electron 未安装（本机没有它的程序文件），无法打开桌面窗口；请改用网页模式：npm run web';

if (require.main === module) {
  const bin = electronBinary(path.join(root, 'node_modules', 'electron'));
  if (!bin) {
    console.log(NO_ELECTRON);
    process.exit(0);
  }
  const win = process.platform === 'win32';
  const built = spawnSync(win ? 'npm.cmd' : 'npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit', shell: win });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const child = spawn(bin, ['.'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}
