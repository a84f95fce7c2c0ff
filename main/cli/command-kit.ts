// What every command module shares: the Command shape, argument counts, opening an archive,
// printing JSON. Kept apart from commands.ts so command modules never import the registry that
// imports them (a require cycle breaks when one side loads first).
import { Archive, type OpenOptions } from '../archive/archive';
import type { OptionSpec, Parsed } from './args';
import { TaizhangError } from '../../shared/errors';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface Command {
  usage: string;
  summary: string;
  options: Record<string, OptionSpec>;
  /** Returns the exit code. */
  run(p: Parsed, io: Io): Promise<number>;
}

export const JSON_OPT = { json: {} };

/** Who the change log says made a change from the command line. */
export const CLI_ACTOR = 'taizhang CLI';

/** The positional arguments, at least `min` and at most `max` of them. */
export function need(p: Parsed, min: number, usage: string, max = min): string[] {
  if (p.positional.length < min) throw new TaizhangError('BAD_INPUT', `参数不足。用法：taizhang ${usage}`);
  if (p.positional.length > max) {
    throw new TaizhangError('BAD_INPUT', `多余的参数：${p.positional.slice(max).join(' ')}。用法：taizhang ${usage}`);
  }
  return p.positional;
}

export async function withArchive<T>(dir: string, fn: (a: Archive) => Promise<T>, opts: OpenOptions = {}): Promise<T> {
  const archive = await Archive.open(dir, opts);
  try {
    return await fn(archive);
  } finally {
    await archive.close();
  }
}

export function json(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** How the dossier is printed: the ledger and the package take it too, so their page numbers agree. */
export const PRINT_OPTIONS = { duplex: {}, 'photos-per-page': { value: true } };

export function printOptions(p: Parsed): { duplex: boolean; photosPerPage: 1 | 2 } {
  const perPage = p.options['photos-per-page'] ?? '1';
  if (perPage !== '1' && perPage !== '2') throw new TaizhangError('BAD_INPUT', '--photos-per-page 只能是 1 或 2。');
  return { duplex: !!p.options.duplex, photosPerPage: Number(perPage) as 1 | 2 };
}
