// 自查: what an inspector would find missing, late, unreadable or undocumented, before they do.
import { Archive } from '../archive/archive';
import { listIndicators } from '../archive/indicators-repo';
import { listItems } from '../archive/items-repo';
import { listStatements } from '../archive/statements-repo';
import { chineseDate, decimalText, departmentsOf } from '../../shared/names';
import { describeTarget, effectiveTarget, isStaffing } from '../../shared/targets';
import type { Campaign, Caption, Indicator, IndicatorStatement, IndicatorStatus, Item, StoredFile, Target } from '../../shared/domain';
import { CAPTION_LABELS, EMPTY_STATEMENT, isCaptionedPhoto } from '../../shared/domain';
import { readsAsDocNumber } from '../../shared/archival-code';
import type { CheckReport, IndicatorCheck, Problem } from '../../shared/check-types';
import { countsOccasions, itemName, judgeTarget, type CadenceWindow, type Judgement } from './judge-target';
import { countEvidence, usableFile } from './evidence';
import { findReuse, reuseCopies, reuseMessage } from './reuse';
import { photoHashes } from './photo-hash';
import { sql } from '../archive/db';

/** Photos below this long edge print blurry on A4 (about 150 DPI across the text area). */
export const MIN_PRINT_LONG_EDGE = 1200;

/**
 * The target the self-check applies: the requirement's full reading of the stored target, and a
 * staff count by the indicator's title too ("配备专人" with a bare "不少于6名"), as before.
 */
function targetOf(ind: Indicator): Target | null {
  const t = effectiveTarget(ind.requirement, ind.target);
  if (t && t.kind === undefined && isStaffing(`${ind.title} ${ind.requirement}`, t.unit)) return { ...t, kind: 'staffing' };
  return t;
}

/**
 * Where cadence periods lie: the campaign window; an open end is closed a year from the other;
 * without a window, the campaign year — and the report says so.
 */
function cadenceWindow(c: Campaign): CadenceWindow | null {
  const shift = (iso: string, years: number, days: number) => {
    const d = new Date(Date.UTC(+iso.slice(0, 4) + years, +iso.slice(5, 7) - 1, +iso.slice(8, 10) + days));
    return d.toISOString().slice(0, 10);
  };
  if (c.windowStart && c.windowEnd) return { start: c.windowStart, end: c.windowEnd, note: '' };
  if (c.windowStart) return { start: c.windowStart, end: shift(c.windowStart, 1, -1), note: '未设创建时段终止日期，按起始日起一年计' };
  if (c.windowEnd) return { start: shift(c.windowEnd, -1, 1), end: c.windowEnd, note: '未设创建时段起始日期，按终止日前一年计' };
  if (c.year) return { start: `${c.year}-01-01`, end: `${c.year}-12-31`, note: `未设创建时段，按${c.year}年度计` };
  return null;
}

/** A photo's caption as it would print: its own fields, else what the item and EXIF say. */
export function effectiveCaption(file: StoredFile, item: Item): Caption {
  const c = file.caption;
  return {
    title: c.title || item.title,
    time: c.time || file.exifTime || item.date || '',
    place: c.place || item.location,
    people: c.people,
    subject: c.subject || item.description,
    photographer: c.photographer,
  };
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}


/**
 * The clerk's 实际完成 replaces the count made from the files: the verdict compares it with the
 * target (a yearly total for a cadence), and the text says it was stated, not counted. A
 * per-occasion threshold still holds for the occasions on file ("1 次不足 30人").
 */
function withStatedActual(j: Judgement, target: Target | null, s: IndicatorStatement): Judgement {
  if (s.actual == null || !target) return j;
  const met = s.actual >= target.count;
  const each = j.perOccasion;
  const stated = `实际完成（填报）${decimalText(s.actual)}${target.unit}`;
  let verdict: Judgement['verdict'] = met ? 'met' : 'below';
  let problem: Judgement['problem'] = met ? null : { kind: 'below_target', detail: stated };
  if (each?.problem) {
    if (verdict === 'met') verdict = each.below ? 'below' : 'unverified';
    problem = problem ? { kind: 'below_target', detail: `${problem.detail}；${each.problem.detail}` } : each.problem;
  }
  return { verdict, actual: s.actual, text: `${decimalText(s.actual)}/${decimalText(target.count)}${target.unit}（填报）${each?.text ?? ''}`, problem, perOccasion: each };
}

/**
 * Signed rows read on each item's sign-in sheets: the item's distinct originals summed (the pages
 * of one sheet filed as several photos), only items where the reader counted some. An original
 * not read yet (signed_rows NULL) adds nothing.
 */
export async function signedRowsOf(archive: Archive, items: Item[]): Promise<Map<number, { rows: number; file: StoredFile }>> {
  const read = new Map<string, number>();
  for (const r of await archive.db.all<{ sha256: string; signed_rows: number }>(sql`SELECT sha256, signed_rows FROM blobs WHERE signed_rows > 0`)) read.set(r.sha256, r.signed_rows);
  const out = new Map<number, { rows: number; file: StoredFile }>();
  for (const item of items) {
    const seen = new Set<string>();
    let rows = 0;
    let file: StoredFile | null = null;
    for (const f of item.files) {
      const n = read.get(f.sha256);
      if (n == null || seen.has(f.sha256)) continue;
      seen.add(f.sha256);
      rows += n;
      file ??= f;
    }
    if (file) out.set(item.id, { rows, file });
  }
  return out;
}

/**
 * A typed count the sign-in sheet does not bear out: clearly more (a few who forgot to sign, or
 * a name the OCR missed, are not worth a problem) than the signed rows read on it.
 */
export function typedAboveSigned(typed: number | null, signed: number | null | undefined): boolean {
  if (typed == null || signed == null || signed <= 0) return false;
  return typed - signed >= Math.max(3, Math.ceil(signed * 0.2));
}

export async function selfCheck(archive: Archive): Promise<CheckReport> {
  const campaign = await archive.campaign();
  const indicators = await listIndicators(archive.db);
  const items = await listItems(archive.db);
  const statements = await listStatements(archive.db);
  const problems: Problem[] = [];

  const byCode = new Map<string, Item[]>();
  for (const item of items) for (const code of item.indicators) pushTo(byCode, code, item);
  const children = new Map<number | null, Indicator[]>();
  for (const i of indicators) pushTo(children, i.parentId, i);

  const checks = new Map<number, IndicatorCheck>();
  const judged = new Map<number, Judgement>();
  const subtreeItems = (i: Indicator): Set<Item> => {
    const set = new Set(byCode.get(i.code) ?? []);
    for (const c of children.get(i.id) ?? []) for (const it of subtreeItems(c)) set.add(it);
    return set;
  };
  const signed = await signedRowsOf(archive, items);
  const ctx = {
    cadence: cadenceWindow(campaign),
    windowed: !!(campaign.windowStart || campaign.windowEnd),
    signed: new Map([...signed].map(([id, s]) => [id, s.rows])),
  };
  // Children first, so a parent's status can be derived from theirs.
  for (const ind of [...indicators].reverse()) {
    const own = [...subtreeItems(ind)];
    const kids = (children.get(ind.id) ?? []).filter((k) => !k.removed).map((k) => checks.get(k.id)!);
    const leaf = !ind.removed && kids.length === 0;
    const target = targetOf(ind);
    const counting = countEvidence(own, campaign, target, countsOccasions(target));
    const statement = leaf ? (statements.get(ind.id) ?? EMPTY_STATEMENT) : EMPTY_STATEMENT;
    const computed = judgeTarget(target, counting, ctx);
    const j = withStatedActual(computed, target, statement);
    judged.set(ind.id, j);
    let status: IndicatorStatus;
    if (own.length === 0) status = 'missing';
    else if (kids.length) {
      status = kids.some((k) => k.status === 'below' || k.status === 'missing') ? 'below' : kids.some((k) => k.status === 'unverified') ? 'unverified' : 'met';
      // An upper level's own target can only make it worse than its children; it is not scored.
      if (j.verdict === 'below') status = 'below';
    } else if (counting.counted.length === 0 && statement.actual == null) status = 'missing';
    else status = j.verdict ?? 'met';
    checks.set(ind.id, {
      code: ind.code, title: ind.title, level: ind.level, leaf, status, items: own.length,
      target, actual: j.actual, targetText: describeTarget(target), actualText: j.text, departments: departmentsOf(ind.department),
      computed: computed.actual,
      // An upper level without a target of its own is the sum of its children; its own line would
      // count the documents they leave out.
      countText: kids.length && !target ? '' : counting.text,
      counted: counting.counted.map((i) => i.id),
      notCounted: counting.notCounted.map((n) => ({ item: n.item.id, reason: n.reason, exclusion: n.exclusion })),
      statement,
    });
  }

  for (const ind of indicators) {
    const c = checks.get(ind.id)!;
    if (ind.removed) {
      if (byCode.get(ind.code)?.length) {
        problems.push({
          kind: 'removed_indicator',
          message: `指标 ${ind.code}「${ind.title}」已不在指标体系中，但仍有 ${byCode.get(ind.code)!.length} 件材料挂在其下，请改挂到新指标。`,
          item: null, file: null, indicator: ind.code,
        });
      }
      continue;
    }
    const leaf = c.leaf;
    const j = judged.get(ind.id)!;
    if (leaf && c.status === 'missing') {
      const message = c.items
        ? `指标 ${ind.code}「${ind.title}」现有 ${c.items} 件材料，都不能计入（${c.countText}），相当于没有佐证材料。`
        : `指标 ${ind.code}「${ind.title}」还没有任何佐证材料。`;
      problems.push({ kind: 'no_evidence', message, item: null, file: null, indicator: ind.code });
    } else if (j.problem && c.items > 0 && (leaf || j.problem.kind === 'below_target')) {
      problems.push({
        kind: j.problem.kind,
        message: `指标 ${ind.code}「${ind.title}」要求${c.targetText}，${j.problem.detail}${c.countText ? `（${c.countText}）` : ''}。`,
        item: null, file: null, indicator: ind.code,
      });
    }
    if (leaf && c.items > 0 && !c.statement.conclusion) {
      problems.push({
        kind: 'no_conclusion',
        message: `指标 ${ind.code}「${ind.title}」已有材料，还没有填写结论性说明（提交表中打印）。`,
        item: null, file: null, indicator: ind.code,
      });
    }
    const direct = byCode.get(ind.code)?.length ?? 0;
    if (!leaf && direct > 0) {
      problems.push({
        kind: 'upper_level',
        message: `有 ${direct} 件材料挂在上级指标 ${ind.code}「${ind.title}」下，未计入任何末级指标，请归到具体的下级指标。`,
        item: null, file: null, indicator: ind.code,
      });
    }
  }

  const window = campaign.windowStart || campaign.windowEnd ? `${chineseDate(campaign.windowStart) || '…'}至${chineseDate(campaign.windowEnd) || '…'}` : null;
  for (const item of items) {
    const name = itemName(item);
    if (item.indicators.length === 0) {
      problems.push({ kind: 'inbox', message: `${name}还未归到任何指标下（未归类）。`, item: item.id, file: null, indicator: null });
    }
    const sub = item.submission;
    if (sub?.review === 'returned' && campaign.mode === 'department') {
      problems.push({ kind: 'returned', message: `创建办退回了${name}：${sub.reason || '未写原因'}。请按原因修改，然后生成回传包交回。`, item: item.id, file: null, indicator: null });
    } else if (sub?.review === 'returned') {
      problems.push({ kind: 'returned', message: `${name}已退回${sub.department}修改（${sub.reason}），不计入；等它回传更正的版本。`, item: item.id, file: null, indicator: null });
    } else if (sub?.review === 'pending' && !campaign.countSubmitted && campaign.mode !== 'department') {
      problems.push({ kind: 'unreviewed', message: `${name}由${sub.department}提交，尚未审核，暂不计入；请审核通过或退回。`, item: item.id, file: null, indicator: null });
    }
    const readable = item.files.some(usableFile);
    // One problem per cause: an item whose one file cannot be used says so on that file (below,
    // with what follows for the item); a date is asked for once the file is usable.
    const alone = !readable && item.files.length === 1;
    if (!readable && !alone) {
      problems.push({
        kind: 'unusable_item',
        message: item.files.length
          ? `${name}没有可以读取和打印的文件，不计入任何指标，导出时也不排入台账和材料包；请按“文件无法读取”中的提示换成可用的文件（如另存为 PDF）。`
          : `${name}中已没有文件，不计入任何指标；请添加文件或删除这件材料。`,
        item: item.id, file: null, indicator: null,
      });
    }
    if (!item.date) {
      if (readable) problems.push({ kind: 'no_date', message: `${name}没有日期，无法判断是否在创建时段内，不计入数量要求，请补填。`, item: item.id, file: null, indicator: null });
    } else if (
      (campaign.windowStart && item.date < campaign.windowStart) ||
      (campaign.windowEnd && item.date > campaign.windowEnd)
    ) {
      problems.push({
        kind: 'outside_window',
        message: `${name}日期为${chineseDate(item.date)}，不在创建时段（${window}）内，不计入，导出时也不排入台账和材料包。`,
        item: item.id, file: null, indicator: null,
      });
    }
    // What the 归档文件目录 (DA/T 22-2015) needs of every item filed after the inspection: one
    // problem per item, naming each gap. Items that are not exported anyway (no usable file, not
    // yet filed under an indicator) are not asked.
    if (readable && item.indicators.length > 0) {
      const gaps: string[] = [];
      if (!item.responsible.trim()) gaps.push('没有填写责任者（发文或形成文件的机关、部门，如“县文明办”）');
      if (item.docNumber.trim() && !readsAsDocNumber(item.docNumber)) gaps.push(`文号“${item.docNumber.trim()}”不像文号（应如“某政办〔2023〕5号”：机关代字〔年份〕序号；没有文号的材料请留空）`);
      if (gaps.length) {
        problems.push({ kind: 'archive_fields', message: `${name}${gaps.join('；')}，归档文件目录会缺项。`, item: item.id, file: null, indicator: null });
      }
    }
    const sheet = signed.get(item.id);
    if (sheet && typedAboveSigned(item.participants, sheet.rows)) {
      problems.push({
        kind: 'unverified_target',
        message: `${name}填写的参与人数 ${item.participants} 人，签到表上只有 ${sheet.rows} 人签名；请核对签到表，改正参与人数或补上缺少的签到表页。`,
        item: item.id, file: sheet.file.id, indicator: null,
      });
    }
    // Caption gaps are reported once per item (a meeting has many photos), naming the photos.
    const uncaptioned: { file: StoredFile; missing: string[] }[] = [];
    for (const f of item.files) {
      if (f.warning) {
        const consequence = alone ? '。这件材料因此不计入任何指标，导出时也不排入台账和材料包' : '';
        problems.push({ kind: 'unreadable', message: `${name}中的文件“${f.name}”：${f.warning}${consequence}`, item: item.id, file: f.id, indicator: null });
        continue;
      }
      if (!isCaptionedPhoto(f)) continue;
      const cap = effectiveCaption(f, item);
      const missing = (Object.keys(CAPTION_LABELS) as (keyof Caption)[]).filter((k) => !cap[k].trim()).map((k) => CAPTION_LABELS[k]);
      if (missing.length) uncaptioned.push({ file: f, missing });
      const longEdge = Math.max(f.width ?? 0, f.height ?? 0);
      if (longEdge > 0 && longEdge < MIN_PRINT_LONG_EDGE) {
        problems.push({
          kind: 'low_resolution',
          message: `${name}中的照片“${f.name}”只有 ${f.width}×${f.height} 像素，打印会模糊，请换用原图（长边至少 ${MIN_PRINT_LONG_EDGE} 像素）。`,
          item: item.id, file: f.id, indicator: null,
        });
      }
    }
    // One problem per photo, with that photo's own gaps: clicking it opens that photo, and a
    // caption filled in clears exactly its problem.
    for (const u of uncaptioned) {
      problems.push({
        kind: 'caption_missing',
        message: `${name}中的照片“${u.file.name}”缺少说明：${u.missing.join('、')}。`,
        item: item.id, file: u.file.id, indicator: null,
      });
    }
  }

  for (const g of findReuse(items, await photoHashes(archive))) {
    problems.push({ kind: 'reused_photo', message: reuseMessage(g), item: g.copies[0].item.id, file: g.copies[0].file.id, indicator: null, copies: reuseCopies(g) });
  }

  const list = indicators.filter((i) => !i.removed).map((i) => checks.get(i.id)!);
  const leaves = indicators.filter((i) => !i.removed && checks.get(i.id)!.leaf).map((i) => checks.get(i.id)!);
  return {
    indicators: list,
    problems,
    summary: {
      indicators: leaves.length,
      met: leaves.filter((c) => c.status === 'met').length,
      unverified: leaves.filter((c) => c.status === 'unverified').length,
      below: leaves.filter((c) => c.status === 'below').length,
      missing: leaves.filter((c) => c.status === 'missing').length,
      items: items.length,
      problems: problems.length,
    },
  };
}
