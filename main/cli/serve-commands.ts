// The LAN server from the command line: its accounts (`users add|list`) and `serve ARCHIVE --lan`.
// A password is never an argument (it would stay in the shell's history and the process list):
// it is read from stdin, typed unseen at a terminal or piped by a script.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApi } from '../api/api';
import { addUser, listUsers, updateUser } from '../collect/users';
import { startWebServer } from '../web/server';
import { appVersion } from '../assets';
import { str } from './args';
import { JSON_OPT, json, need, withArchive, type Command } from './command-kit';
import { table } from './output';
import { ROLES, ROLE_LABELS, type Role } from '../../shared/collect-types';
import { checked } from './indicator-edit-commands';
import { TaizhangError } from '../../shared/errors';

/** The built interface; TAIZHANG_RENDERER names another build (tests build theirs apart). */
const staticDir = () => process.env.TAIZHANG_RENDERER ?? path.resolve(__dirname, '..', '..', 'build', 'renderer');

/** The first line of stdin; at a terminal typed without echo. */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    return new Promise((resolve, reject) => {
      let typed = '';
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off('data', onData);
            process.stderr.write('\n');
            return resolve(typed);
          }
          if (ch === '\u0003') {
            stdin.setRawMode(false);
            return reject(new TaizhangError('CANCELLED', '已取消，没有建立账号。'));
          }
          typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
        }
      };
      stdin.on('data', onData);
    });
  }
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

const usersAdd: Command = {
  usage: 'users add ARCHIVE NAME --role office|department|reviewer [--department NAME] [--json]',
  summary: '建立局域网服务的账号（创建办、责任单位或只读审阅）；密码从标准输入读取，不能写在命令行上',
  options: { role: { value: true }, department: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, name] = need(p, 2, this.usage);
    const role = str(p, 'role') as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new TaizhangError('BAD_INPUT', `请用 --role 指明账号的角色：office（创建办）、department（责任单位）或 reviewer（只读审阅）。`);
    const password = await readPassword(`请输入“${name}”的密码（至少 8 位）：`);
    // The same rules as the interface's 账号 panel (shared/api.ts).
    const args = checked('users.add', { name, role, password, ...(str(p, 'department') != null && { department: str(p, 'department') }) }, (f) =>
      f === 'password' ? '密码' : f === 'name' ? 'NAME' : `--${f}`,
    );
    const u = await withArchive(dir, (a) => addUser(a, args));
    if (p.options.json) json(io, u);
    else io.out(`已建立账号“${u.name}”（${ROLE_LABELS[u.role]}${u.department ? `：${u.department}` : ''}）。`);
    return 0;
  },
};

const usersSet: Command = {
  usage: 'users set ARCHIVE NAME [--password] [--disable | --enable] [--json]',
  summary: '改账号的密码（--password：新密码从标准输入读取）或停用、启用账号；停用或改密码后，该账号已登录的会话立即失效',
  options: { password: {}, disable: {}, enable: {}, ...JSON_OPT },
  async run(p, io) {
    const [dir, name] = need(p, 2, this.usage);
    if (p.options.disable && p.options.enable) throw new TaizhangError('BAD_INPUT', '--disable 和 --enable 只能选一个。');
    if (!p.options.password && !p.options.disable && !p.options.enable) throw new TaizhangError('BAD_INPUT', `请说明要改什么：--password、--disable 或 --enable。用法：taizhang ${this.usage}`);
    const password = p.options.password ? await readPassword(`请输入“${name}”的新密码（至少 8 位）：`) : undefined;
    const args = checked('users.update', { name, ...(password != null && { password }), ...((p.options.disable || p.options.enable) && { disabled: !!p.options.disable }) }, (f) =>
      f === 'password' ? '密码' : 'NAME',
    );
    const u = await withArchive(dir, (a) => updateUser(a, args.name, args));
    if (p.options.json) json(io, u);
    else io.out(`已修改账号“${u.name}”${password != null ? '的密码' : ''}${u.disabled ? '（已停用）' : ''}。`);
    return 0;
  },
};

const usersList: Command = {
  usage: 'users list ARCHIVE [--json]',
  summary: '列出局域网服务的账号',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    const users = await withArchive(dir, (a) => listUsers(a), { readOnly: true });
    if (p.options.json) json(io, { users });
    else if (!users.length) io.out(`还没有账号。建立创建办的账号：taizhang users add ${dir} 账号名 --role office`);
    else io.out(table(['账号', '角色', '责任单位', '状态'], users.map((u) => [u.name, ROLE_LABELS[u.role], u.department ?? '', u.disabled ? '已停用' : '正常'])));
    return 0;
  },
};

const serve: Command = {
  usage: 'serve ARCHIVE --lan [--port N] [--host H] [--name HOSTNAME]... [--secure-cookies] [--json]',
  summary: '在单位局域网上提供服务：各账号用浏览器登录（创建办、责任单位、只读审阅）；按 Ctrl+C 停止',
  options: { lan: {}, port: { value: true }, host: { value: true }, name: { value: true, repeat: true }, 'secure-cookies': {}, ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    if (!p.options.lan) {
      throw new TaizhangError('BAD_INPUT', '请加 --lan 在局域网上提供服务（需要账号登录）；一个人在本机使用请运行 npm run web。');
    }
    const port = Number(str(p, 'port') ?? 8080);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TaizhangError('BAD_INPUT', '端口号应为 0 到 65535 之间的整数。');
    const host = str(p, 'host') ?? '0.0.0.0';
    const users = await withArchive(dir, (a) => listUsers(a), { readOnly: true });
    if (!users.some((u) => u.role === 'office' && !u.disabled)) {
      throw new TaizhangError('BAD_INPUT', `这个档案还没有创建办的账号，没有人能登录。请先建立：taizhang users add ${dir} 账号名 --role office`);
    }
    // The list of recent archives is no use here: archives are not opened from the LAN.
    if (!fs.existsSync(path.join(staticDir(), 'index.html'))) throw new TaizhangError('BAD_INPUT', '界面尚未构建：请先运行 npm run build:renderer。');
    const stateDir = process.env.TAIZHANG_STATE_DIR ?? path.join(os.tmpdir(), 'taizhang-serve');
    const api = createApi({ stateDir, desktop: null, version: appVersion(), door: 'lan', actor: 'taizhang serve', autoRead: process.env.TAIZHANG_READ !== 'off' });
    await api.open(dir);
    const server = await startWebServer({ api, staticDir: staticDir(), port, lan: { host, names: (p.options.name as string[] | undefined) ?? [], secureCookies: !!p.options['secure-cookies'] } }).catch(async (e: NodeJS.ErrnoException) => {
      await api.close();
      if (e.code === 'EADDRINUSE') throw new TaizhangError('BAD_INPUT', `端口 ${port} 已被占用，请换一个端口（--port）。`);
      if (e.code === 'EADDRNOTAVAIL') throw new TaizhangError('BAD_INPUT', `本机没有地址 ${host}，请检查 --host。`);
      throw e;
    });
    if (p.options.json) io.out(JSON.stringify({ urls: server.urls, port: server.port }));
    else {
      io.out(`创建台账局域网服务已启动（档案：${path.resolve(dir)}）。同一网络中的电脑和手机请用浏览器打开：`);
      for (const u of server.urls) io.out(`  ${u}`);
      io.out('按 Ctrl+C 停止。');
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await api.close();
    return 0;
  },
};

export const SERVE_COMMANDS: Record<string, Command> = { 'users add': usersAdd, 'users set': usersSet, 'users list': usersList, serve };
