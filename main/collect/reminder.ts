// The 催报单: what each department still owes (未提交, 退回, 逾期, nothing received yet), by when,
// printed one page or more per department for the 创建办 to send or hand over. The same sheet
// layout as the boxes' lists (SheetFlow, listPages), the states from the departments service.
import fs from 'node:fs/promises';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { pdfBytes } from '../export/pdf/pdf-bytes';
import type { Archive } from '../archive/archive';
import type { JobOptions } from '../jobs/cancel';
import { throwIfCancelled } from '../jobs/cancel';
import { loadFonts } from '../export/pdf/fonts';
import { A4, PT } from '../export/pdf/geometry';
import { SheetFlow, listPages } from '../export/boxes/box-sheets';
import { para } from '../export/dossier/text';
import { writeAtomically } from '../export/output-path';
import { departmentsOverview, departmentDetail } from './departments';
import { localDay } from './assignment-state';
import { chineseDate } from '../../shared/names';
import { ASSIGNMENT_LABELS, type Assignment, type AssignmentState } from '../../shared/collect-types';
import { TaizhangError } from '../../shared/errors';

export interface ReminderResult {
  file: string;
  pages: number;
  /** Departments on the sheet (those that owe something). */
  departments: number;
  /** Assignments listed in all. */
  items: number;
}

/** What a department still owes: nothing received, returned, or late. */
const OWED: ReadonlySet<AssignmentState> = new Set<AssignmentState>(['open', 'returned', 'overdue']);

export async function exportReminder(a: Archive, out: string, opts: { department?: string; today?: string }, job: JobOptions): Promise<ReminderResult> {
  const today = opts.today ?? localDay();
  const c = await a.campaign();
  const names = opts.department ? [opts.department] : (await departmentsOverview(a, today)).departments.map((d) => d.name);
  const sheets: { name: string; contact: string; phone: string; note: string; owed: Assignment[] }[] = [];
  for (const name of names) {
    const d = await departmentDetail(a, name, today);
    const owed = d.assignments.filter((x) => OWED.has(x.state));
    if (owed.length || opts.department) sheets.push({ name, contact: d.department.contact, phone: d.department.phone, note: d.department.note, owed });
  }
  if (!sheets.length) throw new TaizhangError('BAD_INPUT', '没有需要催报的责任单位：每个单位负责的指标都已提交。');

  const fonts = await loadFonts();
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: [A4.width, A4.height],
    lang: 'zh-CN',
    info: { Title: `${c.name} 催报单`, Author: c.unit || c.name, Creator: '创建台账', Producer: '创建台账' },
  });
  const ended = pdfBytes(doc);
  fonts.register(doc);
  const flow = new SheetFlow(doc, fonts);
  let pages = 0;
  doc.on('pageAdded', () => pages++);
  const body = { role: 'fang' as const, size: PT.si, indentChars: 2, align: 'justify' as const, pitch: PT.si * 1.7 };
  for (const [k, s] of sheets.entries()) {
    throwIfCancelled(job.signal);
    flow.page('portrait');
    doc.outline.addItem(s.name);
    const contact = [s.contact && `联系人：${s.contact}`, s.phone && `电话：${s.phone}`].filter(Boolean).join('　');
    listPages(flow, {
      title: '创建材料催报单',
      facts: `致：${s.name}${contact ? `（${contact}）` : ''}　　统计日期：${chineseDate(today)}`,
      continued: `${s.name}（续）`,
      columns: [
        { header: '指标', align: 'center', width: { max: 14 } },
        { header: '指标名称及要求', align: 'left', width: 'fill' },
        { header: '截止日期', align: 'center', width: { max: 26 } },
        { header: '状态', align: 'center', width: { max: 16 } },
        { header: '退回原因', align: 'left', width: { max: 45 } },
      ],
      rows: s.owed.length
        ? s.owed.map((x) => ({ cells: [x.code, x.requirement ? `${x.title}\n${x.requirement}` : x.title, x.deadline ?? '未定', ASSIGNMENT_LABELS[x.state], x.reason] }))
        : [{ cells: ['', '所负责的指标均已提交。', '', '', ''] }],
    });
    doc.y += PT.si;
    const late = s.owed.filter((x) => x.state === 'overdue').length;
    const first = s.owed.map((x) => x.deadline).filter((d): d is string => !!d && d >= today).sort()[0];
    const ask = late
      ? `以上 ${s.owed.length} 项材料中 ${late} 项已超过截止日期，请尽快报送；`
      : first
        ? `请按截止日期（最近为${chineseDate(first)}）报送以上材料；`
        : '请尽快报送以上材料；';
    para(flow, `${ask}退回的材料请按原因修改后随回传包一并报送。${s.note ? s.note : ''}`, body);
    doc.y += PT.si;
    para(flow, `${c.name}办公室`, { ...body, indentChars: 0, align: 'right' });
    para(flow, chineseDate(today), { ...body, indentChars: 0, align: 'right' });
    job.onProgress?.({ phase: '生成催报单', done: k + 1, total: sheets.length, detail: s.name });
  }
  doc.end();
  const data = await ended;
  throwIfCancelled(job.signal);
  await fs.mkdir(path.dirname(out), { recursive: true });
  await writeAtomically(out, data, job.signal);
  return { file: out, pages, departments: sheets.length, items: sheets.reduce((n, s) => n + s.owed.length, 0) };
}
