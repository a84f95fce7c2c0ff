// Our own indicator template format (IndicatorTemplate): nested JSON that ships in
// assets/templates and that a clerk can save an imported table as, to reuse it next year.
// Codes and targets may be left out: codes then follow position (1, 1.2, 1.2.3) and targets are
// parsed from the requirement; "target": null says explicitly that there is none.

import { basename } from 'node:path';
import type { Target } from '../../shared/domain';
import type { IndicatorDraft, IndicatorTemplate, ParsedIndicatorTable, TemplateIndicator } from '../../shared/indicator-types';
import { parseTarget } from '../../shared/targets';
import { IndicatorTableError, childCode, computeScoreSums, parseSheets, type ParseOptions, type SheetAnalysis } from './xlsx-import';
import { readSources, type TableFormat } from './sources';
import { readTableFile } from './table-file';

export const TEMPLATE_FORMAT = 'taizhang-indicators';
export const TEMPLATE_VERSION = 1;
/** Real indicator systems have three or four levels; past this a template is not one. */
export const MAX_TEMPLATE_DEPTH = 8;

const sameTarget = (a: Target | null, b: Target | null): boolean =>
  a === b || (a !== null && b !== null && a.count === b.count && a.unit === b.unit);

/** Flat drafts in tree order; throws IndicatorTableError on a duplicate code. */
export function templateToDrafts(t: IndicatorTemplate): IndicatorDraft[] {
  const out: IndicatorDraft[] = [];
  const byCode = new Map<string, string>();
  const walk = (nodes: TemplateIndicator[], parentCode: string | null, level: number): void => {
    nodes.forEach((n, i) => {
      const code = n.code?.trim() || childCode(parentCode, String(i + 1));
      const title = n.title.trim();
      const other = byCode.get(code);
      if (other !== undefined) throw new IndicatorTableError(`模板中的指标编号重复：${code}（“${other}”和“${title}”）。`);
      byCode.set(code, title);
      const requirement = (n.requirement ?? '').trim();
      out.push({
        code,
        title,
        requirement,
        score: n.score ?? null,
        basis: (n.basis ?? '').trim(),
        department: (n.department ?? '').trim(),
        target: n.target !== undefined ? n.target : parseTarget(requirement),
        level,
        parentCode,
      });
      walk(n.children ?? [], code, level + 1);
    });
  };
  walk(t.indicators, null, 1);
  return out;
}

/** The nested template of a flat draft list; templateToDrafts(draftsToTemplate(…)) gives the drafts back. */
export function draftsToTemplate(name: string, drafts: IndicatorDraft[], source?: string): IndicatorTemplate {
  const nodes = new Map<string, TemplateIndicator>();
  const roots: TemplateIndicator[] = [];
  for (const d of drafts) {
    const n: TemplateIndicator = { code: d.code, title: d.title };
    if (d.requirement) n.requirement = d.requirement;
    if (d.score !== null) n.score = d.score;
    if (d.basis) n.basis = d.basis;
    if (d.department) n.department = d.department;
    // Written only where it differs from what the requirement says, so edits to the text stay live.
    if (!sameTarget(d.target, parseTarget(d.requirement))) n.target = d.target;
    nodes.set(d.code, n);
    const parent = d.parentCode === null ? undefined : nodes.get(d.parentCode);
    if (parent) (parent.children ??= []).push(n);
    else roots.push(n); // an orphan keeps its place at the top rather than being lost
  }
  const t: IndicatorTemplate = { format: TEMPLATE_FORMAT, version: TEMPLATE_VERSION, name, indicators: roots };
  if (source) t.source = source;
  return t;
}

// ---------------------------------------------------------------------------------------------
// Validation: a template is hand-edited JSON, so every fault is named with where it is.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkIndicator(v: unknown, where: string, file: string): TemplateIndicator {
  const fail = (why: string): never => {
    throw new IndicatorTableError(`模板“${file}”中位置 ${where} 的指标${why}。`);
  };
  if (!isObject(v)) return fail('不是对象（应为 {"title": …}）');
  if (typeof v.title !== 'string' || !v.title.trim()) return fail('没有标题（title）');
  const label = `“${v.title.trim()}”`;
  for (const key of ['code', 'requirement', 'basis', 'department'] as const) {
    if (v[key] !== undefined && typeof v[key] !== 'string') fail(`${label}的 ${key} 应为文字`);
  }
  if (v.score !== undefined && v.score !== null && (typeof v.score !== 'number' || !Number.isFinite(v.score))) {
    fail(`${label}的分值（score）应为数字或 null`);
  }
  if (v.target !== undefined && v.target !== null) {
    const t = v.target;
    if (!isObject(t) || typeof t.count !== 'number' || !(t.count > 0) || typeof t.unit !== 'string' || !t.unit) {
      fail(`${label}的目标（target）应为 {"count": 正数, "unit": "单位"} 或 null`);
    }
  }
  if (v.children !== undefined && !Array.isArray(v.children)) fail(`${label}的 children 应为数组`);
  const children = ((v.children as unknown[] | undefined) ?? []).map((c, i) => checkIndicator(c, `${where}.${i + 1}`, file));
  return { ...(v as unknown as TemplateIndicator), children };
}

/**
 * How deep the indicators nest, counted with a stack of our own rather than by recursion, so
 * that a hostile template 10,000 levels deep is measured instead of overflowing the call stack.
 * Stops counting once past `max`.
 */
function indicatorDepth(indicators: unknown[], max: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = indicators.map((v) => [v, 1]);
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (deepest > max) break;
    if (isObject(v) && Array.isArray(v.children)) for (const c of v.children) stack.push([c, depth + 1]);
  }
  return deepest;
}

/** Checks parsed JSON against the template format; `file` only names it in messages. */
export function validateTemplate(json: unknown, file = '模板'): IndicatorTemplate {
  if (!isObject(json) || json.format !== TEMPLATE_FORMAT) {
    throw new IndicatorTableError(`“${file}”不是创建台账的指标模板。请导入上级下发的 Excel 指标表，或本软件导出的指标模板（.json）。`);
  }
  if (json.version !== TEMPLATE_VERSION) {
    const newer = typeof json.version === 'number' && json.version > TEMPLATE_VERSION;
    throw new IndicatorTableError(
      newer
        ? `模板“${file}”的版本为 ${json.version}，比本程序能读取的版本 ${TEMPLATE_VERSION} 新，请升级创建台账。`
        : `模板“${file}”的版本（version）应为 ${TEMPLATE_VERSION}。`,
    );
  }
  if (typeof json.name !== 'string' || !json.name.trim()) throw new IndicatorTableError(`模板“${file}”缺少名称（name）。`);
  if (json.source !== undefined && typeof json.source !== 'string') throw new IndicatorTableError(`模板“${file}”的 source 应为文字。`);
  if (!Array.isArray(json.indicators) || json.indicators.length === 0) {
    throw new IndicatorTableError(`模板“${file}”中没有指标（indicators 应为非空数组）。`);
  }
  if (indicatorDepth(json.indicators, MAX_TEMPLATE_DEPTH) > MAX_TEMPLATE_DEPTH) {
    throw new IndicatorTableError(
      `模板“${file}”中的指标嵌套超过 ${MAX_TEMPLATE_DEPTH} 层（指标体系一般只有三四级），不能导入；请检查 children 是否嵌套错了。`,
      'TOO_LARGE',
    );
  }
  const indicators = json.indicators.map((v, i) => checkIndicator(v, String(i + 1), file));
  const t: IndicatorTemplate = { format: TEMPLATE_FORMAT, version: TEMPLATE_VERSION, name: json.name.trim(), indicators };
  if (typeof json.source === 'string') t.source = json.source;
  return t;
}

export interface TemplateFile {
  name: string;
  source?: string;
  drafts: IndicatorDraft[];
}

export async function readTemplateFile(path: string): Promise<TemplateFile> {
  return templateOf(await readTableFile(path, (m) => new IndicatorTableError(m)), basename(path));
}

function templateOf(bytes: Buffer, file: string): TemplateFile {
  const text = bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new IndicatorTableError(`“${file}”不是有效的 JSON 文件（${(e as Error).message}）。`);
  }
  const t = validateTemplate(json, file);
  const drafts = templateToDrafts(t);
  return t.source === undefined ? { name: t.name, drafts } : { name: t.name, source: t.source, drafts };
}

/** Whether the file starts like JSON ({ or [ after an optional BOM and blanks), by content, not extension. */
function looksLikeJson(bytes: Buffer): boolean {
  return /^\uFEFF?\s*[{[]/.test(bytes.subarray(0, 256).toString('utf8'));
}

/**
 * An indicator file of any kind: our JSON template, or an issued table (.xlsx, .xls/.et, .csv, a
 * table in a .docx). For a template the report names the template in `sheet` (headerRow 0, no
 * columns) and `templateName` is set.
 */
export async function readIndicatorFile(
  path: string,
  opts: ParseOptions = {},
): Promise<ParsedIndicatorTable & { templateName?: string; format: TableFormat | 'json'; sheets: string[]; analysis?: SheetAnalysis }> {
  const bytes = await readTableFile(path, (m) => new IndicatorTableError(m));
  if (!looksLikeJson(bytes)) {
    const { format, sheets } = await readSources(bytes, basename(path));
    const analysis = parseSheets(sheets, opts);
    return { indicators: analysis.indicators, report: analysis.report, format, sheets: sheets.map((s) => s.name), analysis };
  }
  const t = templateOf(bytes, basename(path));
  const drafts = t.drafts;
  return {
    indicators: drafts,
    templateName: t.name,
    format: 'json',
    sheets: [],
    report: {
      sheet: t.name,
      headerRow: 0,
      columns: {},
      levels: Math.max(...drafts.map((d) => d.level)),
      rows: drafts.length,
      indicators: drafts.length,
      skipped: [],
      scoreSums: computeScoreSums(drafts),
    },
  };
}
