// taizhang indicators import (and --dry-run: the preview, nothing written) and indicators sheets.
import { previewForArchive, importIndicators } from '../indicators/service';
import { previewIndicatorFile } from '../indicators/preview';
import { str } from './args';
import { JSON_OPT, json, need, withArchive, type Command, type Io, CLI_ACTOR } from './command-kit';
import { TaizhangError } from '../../shared/errors';
import { COLUMN_ROLES, COLUMN_ROLE_LABELS, columnRoleLabel, type ColumnRole, type IndicatorPreview, type IndicatorTableReport } from '../../shared/indicator-types';

const ROLE_HELP = COLUMN_ROLES.map((r) => `${r}（${COLUMN_ROLE_LABELS[r]}）`).join('、');

/** --columns A=level1,B=level2,C=requirement: roles by column letter; a Chinese label is accepted too. */
export function parseColumnsOption(text: string | undefined): Record<string, ColumnRole> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, ColumnRole> = {};
  for (const part of text.split(/[,，;；\s]+/).filter(Boolean)) {
    const m = /^([A-Za-z]{1,3})\s*[=:：]\s*(.+)$/.exec(part);
    const role = m && ((COLUMN_ROLES as readonly string[]).includes(m[2]) ? m[2] : COLUMN_ROLES.find((r) => COLUMN_ROLE_LABELS[r] === m[2]));
    if (!m || !role) throw new TaizhangError('BAD_INPUT', `--columns 中的“${part}”无法识别，应为 列字母=用途，例如 A=level1,B=level2,C=requirement；用途可为：${ROLE_HELP}。`);
    out[m[1].toUpperCase()] = role as ColumnRole;
  }
  if (Object.keys(out).length === 0) throw new TaizhangError('BAD_INPUT', `--columns 为空，应为 列字母=用途，例如 A=level1,B=level2,C=requirement。`);
  return out;
}

function printReport(io: Io, t: IndicatorTableReport): void {
  io.out(`工作表“${t.sheet}”，表头在第 ${t.headerRow} 行，${t.levels} 级，读到 ${t.indicators} 个指标（${t.rows} 行）。`);
  io.out(`列：${Object.entries(t.columns).map(([k, v]) => `${k}→${columnRoleLabel(v)}`).join('，')}`);
  for (const s of t.scoreSums) {
    if (s.sum === 0) io.out(`第 ${s.level} 级未填分值。`);
    else io.out(`第 ${s.level} 级分值合计 ${s.sum}${s.consistent ? '，与上级一致' : `，与上级不符：${s.mismatches.join('；')}`}。`);
  }
  for (const s of t.skipped) io.out(`跳过第 ${s.row} 行（${s.reason}）：${s.text}`);
}

function printPreview(io: Io, pv: IndicatorPreview): void {
  if (pv.sheets.length > 1) io.out(`工作表：${pv.sheets.map((s) => (s === pv.sheet ? `[${s}]` : s)).join('、')}`);
  for (const c of pv.columns) {
    if (!c.header && c.role === 'ignored') continue;
    io.out(`${c.letter} 列“${c.header}”→ ${COLUMN_ROLE_LABELS[c.role]}${c.unsure ? '（不确定）' : ''}：${c.why}`);
  }
  printReport(io, pv.report);
  io.out('将导入的指标：');
  for (const d of pv.indicators) {
    const score = d.score === null ? '' : `（${d.score}分）`;
    io.out(`${'  '.repeat(d.level - 1)}${d.code} ${d.title}${score}${d.department ? ` [${d.department}]` : ''}`);
  }
  for (const u of pv.unsure) io.out(`请核对：${u}`);
  io.out('（试读，未写入档案；可用 --columns 改正列的用途后再试。）');
}

export const indicatorsImport: Command = {
  usage: 'indicators import ARCHIVE FILE [--sheet NAME] [--columns A=level1,B=level2,C=requirement,...] [--dry-run] [--json]',
  summary: '导入指标体系（Excel/WPS 表、CSV、Word 中的表格或模板 JSON）；--dry-run 只试读不写入',
  options: { sheet: { value: true }, columns: { value: true }, 'dry-run': {}, ...JSON_OPT },
  async run(p, io) {
    const [dir, file] = need(p, 2, this.usage);
    const opts = { sheet: str(p, 'sheet'), columns: parseColumnsOption(str(p, 'columns')) };
    if (p.options['dry-run']) {
      // Read-only: a dry run neither waits for nor takes the writer lock.
      const pv = await withArchive(dir, (a) => previewForArchive(a, file, opts), { readOnly: true });
      if (p.options.json) json(io, pv);
      else printPreview(io, pv);
      return 0;
    }
    const res = await withArchive(dir, (a) => importIndicators(a, file, { ...opts, actor: CLI_ACTOR }));
    if (p.options.json) {
      json(io, res);
      return 0;
    }
    printReport(io, res.table);
    const m = res.merge;
    io.out(`新增 ${m.added}，更新 ${m.updated}，未变 ${m.unchanged}，删除 ${m.deleted}。`);
    for (const d of m.deletedIndicators) io.out(`删除：${d.code} ${d.title}（表中已没有，且没有挂材料）`);
    for (const r of m.renamed) io.out(`改名：${r.code} “${r.from}” → “${r.to}”，原有材料随之计入新名称，请核对。`);
    for (const k of m.keptWithEvidence) io.out(`保留：${k.code} ${k.title} 已不在表中，但挂有 ${k.items} 件材料，未删除。`);
    return 0;
  },
};

export const indicatorsSheets: Command = {
  usage: 'indicators sheets FILE [--json]',
  summary: '列出指标表文件中的工作表（Word 文件中的表格）',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [file] = need(p, 1, this.usage);
    const pv = await previewIndicatorFile(file);
    if (p.options.json) json(io, { format: pv.format, sheets: pv.sheets, sheet: pv.sheet });
    else for (const s of pv.sheets) io.out(s === pv.sheet ? `${s}（指标表）` : s);
    return 0;
  },
};
