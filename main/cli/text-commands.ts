// Reading the evidence from the command line (issue 14): `ocr` reads what waits (PDF text layers,
// OCR of scans and photos of documents), `items suggest` shows what an item's text suggests,
// `items accept` takes the suggestions into empty fields, `files text` prints what was read.
import { listItems } from '../archive/items-repo';
import { sql } from '../archive/db';
import { pageTexts } from '../text/page-store';
import { readPending } from '../text/reader';
import { acceptSuggestions, itemSuggestions, itemsReading } from '../text/suggestions';
import { str } from './args';
import { CLI_ACTOR, JSON_OPT, json, need, withArchive, type Command } from './command-kit';
import { act, idArgs } from './item-commands';
import { checked } from './indicator-edit-commands';
import { progressBar, table } from './output';
import { TaizhangError } from '../../shared/errors';
import { SUGGESTION_FIELDS, SUGGESTION_LABELS, suggestionText, type SuggestionField } from '../../shared/text-types';
import type { EngineName } from '../text/ocr/engine';

const ENGINES: EngineName[] = ['paddle', 'tesseract'];

export const ocrCmd: Command = {
  usage: 'ocr ARCHIVE [--force] [--engine paddle|tesseract] [--json]',
  summary: '文字识别：读取 PDF 文字，识别扫描件和文件照片（离线）',
  options: { force: {}, engine: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    const engine = str(p, 'engine') as EngineName | undefined;
    if (engine && !ENGINES.includes(engine)) throw new TaizhangError('BAD_INPUT', `识别引擎“${engine}”不存在，可选：${ENGINES.join('、')}。`);
    const bar = progressBar();
    const controller = new AbortController();
    // Ctrl+C stops after the page being read; what was read is kept, the rest waits for the next run.
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    const t0 = Date.now();
    const r = await withArchive(dir, (a) =>
      readPending(a, {
        force: Boolean(p.options.force),
        engine,
        signal: controller.signal,
        onProgress: (x) => bar.update({ phase: '文字识别', done: x.done, total: x.total, detail: x.current ?? undefined }),
      }),
    ).finally(() => {
      bar.done();
      process.off('SIGINT', stop);
    });
    const seconds = Math.round((Date.now() - t0) / 100) / 10;
    if (p.options.json) json(io, { ...r, seconds });
    else {
      io.out(`识别了 ${r.read} 个文件（${r.pages} 页，其中 ${r.ocrPages} 页用文字识别${r.engine ? `，引擎 ${r.engine}` : ''}），${r.scenes} 张为活动照片（不识别文字），用时 ${seconds} 秒。`);
      for (const f of r.failed) io.out(`无法识别：${f.name}（${f.reason}）`);
      if (r.pending) io.out(`还有 ${r.pending} 个文件等待识别，再运行一次 taizhang ocr 继续。`);
    }
    return 0;
  },
};

export const itemsSuggest: Command = {
  usage: 'items suggest ARCHIVE ID [--json]',
  summary: '识别建议：材料文字中读到的日期、文号、责任者、题名、参与人数，以及建议归入的指标',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, idText] = need(p, 2, this.usage);
    const [id] = idArgs([idText], '材料');
    const { s, waiting } = await withArchive(dir, async (a) => {
      const [item] = await listItems(a.db, { ids: [id] });
      if (!item) throw new TaizhangError('NOT_FOUND', `找不到第 ${id} 号材料，请用 items list 查看材料编号。`);
      return { s: await itemSuggestions(a.db, item), waiting: (await itemsReading(a.db, [id])).size > 0 };
    });
    if (p.options.json) json(io, s);
    else {
      if (!s.fields.length && !s.filing.length) {
        io.out(waiting ? '没有识别建议：文件还在等待文字识别，请运行 taizhang ocr。' : '没有识别建议：文字中没有读到日期、文号、责任者或题名（活动照片不识别文字）。');
      }
      for (const f of s.fields) {
        const taken = f.current === f.value ? '（已采用）' : f.current != null && f.current !== '' ? `（现为“${suggestionText(f.field, f.current)}”）` : '';
        io.out(`${SUGGESTION_LABELS[f.field]}：${suggestionText(f.field, f.value)}${taken}  ← ${f.from}：${f.evidence}`);
      }
      if (s.filing.length) io.out(`建议归入：${s.filing.map((f) => `${f.code} ${f.title}`).join('；')}`);
    }
    return 0;
  },
};

function fieldsArg(text: string | undefined): SuggestionField[] | undefined {
  if (!text) return undefined;
  const byLabel = new Map<string, SuggestionField>(SUGGESTION_FIELDS.map((f) => [SUGGESTION_LABELS[f], f]));
  return text.split(/[,，、]/).map((t) => {
    const f = (SUGGESTION_FIELDS as readonly string[]).includes(t) ? (t as SuggestionField) : byLabel.get(t);
    if (!f) throw new TaizhangError('BAD_INPUT', `--fields 中的“${t}”不是可接受的字段，可选：${SUGGESTION_FIELDS.join(',')}（或 ${SUGGESTION_FIELDS.map((x) => SUGGESTION_LABELS[x]).join('、')}）。`);
    return f;
  });
}

const ACCEPT_USAGE = 'items accept ARCHIVE ID... [--fields date,docNumber,responsible,title,participants] [--json]';
export const itemsAccept: Command = {
  usage: ACCEPT_USAGE,
  summary: '接受建议：把识别建议填入材料中还空着的字段（已填写的保留）',
  options: { fields: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir, ...rest] = need(p, 2, ACCEPT_USAGE, Infinity);
    const args = checked('items.acceptSuggestions', { ids: idArgs(rest, '材料'), fields: fieldsArg(str(p, 'fields')) }, (f) => (f === 'fields' ? '--fields' : '材料编号'));
    return act(p, io, dir, (a) => acceptSuggestions(a, args.ids, args.fields, CLI_ACTOR));
  },
};

export const filesText: Command = {
  usage: 'files text ARCHIVE FILE_ID [--json]',
  summary: '查看文件中识别出的文字（逐页）',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, idText] = need(p, 2, this.usage);
    const [id] = idArgs([idText], '文件');
    const r = await withArchive(dir, async (a) => {
      const f = await a.db.get<{ sha256: string; name: string; text_state: string | null; text_error: string | null }>(
        sql`SELECT f.sha256, f.name, b.text_state, b.text_error FROM files f JOIN blobs b ON b.sha256 = f.sha256 WHERE f.id = ${id}`,
      );
      if (!f) throw new TaizhangError('NOT_FOUND', `找不到第 ${id} 号文件，请用 items list --json 查看文件编号。`);
      return { name: f.name, state: f.text_state, error: f.text_error, pages: await pageTexts(a.db, f.sha256) };
    });
    if (p.options.json) json(io, r);
    else if (!r.pages.length) {
      io.out(
        r.state === 'pending' ? `${r.name} 还在等待识别，请运行 taizhang ocr。`
        : r.state === 'scene' ? `${r.name} 是活动照片，不识别文字。`
        : r.state === 'failed' ? `${r.name} 无法识别：${r.error ?? ''}`
        : `${r.name} 没有识别出文字。`,
      );
    } else {
      io.out(table(['页', '来源', '文字'], r.pages.map((pg) => [pg.page, pg.source === 'pdf' ? 'PDF 文字' : `文字识别（${pg.engine}）`, pg.text.replace(/\n/g, ' ')]), 100));
    }
    return 0;
  },
};
