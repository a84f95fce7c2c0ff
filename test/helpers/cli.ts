import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { main } from '../../main/cli/taizhang';

export const REPO = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO, 'main', 'cli', 'taizhang.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real command in a child process, as a script or IT staff would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function spawnCli(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs the command in this process (fast): its exit code and what it printed. */
export async function tz(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs the command with --json in this process; it must succeed and say nothing on stderr. */
export async function tzJson(...args: string[]) {
  const r = await tz(...args, '--json');
  expect(r).toMatchObject({ code: 0, err: '' });
  return JSON.parse(r.out);
}
