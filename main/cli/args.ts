// A small argument parser: the commands take few options, and every mistake must produce one
// clear line rather than a library's usage dump.
import { TaizhangError } from '../../shared/errors';

export interface OptionSpec {
  /** Takes a value (--name NAME) rather than being a switch (--json). */
  value?: boolean;
  /** May be given several times (--indicator A --indicator B). */
  repeat?: boolean;
}

export interface Parsed {
  positional: string[];
  options: Record<string, string | string[] | boolean | undefined>;
}

export function parseArgs(argv: string[], spec: Record<string, OptionSpec>, command: string): Parsed {
  const positional: string[] = [];
  const options: Parsed['options'] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const s = spec[name];
    if (!s) throw new TaizhangError('BAD_INPUT', `${command} 不认识选项 --${name}。可用选项：${Object.keys(spec).map((k) => `--${k}`).join(' ') || '无'}`);
    let v: string | boolean = true;
    if (s.value) {
      if (eq !== -1) v = arg.slice(eq + 1);
      else if (i + 1 < argv.length) v = argv[++i];
      else throw new TaizhangError('BAD_INPUT', `选项 --${name} 需要一个值。`);
    }
    if (s.repeat) options[name] = [...((options[name] as string[] | undefined) ?? []), String(v)];
    else options[name] = v;
  }
  return { positional, options };
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.options[name];
  return typeof v === 'string' ? v : undefined;
}
