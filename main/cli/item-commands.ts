// The clerk's actions on items and files from the command line (issue 13): 归到指标, 链接, 移出,
// 合并, 拆分, 删除, files moved and removed, captions for many photos, and the trash. The same
// services (main/items/) the app calls, checked by the same schemas (shared/api.ts).
import { listItems } from '../archive/items-repo';
import { itemSummaries } from '../api/item-summaries';
import type { Archive } from '../archive/archive';
import type { ItemsOutcome } from '../items/action';
import { linkItems, moveItems, restoreItems, trashItems, unlinkItems, updateItems } from '../items/selection';
import { mergeItems, splitItem } from '../items/merge-split';
import { captionFiles, moveFiles, removeFiles, reorderFiles } from '../items/file-actions';
import { purgeTrash } from '../items/trash';
import { str, type Parsed } from './args';
import { CLI_ACTOR, JSON_OPT, json, need, withArchive, type Command, type Io } from './command-kit';
import { checked } from './indicator-edit-commands';
import { kindArg } from './statement-commands';
import { table } from './output';
import { ITEM_KIND_LABELS, RETENTIONS, type Caption, type Retention } from '../../shared/domain';
import { TaizhangError } from '../../shared/errors';
import { sizeText } from '../../shared/names';

/** Positive whole numbers: item numbers (items list) or file numbers (items list --json). */
export function idArgs(texts: string[], what: '材料' | '文件'): number[] {
  return texts.map((t) => {
    if (!/^\d+$/.test(t) || Number(t) < 1 || !Number.isSafeInteger(Number(t))) {
      throw new TaizhangError('BAD_INPUT', `${what}编号应为正整数（${what === '材料' ? '见 items list' : '见 items list --json 中的 files'}），而不是“${t}”。`);
    }
    return Number(t);
  });
}

function needOption(p: Parsed, name: string, usage: string): string {
  const v = str(p, name);
  if (!v) throw new TaizhangError('BAD_INPUT', `请用 --${name} 给出${name === 'to' && usage.startsWith('files') ? '目标材料编号' : '指标编号'}。用法：taizhang ${usage}`);
  return v;
}

/** Runs an action and prints it: the message, or with --json the ids, the item to show and the message. */
export async function act<O extends ItemsOutcome>(p: Parsed, io: Io, dir: string, run: (a: Archive) => Promise<O>): Promise<number> {
  const r = await withArchive(dir, async (a) => {
    const o = await run(a);
    const [item] = o.itemId != null ? await listItems(a.db, { ids: [o.itemId], includeDeleted: true }) : [];
    return { ...o, item: item ?? null };
  });
  const { inverse: _inverse, itemId: _itemId, ...shown } = r;
  if (p.options.json) json(io, shown);
  else {
    io.out(r.message);
    if (r.item) io.out(`第 ${r.item.id} 号材料《${r.item.title}》：${r.item.files.length} 个文件（${r.item.files.map((f) => `${f.id} ${f.name}`).join('、')}），指标 ${r.item.indicators.join(',') || '未归类'}。`);
  }
  return 0;
}

const MOVE_USAGE = 'items move ARCHIVE ID... --to CODE [--json]';
export const itemsMove: Command = {
  usage: MOVE_USAGE,
  summary: '归到指标：把这些材料改挂到一个指标下（替换原有的指标）',
  options: { to: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 2, MOVE_USAGE, Infinity);
    const args = checked('items.move', { ids: idArgs(rest, '材料'), to: needOption(p, 'to', MOVE_USAGE) }, (f) => (f === 'to' ? '--to' : '材料编号'));
    return act(p, io, dir, (a) => moveItems(a, args.ids, args.to, CLI_ACTOR));
  },
};

const LINK_USAGE = 'items link ARCHIVE ID... --to CODE [--json]';
export const itemsLink: Command = {
  usage: LINK_USAGE,
  summary: '链接到指标：这些材料同时挂到另一个指标下（原有的指标保留）',
  options: { to: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 2, LINK_USAGE, Infinity);
    const args = checked('items.linkMany', { ids: idArgs(rest, '材料'), indicator: needOption(p, 'to', LINK_USAGE) }, (f) => (f === 'indicator' ? '--to' : '材料编号'));
    return act(p, io, dir, (a) => linkItems(a, args.ids, args.indicator, CLI_ACTOR));
  },
};

const UNLINK_USAGE = 'items unlink ARCHIVE ID... --from CODE [--json]';
export const itemsUnlink: Command = {
  usage: UNLINK_USAGE,
  summary: '移出指标：这些材料不再挂在该指标下（不在任何指标下的转入“未归类”）',
  options: { from: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 2, UNLINK_USAGE, Infinity);
    const args = checked('items.unlinkMany', { ids: idArgs(rest, '材料'), indicator: needOption(p, 'from', UNLINK_USAGE) }, (f) => (f === 'indicator' ? '--from' : '材料编号'));
    return act(p, io, dir, (a) => unlinkItems(a, args.ids, args.indicator, CLI_ACTOR));
  },
};

const MERGE_USAGE = 'items merge ARCHIVE ID ID... [--json]';
export const itemsMerge: Command = {
  usage: MERGE_USAGE,
  summary: '合并材料：文件按给出的顺序并入第一件，著录信息用第一件的，指标合并；其余各件移到回收站',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 3, MERGE_USAGE, Infinity);
    const args = checked('items.merge', { ids: idArgs(rest, '材料') }, () => '材料编号');
    return act(p, io, dir, (a) => mergeItems(a, args.ids, CLI_ACTOR));
  },
};

const SPLIT_USAGE = 'items split ARCHIVE ID FILE_ID... [--title T] [--json]';
export const itemsSplit: Command = {
  usage: SPLIT_USAGE,
  summary: '拆分材料：把这些文件从材料中拆出，成为新的一件（指标和著录信息相同，题名可用 --title 另给）',
  options: { title: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, id, ...files] = need(p, 3, SPLIT_USAGE, Infinity);
    const args = checked('items.split', { id: idArgs([id], '材料')[0], fileIds: idArgs(files, '文件'), title: str(p, 'title') }, (f) => (f === 'title' ? '--title' : '编号'));
    return act(p, io, dir, (a) => splitItem(a, args.id, args.fileIds, args.title, CLI_ACTOR));
  },
};

const UPDATE_USAGE = 'items update ARCHIVE ID... [--kind 会议|活动|…] [--date YYYY-MM-DD|-] [--department D] [--responsible R] [--secrecy S] [--retention Y|D30|D10|-] [--json]';
const UPDATE_FIELDS: Record<string, string> = { kind: '--kind', date: '--date', department: '--department', responsible: '--responsible', secrecy: '--secrecy', retention: '--retention' };
export const itemsUpdate: Command = {
  usage: UPDATE_USAGE,
  summary: '给多件材料设同样的类别、日期、责任部门、责任者、密级或保管期限（- 表示清空；未给出的各自保留）',
  options: { kind: { value: true }, date: { value: true }, department: { value: true }, responsible: { value: true }, secrecy: { value: true }, retention: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 2, UPDATE_USAGE, Infinity);
    const date = str(p, 'date');
    const retention = str(p, 'retention');
    if (retention !== undefined && retention !== '-' && !RETENTIONS.includes(retention as Retention)) {
      throw new TaizhangError('BAD_INPUT', `--retention 应为 Y（永久）、D30 或 D10（- 表示清空），而不是“${retention}”。`);
    }
    const patch = {
      kind: kindArg(p),
      date: date === '-' ? null : date,
      department: str(p, 'department'),
      responsible: str(p, 'responsible'),
      secrecy: str(p, 'secrecy'),
      retention: retention === '-' ? null : (retention as Retention | undefined),
    };
    const args = checked('items.updateMany', { ids: idArgs(rest, '材料'), patch }, (f) => UPDATE_FIELDS[f.replace(/^patch\./, '')] ?? '材料编号');
    return act(p, io, dir, (a) => updateItems(a, args.ids, args.patch, CLI_ACTOR));
  },
};

const TRASH_USAGE = 'items trash ARCHIVE ID... [--json]';
export const itemsTrash: Command = {
  usage: TRASH_USAGE,
  summary: '删除材料：移到回收站（可用 trash restore 还原，trash purge 彻底删除）',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 2, TRASH_USAGE, Infinity);
    const args = checked('items.trash', { ids: idArgs(rest, '材料') }, () => '材料编号');
    return act(p, io, dir, (a) => trashItems(a, args.ids, CLI_ACTOR));
  },
};

const FILES_MOVE_USAGE = 'files move ARCHIVE FILE_ID... --to ITEM_ID [--json]';
export const filesMove: Command = {
  usage: FILES_MOVE_USAGE,
  summary: '把文件移到另一件材料中（排在它原有文件之后）',
  options: { to: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 2, FILES_MOVE_USAGE, Infinity);
    const to = idArgs([needOption(p, 'to', FILES_MOVE_USAGE)], '材料')[0];
    const args = checked('files.move', { fileIds: idArgs(rest, '文件'), to }, (f) => (f === 'to' ? '--to' : '文件编号'));
    return act(p, io, dir, (a) => moveFiles(a, args.fileIds, args.to, CLI_ACTOR));
  },
};

const FILES_REMOVE_USAGE = 'files remove ARCHIVE FILE_ID... [--json]';
export const filesRemove: Command = {
  usage: FILES_REMOVE_USAGE,
  summary: '把文件从所在的材料中移除（原件仍在档案中，trash purge 时清理不再使用的原件）',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 2, FILES_REMOVE_USAGE, Infinity);
    const args = checked('files.remove', { fileIds: idArgs(rest, '文件') }, () => '文件编号');
    return act(p, io, dir, (a) => removeFiles(a, args.fileIds, CLI_ACTOR));
  },
};

const REORDER_USAGE = 'files reorder ARCHIVE ITEM_ID FILE_ID... [--json]';
export const filesReorder: Command = {
  usage: REORDER_USAGE,
  summary: '调整一件材料中文件的顺序（按给出的顺序，须列出它的全部文件）',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, id, ...files] = need(p, 3, REORDER_USAGE, Infinity);
    const args = checked('files.reorder', { id: idArgs([id], '材料')[0], fileIds: idArgs(files, '文件') }, () => '编号');
    return act(p, io, dir, (a) => reorderFiles(a, args.id, args.fileIds, CLI_ACTOR));
  },
};

/** The caption options, by the field of Caption (shared/domain.ts CAPTION_LABELS) each one fills. */
const CAPTION_OPTIONS: Record<string, keyof Caption> = { title: 'title', time: 'time', location: 'place', people: 'people', background: 'subject', photographer: 'photographer' };

const CAPTION_USAGE = 'photos caption ARCHIVE FILE_ID... [--title T] [--time T] [--location X] [--people X] [--background X] [--photographer X] [--exif-time] [--overwrite] [--json]';
export const photosCaption: Command = {
  usage: CAPTION_USAGE,
  summary: '批量填写照片说明（题名、时间、地点、人物、背景/事由、摄影者）；已填写的保留，--overwrite 改写；--exif-time 从照片读取拍摄时间',
  options: { ...Object.fromEntries(Object.keys(CAPTION_OPTIONS).map((k) => [k, { value: true }])), 'exif-time': {}, overwrite: {}, ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 2, CAPTION_USAGE, Infinity);
    const caption: Partial<Caption> = {};
    for (const [opt, field] of Object.entries(CAPTION_OPTIONS)) if (str(p, opt) !== undefined) caption[field] = str(p, opt);
    const byField = Object.fromEntries(Object.entries(CAPTION_OPTIONS).map(([o, f]) => [f, `--${o}`]));
    const args = checked(
      'files.captionMany',
      { fileIds: idArgs(rest, '文件'), caption, overwrite: !!p.options.overwrite, timeFromExif: !!p.options['exif-time'] },
      (f) => byField[f.replace(/^caption\./, '')] ?? '文件编号',
    );
    return act(p, io, dir, (a) => captionFiles(a, args.fileIds, args.caption, { overwrite: args.overwrite, timeFromExif: args.timeFromExif }, CLI_ACTOR));
  },
};

const TRASH_LIST_USAGE = 'trash list ARCHIVE [--json]';
export const trashList: Command = {
  usage: TRASH_LIST_USAGE,
  summary: '回收站：列出已删除的材料',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, TRASH_LIST_USAGE);
    const items = await withArchive(dir, (a) => itemSummaries(a.db, { trash: true }), { readOnly: true });
    if (p.options.json) json(io, { items });
    else {
      io.out(table(
        ['ID', '日期', '类别', '题名', '指标', '文件', '删除时间'],
        items.map((i) => [i.id, i.date ?? '', ITEM_KIND_LABELS[i.kind], i.title, i.indicators.join(',') || '未归类', i.files, (i.deletedAt ?? '').slice(0, 16).replace('T', ' ')]),
      ));
      io.out(items.length ? `回收站中有 ${items.length} 件材料。还原：taizhang trash restore ${dir} ID…；彻底删除：taizhang trash purge ${dir} [ID…]` : '回收站是空的。');
    }
    return 0;
  },
};

const TRASH_RESTORE_USAGE = 'trash restore ARCHIVE ID... [--json]';
export const trashRestore: Command = {
  usage: TRASH_RESTORE_USAGE,
  summary: '从回收站还原材料（连同原来的指标）',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 2, TRASH_RESTORE_USAGE, Infinity);
    const args = checked('items.restore', { ids: idArgs(rest, '材料') }, () => '材料编号');
    return act(p, io, dir, (a) => restoreItems(a, args.ids, CLI_ACTOR));
  },
};

const PURGE_USAGE = 'trash purge ARCHIVE [ID...] [--json]';
export const trashPurge: Command = {
  usage: PURGE_USAGE,
  summary: '彻底删除回收站中的材料（给出编号则只删这几件）：删除记录，以及不再被任何材料使用的原件和缩略图；不能撤销',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 1, PURGE_USAGE, Infinity);
    const args = checked('trash.purge', { ids: rest.length ? idArgs(rest, '材料') : undefined }, () => '材料编号');
    const r = await withArchive(dir, (a) => purgeTrash(a, args.ids, CLI_ACTOR));
    if (p.options.json) json(io, r);
    else {
      io.out(r.message);
      if (r.originals) io.out(`已从档案文件夹删除 ${r.originals} 个原件（${sizeText(r.bytes)}）及其缩略图。此前拍的快照中仍登记着它们，恢复那样的快照后，这些材料会缺少原件（verify 会指出）。`);
    }
    return 0;
  },
};
