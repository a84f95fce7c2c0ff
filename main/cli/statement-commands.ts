// `taizhang indicators set` (the clerk's 结论性说明, 自评分, 实际完成 on an indicator),
// `taizhang photos keep` (resolve 一图多用 by keeping one copy) and `taizhang items set` (an item's
// date, kind, 参与人数 …): the same services and schemas the interface calls.
import { listItems, updateItem } from '../archive/items-repo';
import { stateIndicator } from '../indicators/statement';
import { keepOnlyCopy } from '../check/keep-photo';
import { selfCheck } from '../check/self-check';
import { str, type Parsed } from './args';
import { JSON_OPT, json, need, withArchive, CLI_ACTOR, type Command } from './command-kit';
import { checked } from './indicator-edit-commands';
import { ITEM_KINDS, ITEM_KIND_LABELS, STATUS_LABELS, type ItemKind } from '../../shared/domain';
import { TaizhangError } from '../../shared/errors';
import { statedActualText } from '../../shared/check-types';

/** A number option where "-" clears the value. */
function numberArg(p: Parsed, name: string, example: string): number | null | undefined {
  const s = str(p, name);
  if (s === undefined) return undefined;
  if (s === '-') return null;
  const n = Number(s.replace(/[分次人个项%]+$/, ''));
  if (!s.trim() || !Number.isFinite(n)) throw new TaizhangError('BAD_INPUT', `--${name} 应为数字，例如 ${example}（- 表示清空），而不是“${s}”。`);
  return n;
}

const STATEMENT_FIELDS: Record<string, string> = { conclusion: '--conclusion', selfScore: '--self-score', actual: '--actual', actualReason: '--reason' };

const SET_USAGE = 'indicators set ARCHIVE CODE [--conclusion TEXT] [--self-score N|-] [--actual N|-] [--reason TEXT] [--json]';
export const indicatorsSet: Command = {
  usage: SET_USAGE,
  summary: '填写末级指标的结论性说明、自评分和实际完成（实际完成代替按材料统计的数量，须用 --reason 说明依据；- 表示清空）',
  options: { conclusion: { value: true }, 'self-score': { value: true }, actual: { value: true }, reason: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, code] = need(p, 2, SET_USAGE);
    const statement = {
      conclusion: str(p, 'conclusion'),
      selfScore: numberArg(p, 'self-score', '8 或 7.5'),
      actual: numberArg(p, 'actual', '14'),
      actualReason: str(p, 'reason'),
    };
    const args = checked('indicators.state', { code, statement }, (field) => STATEMENT_FIELDS[field.replace(/^statement\./, '')] ?? `--${field}`);
    if (Object.values(args.statement).every((v) => v === undefined)) {
      throw new TaizhangError('BAD_INPUT', `请至少给出一项：--conclusion、--self-score、--actual 或 --reason。用法：taizhang ${SET_USAGE}`);
    }
    const r = await withArchive(dir, async (a) => {
      const o = await stateIndicator(a, code, args.statement, CLI_ACTOR);
      const check = (await selfCheck(a)).indicators.find((i) => i.code === code)!;
      return { ...o, check };
    });
    if (p.options.json) json(io, { code, message: r.message, statement: r.statement, check: r.check });
    else {
      io.out(r.message);
      const c = r.check;
      const stated = statedActualText(c.statement, c.target?.unit ?? '', c.computed);
      io.out([`${STATUS_LABELS[c.status]}${c.targetText ? `　要求 ${c.targetText}　实际 ${c.actualText}` : ''}`, c.countText, stated].filter(Boolean).join('\n'));
    }
    return 0;
  },
};

const KEEP_USAGE = 'photos keep ARCHIVE FILE_ID [--json]';
export const photosKeep: Command = {
  usage: KEEP_USAGE,
  summary: '一图多用：只在这个文件所在的材料中保留这张照片，从其他材料中移除它的副本（原件仍在档案中；文件编号见 check --json）',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, id] = need(p, 2, KEEP_USAGE);
    if (!/^\d+$/.test(id) || Number(id) < 1) throw new TaizhangError('BAD_INPUT', `文件编号应为正整数（见 check --json 中“一图多用”问题的 copies），而不是“${id}”。`);
    const r = await withArchive(dir, (a) => keepOnlyCopy(a, Number(id), CLI_ACTOR));
    if (p.options.json) json(io, r);
    else io.out(r.message);
    return 0;
  },
};

/** What clerks call the kinds the archive keeps: a 讲座 is a 培训, a 演练 an 活动, a 制度 a 方案. */
const KIND_WORDS: Record<string, ItemKind> = {
  讲座: 'training', 报告会: 'training', 演练: 'activity', 演习: 'activity', 制度: 'plan', 计划: 'plan',
  名册: 'document', 通知: 'document', 总结: 'report', 报告: 'report',
};

/** 会议 or meeting, or a word clerks use for one of them. */
export function kindArg(p: Parsed): ItemKind | undefined {
  const s = str(p, 'kind');
  if (s === undefined) return undefined;
  const kind = ITEM_KINDS.find((k) => k === s || ITEM_KIND_LABELS[k] === s) ?? KIND_WORDS[s];
  if (!kind) throw new TaizhangError('BAD_INPUT', `--kind 应为 ${ITEM_KINDS.map((k) => ITEM_KIND_LABELS[k]).join('、')} 之一（讲座记作培训，演练记作活动，制度记作方案，通知和名册记作文件），而不是“${s}”。`);
  return kind;
}

const ITEM_FIELDS: Record<string, string> = { title: '--title', date: '--date', kind: '--kind', participants: '--participants', location: '--location', responsible: '--responsible', docNumber: '--doc-number' };

const ITEM_SET_USAGE = 'items set ARCHIVE ID [--title T] [--date YYYY-MM-DD|-] [--kind 会议|活动|培训|文件|方案|总结/报告|照片|其他] [--participants N|-] [--location L] [--responsible R] [--doc-number N] [--json]';
export const itemsSet: Command = {
  usage: ITEM_SET_USAGE,
  summary: '修改一件材料的题名、日期、类别、参与人数等（- 表示清空）',
  options: { title: { value: true }, date: { value: true }, kind: { value: true }, participants: { value: true }, location: { value: true }, responsible: { value: true }, 'doc-number': { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, idText] = need(p, 2, ITEM_SET_USAGE);
    if (!/^\d+$/.test(idText) || Number(idText) < 1) throw new TaizhangError('BAD_INPUT', `材料编号应为正整数（见 items list），而不是“${idText}”。`);
    const date = str(p, 'date');
    const patch = {
      title: str(p, 'title'),
      date: date === '-' ? null : date,
      kind: kindArg(p),
      participants: numberArg(p, 'participants', '56'),
      location: str(p, 'location'),
      responsible: str(p, 'responsible'),
      docNumber: str(p, 'doc-number'),
    };
    const args = checked('items.update', { id: Number(idText), patch }, (field) => ITEM_FIELDS[field.replace(/^patch\./, '')] ?? `--${field}`);
    if (Object.values(args.patch).every((v) => v === undefined)) throw new TaizhangError('BAD_INPUT', `请至少给出一项要修改的内容。用法：taizhang ${ITEM_SET_USAGE}`);
    const item = await withArchive(dir, async (a) => {
      const [found] = await listItems(a.db, { ids: [args.id] });
      if (!found) throw new TaizhangError('NOT_FOUND', `找不到第 ${args.id} 号材料（或它在回收站中），请用 items list 查看编号。`);
      await a.db.transaction((tx) => updateItem(tx, args.id, args.patch));
      return (await listItems(a.db, { ids: [args.id] }))[0];
    });
    if (p.options.json) json(io, { item: { id: item.id, title: item.title, kind: item.kind, date: item.date, participants: item.participants, location: item.location, responsible: item.responsible, docNumber: item.docNumber, indicators: item.indicators } });
    else io.out(`已修改第 ${item.id} 号材料《${item.title}》。`);
    return 0;
  },
};
