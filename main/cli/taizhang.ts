// The taizhang command: `npm run -s taizhang -- ARGS`. Exit 0 on success (warnings included),
// 2 on bad input, 1 otherwise; errors are one line on stderr, never a stack trace
// (set TAIZHANG_DEBUG=1 to see one).
import '../threadpool';
import { COMMANDS } from './commands';
import type { Io } from './command-kit';
import { parseArgs } from './args';
import { TaizhangError, isInputError } from '../../shared/errors';
import { databaseErrorFor } from '../archive/io-errors';
import { setWriterName } from '../archive/archive';
import fs from 'node:fs';
import path from 'node:path';

function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return '未知版本';
  }
}

function help(): string {
  const lines = ['创建台账 taizhang — 佐证材料档案、自查与导出', '', '用法：'];
  for (const c of Object.values(COMMANDS)) lines.push(`  taizhang ${c.usage}`, `      ${c.summary}`);
  return lines.join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    io.out(help());
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version' || argv[0] === 'version') {
    io.out(`创建台账 taizhang ${version()}`);
    return 0;
  }
  const two = `${argv[0]} ${argv[1] ?? ''}`;
  const [key, rest] = COMMANDS[two] ? [two, argv.slice(2)] : [argv[0], argv.slice(1)];
  const command = COMMANDS[key];
  setWriterName(`taizhang ${key}`);
  try {
    if (!command) {
      const subs = Object.keys(COMMANDS).filter((k) => k.startsWith(`${argv[0]} `));
      if (subs.length) throw new TaizhangError('BAD_INPUT', `“${argv[0]}”后面还要跟子命令：${subs.map((k) => `taizhang ${k}`).join('、')}。`);
      throw new TaizhangError('BAD_INPUT', `没有“${argv.slice(0, 2).join(' ')}”这个命令。运行 taizhang help 查看全部命令。`);
    }
    return await command.run(parseArgs(rest, command.options, key), io);
  } catch (caught) {
    const e = databaseErrorFor(caught) ?? caught;
    if (e instanceof TaizhangError) {
      io.err(`错误：${e.message}`);
      return isInputError(e.code) ? 2 : 1;
    }
    const code = (e as NodeJS.ErrnoException).code;
    const where = (e as NodeJS.ErrnoException).path ?? '';
    const fsMessages: Record<string, string> = {
      ENOENT: `找不到 ${where}，请检查路径。`,
      EACCES: `没有权限访问 ${where}，请检查文件权限。`,
      EPERM: `没有权限访问 ${where}，请检查文件权限。`,
      ENOTDIR: `${where} 不是文件夹，请检查路径。`,
      EISDIR: `${where} 是一个文件夹，这里需要一个文件。`,
      EEXIST: `${where} 已存在且不是文件夹，请换一个位置。`,
    };
    if (code && fsMessages[code]) {
      io.err(`错误：${fsMessages[code]}`);
      return 2;
    }
    if (code === 'ENOSPC') {
      io.err('错误：磁盘空间不足，请清理后重试。已写入的内容不受影响。');
      return 1;
    }
    io.err(`内部错误：${(e as Error).message ?? String(e)}。请把这行信息告诉技术支持。`);
    if (process.env.TAIZHANG_DEBUG) io.err(String((e as Error).stack));
    return 1;
  }
}

if (require.main === module) {
  // `taizhang check A | head`: the reader went away; that is not an error worth a trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  // A command whose work never settles would let Node exit 0 with nothing said: a silent success.
  let settled = false;
  process.on('beforeExit', () => {
    if (settled) return;
    settled = true;
    process.stderr.write('内部错误：命令没有完成就结束了，结果不可信。请重试；如果反复出现，请把这行信息告诉技术支持。\n');
    process.exitCode = 1;
  });
  main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
  }).then(
    (code) => {
      settled = true;
      process.exitCode = code;
    },
    (e) => {
      settled = true;
      process.stderr.write(`内部错误：${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
