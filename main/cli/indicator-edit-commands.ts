// `taizhang indicators add|edit|move|delete|log`: the clerk's edits of the indicator tree from the
// command line. The options are parsed into the same shared schemas the interface's calls pass
// (shared/api.ts), so both doors accept and refuse the same things; the edits are the services of
// main/indicators/edit.ts, logged as 'taizhang CLI'. Registered in commands.ts.
import { listChanges } from '../archive/change-log';
import { findIndicator, listIndicators } from '../archive/indicators-repo';
import { addIndicator, deleteIndicator, moveIndicator, updateIndicator, type EditOutcome } from '../indicators/edit';
import type { Archive } from '../archive/archive';
import { str, type Parsed } from './args';
import { JSON_OPT, json, need, withArchive, type Command, type Io, CLI_ACTOR } from './command-kit';
import { table } from './output';
import { API, type ApiMethod, type ArgsOf } from '../../shared/api';
import { TaizhangError } from '../../shared/errors';
import { SchemaError } from '../../shared/schema';
import type { Target } from '../../shared/domain';

const ACTOR = CLI_ACTOR;

/** The argument checked by the method's schema; a refusal is bad input (exit 2) naming the option. */
export function checked<M extends ApiMethod>(method: M, args: unknown, optionOf: (field: string) => string): ArgsOf<M> {
  try {
    return API[method].args.parse(args) as ArgsOf<M>;
  } catch (e) {
    if (e instanceof SchemaError) throw new TaizhangError('BAD_INPUT', `${optionOf(e.path)} ${e.message}`);
    throw e;
  }
}
const optionName = (field: string) => `--${field.replace(/^patch\./, '')}`;

/** "-" clears a field (no score, no target) where the clerk needs to say "none". */
function scoreArg(p: Parsed): number | null | undefined {
  const s = str(p, 'score');
  if (s === undefined) return undefined;
  if (s === '-') return null;
  const n = Number(s.replace(/分$/, ''));
  if (!s.trim() || !Number.isFinite(n)) throw new TaizhangError('BAD_INPUT', `--score 应为数字，例如 5 或 2.5（- 表示不计分），而不是“${s}”。`);
  return n;
}

function targetArg(p: Parsed): Target | null | undefined {
  const s = str(p, 'target');
  if (s === undefined) return undefined;
  if (s === '-') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(\S{1,8})\s*$/.exec(s);
  if (!m) throw new TaizhangError('BAD_INPUT', `--target 应为数量加单位，例如 10次、1000人次、80%（- 表示没有目标），而不是“${s}”。`);
  return { count: Number(m[1]), unit: m[2] };
}

/** --position is 1-based for people (第 1 位); the API counts from 0. */
function positionArg(p: Parsed): number | undefined {
  const s = str(p, 'position');
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new TaizhangError('BAD_INPUT', `--position 应为从 1 起的序号，而不是“${s}”。`);
  return Number(s) - 1;
}

const FIELD_OPTIONS = { title: { value: true }, requirement: { value: true }, score: { value: true }, basis: { value: true }, department: { value: true }, target: { value: true } };

function fields(p: Parsed) {
  return {
    title: str(p, 'title'),
    requirement: str(p, 'requirement'),
    score: scoreArg(p),
    basis: str(p, 'basis'),
    department: str(p, 'department'),
    target: targetArg(p),
  };
}

/** Runs one edit and prints what it did: one line, or with --json the indicator as it now is. */
async function edit(p: Parsed, io: Io, dir: string, fn: (a: Archive) => Promise<EditOutcome>): Promise<number> {
  const r = await withArchive(dir, async (a) => {
    const o = await fn(a);
    const ind = o.code == null ? undefined : await findIndicator(a.db, o.code);
    const parent = ind?.parentId == null ? null : ((await listIndicators(a.db)).find((i) => i.id === ind.parentId)?.code ?? null);
    return { code: o.code, message: o.message, indicator: ind ? { ...ind, parent } : null };
  });
  if (p.options.json) json(io, r);
  else io.out(r.message);
  return 0;
}

const ADD_USAGE = 'indicators add ARCHIVE --title T [--parent CODE] [--code C] [--position N] [--requirement R] [--score N] [--basis B] [--department D] [--target N单位] [--json]';
export const indicatorsAdd: Command = {
  usage: ADD_USAGE,
  summary: '新增指标（--parent 不给则为一级指标；--position 从 1 起，不给则排在最后）',
  options: { parent: { value: true }, code: { value: true }, position: { value: true }, ...FIELD_OPTIONS, ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, ADD_USAGE);
    if (str(p, 'title') === undefined) throw new TaizhangError('BAD_INPUT', `请用 --title 给出指标名称。用法：taizhang ${ADD_USAGE}`);
    const args = checked('indicators.add', { ...fields(p), parent: str(p, 'parent'), code: str(p, 'code'), position: positionArg(p) }, optionName);
    const { parent, position, code, ...f } = args;
    return edit(p, io, dir, (a) => addIndicator(a, { ...f, parent, position, code }, ACTOR));
  },
};

const EDIT_USAGE = 'indicators edit ARCHIVE CODE [--title T] [--code NEW] [--requirement R] [--score N|-] [--basis B] [--department D] [--target N单位|-] [--json]';
export const indicatorsEdit: Command = {
  usage: EDIT_USAGE,
  summary: '修改指标：改名、改编号（下级编号随之改变）、要求、分值、方法/依据、责任单位、目标（- 表示清空）',
  options: { code: { value: true }, ...FIELD_OPTIONS, ...JSON_OPT },
  async run(p, io) {
    const [dir, code] = need(p, 2, EDIT_USAGE);
    const { patch } = checked('indicators.update', { code, patch: { ...fields(p), code: str(p, 'code') } }, optionName);
    if (Object.keys(patch).length === 0) throw new TaizhangError('BAD_INPUT', `请至少给出一项要修改的内容。用法：taizhang ${EDIT_USAGE}`);
    return edit(p, io, dir, (a) => updateIndicator(a, code, patch, ACTOR));
  },
};

const MOVE_USAGE = 'indicators move ARCHIVE CODE --parent CODE|- [--position N] [--json]';
export const indicatorsMove: Command = {
  usage: MOVE_USAGE,
  summary: '移动指标到另一个上级之下（- 为一级指标），--position 从 1 起；编号不变',
  options: { parent: { value: true }, position: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, code] = need(p, 2, MOVE_USAGE);
    const parentArg = str(p, 'parent');
    if (parentArg === undefined) throw new TaizhangError('BAD_INPUT', `请用 --parent 给出新的上级指标编号（- 表示移为一级指标）。用法：taizhang ${MOVE_USAGE}`);
    const args = checked('indicators.move', { code, parent: parentArg === '-' ? null : parentArg, position: positionArg(p) }, optionName);
    return edit(p, io, dir, (a) => moveIndicator(a, args.code, args.parent, args.position, ACTOR));
  },
};

const DELETE_USAGE = 'indicators delete ARCHIVE CODE [--json]';
export const indicatorsDelete: Command = {
  usage: DELETE_USAGE,
  summary: '删除指标及其下级指标（挂有材料时不能删除）',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, code] = need(p, 2, DELETE_USAGE);
    checked('indicators.delete', { code }, optionName);
    return edit(p, io, dir, (a) => deleteIndicator(a, code, ACTOR));
  },
};

/** The log keeps UTC; the clerk reads the time of this computer. */
function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const LOG_USAGE = 'indicators log ARCHIVE [--limit N] [--json]';
export const indicatorsLog: Command = {
  usage: LOG_USAGE,
  summary: '指标修改记录（谁、何时、改了什么），最新的在前',
  options: { limit: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, LOG_USAGE);
    const limitText = str(p, 'limit') ?? '100';
    const { limit } = checked('indicators.log', { limit: /^\d+$/.test(limitText) ? Number(limitText) : limitText }, optionName);
    const rows = await withArchive(dir, (a) => listChanges(a.db, { limit, actionPrefix: 'indicator.' }), { readOnly: true });
    const changes = rows.map((r) => ({ ...r, summary: typeof r.detail.message === 'string' ? r.detail.message : r.action }));
    if (p.options.json) json(io, { changes });
    else {
      io.out(table(['时间', '操作者', '内容'], changes.map((c) => [localTime(c.at), c.actor, c.summary])));
      io.out(`共 ${changes.length} 条。`);
    }
    return 0;
  },
};
