// The dossier's faces: coverage runs, bundled and installed faces, and real PDFs read back with
// poppler (pdftotext, pdffonts, pdftoppm) — every character comes back, every font is embedded
// as a subset, and a character no role face has is set in a fallback instead of a box.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import PDFDocument from 'pdfkit';
import { FACE_ROLES, loadFonts, textHeight, textWidth, writeText, type FontSet } from '../../main/export/pdf/fonts';
import { fontkit } from '../../main/export/pdf/font-kit';

const RARE = ['堃', '喆', '昇', '珺', '𠮷'];
const PARAGRAPH =
  '为深入贯彻落实全国文明城市创建工作要求，张堃、李喆、王昇、赵珺同志和𠮷田先生于2023年3月8日参加了县委宣传部组织的动员大会，' +
  '会议明确了各责任单位的工作任务和时间节点（见附件1），要求各单位按照测评体系逐条对照、查漏补缺，确保“应建尽建”。';

/** Kept after the run so that the rendered page can be looked at. */
const OUT = path.join(os.tmpdir(), 'taizhang-pdf-fonts-test');

let fonts: FontSet;

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  fonts = await loadFonts({ useSystem: false });
});

function tool(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** A4 with GB/T 9704 margins, written to OUT/name; resolves once the file is complete. */
async function pdf(name: string, body: (doc: PDFKit.PDFDocument) => void): Promise<string> {
  const file = path.join(OUT, name);
  const doc = new PDFDocument({ size: 'A4', margins: { top: 104.9, left: 79.4, right: 73.7, bottom: 99.2 } });
  const done = new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(file);
    out.on('finish', resolve);
    out.on('error', reject);
    doc.pipe(out);
  });
  body(doc);
  doc.end();
  await done;
  return file;
}

function pdfFonts(file: string): { name: string; emb: boolean; sub: boolean }[] {
  return tool('pdffonts', [file])
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const c = l.trim().split(/\s+/);
      return { name: c[0], emb: c[c.length - 5] === 'yes', sub: c[c.length - 4] === 'yes' };
    });
}

/** Text as pdftotext reads it, with line and page breaks taken out. */
function flatText(file: string): string {
  return tool('pdftotext', [file, '-']).replace(/[\n\f]/g, '');
}

const fontFile = new Map<string, ReturnType<typeof fontkit.create>>();
/** The fontkit face behind a registered name (for "is the glyph really there"). */
function faceOf(name: string) {
  const entry = [...fonts.faces, ...fonts.fallbacks].find((f) => f.name === name)!;
  let f = fontFile.get(entry.file);
  if (!f) fontFile.set(entry.file, (f = fontkit.create(fs.readFileSync(entry.file))));
  return f as { hasGlyphForCodePoint(cp: number): boolean; postscriptName: string };
}

describe('loadFonts', () => {
  test('without installed faces every role has a bundled face whose file exists', async () => {
    expect(fonts.faces.map((f) => f.role)).toEqual([...FACE_ROLES]);
    for (const f of fonts.faces) {
      expect(f.source).toBe('bundled');
      expect(fs.statSync(f.file).size).toBeGreaterThan(1_000_000);
    }
    expect(fonts.fallbacks[0].name).toBe(fonts.fallbackName);
    for (const f of fonts.fallbacks) expect(fs.existsSync(f.file)).toBe(true);
    expect(fonts.warnings).toEqual([]);
    // Cached per process.
    expect(await loadFonts({ useSystem: false })).toBe(fonts);
  });

  test('an installed face found by file name in systemDirs is used for its role', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tz-fonts-sys-'));
    const fang = fonts.faces.find((f) => f.role === 'fang')!;
    fs.copyFileSync(fang.file, path.join(dir, 'SIMFANG.TTF'));
    fs.writeFileSync(path.join(dir, 'simhei.ttf'), 'not a font');
    const set = await loadFonts({ systemDirs: [dir] });
    const byRole = Object.fromEntries(set.faces.map((f) => [f.role, f]));
    expect(byRole.fang.source).toBe('system');
    expect(byRole.fang.file).toBe(path.join(dir, 'SIMFANG.TTF'));
    // The broken file is passed over with a note; the role keeps its bundled face.
    expect(byRole.hei.source).toBe('bundled');
    expect(set.warnings.join('\n')).toMatch(/simhei\.ttf not used for hei/);
    for (const role of ['kai', 'song', 'title']) expect(byRole[role].source).toBe('bundled');
    // Bundled faces are shared between sets, not loaded twice.
    expect(byRole.kai.name).toBe(fonts.faces.find((f) => f.role === 'kai')!.name);
  });
});

/** A TrueType collection (.ttc, like simsun.ttc) of the given fonts: their tables, offsets moved. */
function makeTtc(fontFiles: string[]): Buffer {
  const blobs = fontFiles.map((f) => Buffer.from(fs.readFileSync(f)));
  const header = Buffer.alloc(12 + 4 * blobs.length);
  header.write('ttcf', 0, 'latin1');
  header.writeUInt32BE(0x00010000, 4);
  header.writeUInt32BE(blobs.length, 8);
  let base = header.length;
  blobs.forEach((b, i) => {
    header.writeUInt32BE(base, 12 + 4 * i);
    const numTables = b.readUInt16BE(4);
    for (let t = 0; t < numTables; t++) b.writeUInt32BE(b.readUInt32BE(12 + 16 * t + 8) + base, 12 + 16 * t + 8);
    base += b.length;
  });
  return Buffer.concat([header, ...blobs]);
}

test('a face inside a collection (simsun.ttc) is picked by name and embeds', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tz-fonts-ttc-'));
  const hei = fonts.faces.find((f) => f.role === 'hei')!;
  const ttc = path.join(dir, 'simsun.ttc');
  fs.writeFileSync(ttc, makeTtc([hei.file, fonts.fallbacks[0].file]));
  const set = await loadFonts({ systemDirs: [dir] });
  // The fallback slot prefers a serif face of the collection: the second one here.
  expect(set.fallbacks[0]).toMatchObject({ file: ttc, source: 'system' });
  expect(set.faces.find((f) => f.role === 'song')).toMatchObject({ file: ttc, source: 'system' });
  const file = await pdf('ttc.pdf', (doc) => writeText(doc, set, '张堃同志', { role: 'fang', size: 16 }));
  expect(flatText(file)).toBe('张堃同志');
  const used = pdfFonts(file);
  expect(used.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['FandolFang-Regular', 'NotoSerifSC-Regular']);
  for (const f of used) expect(f).toMatchObject({ emb: true, sub: true });
});

describe('runs', () => {
  test('splits into maximal runs, rare characters in the fallback, nothing lost', () => {
    const fang = fonts.faces.find((f) => f.role === 'fang')!.name;
    const runs = fonts.runs('张堃李喆。', 'fang');
    expect(runs).toEqual([
      { font: fang, text: '张' },
      { font: fonts.fallbackName, text: '堃' },
      { font: fang, text: '李' },
      { font: fonts.fallbackName, text: '喆' },
      { font: fang, text: '。' },
    ]);
    expect(fonts.runs('全国文明城市 2023年', 'fang')).toEqual([{ font: fang, text: '全国文明城市 2023年' }]);
    expect(fonts.runs('', 'fang')).toEqual([]);
  });

  test('a character beyond the BMP is one code point, set in a face that has it', () => {
    const runs = fonts.runs('吉𠮷吉', 'fang');
    expect(runs.map((r) => r.text)).toEqual(['吉', '𠮷', '吉']);
    expect(runs[1].font).not.toBe(runs[0].font);
    expect(fonts.fallbacks.map((f) => f.name)).toContain(runs[1].font);
    expect(faceOf(runs[1].font).hasGlyphForCodePoint(0x20bb7)).toBe(true);
  });

  test('line feeds stay in the run, variation selectors stay with their base, unknown characters stay in the fallback', () => {
    const fang = fonts.faces.find((f) => f.role === 'fang')!.name;
    expect(fonts.runs('\n张\n堃\n', 'fang')).toEqual([
      { font: fang, text: '\n张\n' },
      { font: fonts.fallbackName, text: '堃\n' },
    ]);
    expect(fonts.runs('葛\u{e0100}城', 'fang')).toEqual([{ font: fang, text: '葛\u{e0100}城' }]);
    // A private-use character no face has, and a lone surrogate: kept, in the fallback's run.
    expect(fonts.runs('张\u{10fffd}\ud800', 'fang')).toEqual([
      { font: fang, text: '张' },
      { font: fonts.fallbackName, text: '\u{10fffd}\ud800' },
    ]);
  });

  test('every character of a mixed text lands in a face that has it, for every role', () => {
    const text = PARAGRAPH + ' ABC abc 0123 —…·“”‘’《》【】〔〕①②Ⅲ ±×÷≤≥℃ 丂丄亍 ' + RARE.join('');
    for (const role of FACE_ROLES) {
      const runs = fonts.runs(text, role);
      expect(runs.map((r) => r.text).join('')).toBe(text);
      for (let i = 1; i < runs.length; i++) expect(runs[i].font).not.toBe(runs[i - 1].font);
      for (const r of runs) {
        const face = faceOf(r.font);
        for (const ch of r.text) expect([ch, face.hasGlyphForCodePoint(ch.codePointAt(0)!)]).toEqual([ch, true]);
      }
    }
  });

  test('covers() answers for the role face only', () => {
    expect(fonts.covers('国'.codePointAt(0)!, 'fang')).toBe(true);
    expect(fonts.covers('堃'.codePointAt(0)!, 'fang')).toBe(false);
    expect(fonts.covers('堃'.codePointAt(0)!, 'kai')).toBe(true);
    expect(fonts.covers('堃'.codePointAt(0)!, 'song')).toBe(true);
    expect(fonts.covers(0x20bb7, 'song')).toBe(false);
  });
});

describe('writeText in a real PDF', () => {
  test('a 仿宋 paragraph with rare names reads back exactly; fonts embedded as subsets; page rendered', async () => {
    let embedMs = 0;
    const file = await pdf('paragraph.pdf', (doc) => {
      const t = Date.now();
      writeText(doc, fonts, '关于开展全国文明城市创建工作的通知', { role: 'title', size: 22, align: 'center', lineGap: 12 });
      doc.moveDown(0.5);
      writeText(doc, fonts, '一、总体要求', { role: 'hei', size: 16, indent: 32, lineGap: 12 });
      writeText(doc, fonts, '（一）加强组织领导。', { role: 'kai', size: 16, indent: 32, lineGap: 12 });
      writeText(doc, fonts, PARAGRAPH, { role: 'fang', size: 16, indent: 32, align: 'justify', lineGap: 12 });
      // Below the bottom margin: lineBreak false, or it would go to a new page (as pdfkit's text does).
      writeText(doc, fonts, '— 1 —', { role: 'song', size: 14, x: 79.4, y: 762, width: 442 - 14, align: 'right', lineBreak: false });
      embedMs = Date.now() - t;
    });
    expect(tool('pdfinfo', [file])).toMatch(/Pages:\s+1\n/);
    // Exactly what was written, in order (pdftotext drops the narrow spaces of "— 1 —").
    const text = flatText(file);
    const written = '关于开展全国文明城市创建工作的通知' + '一、总体要求' + '（一）加强组织领导。' + PARAGRAPH;
    expect(text.slice(0, written.length)).toBe(written);
    expect(text.slice(written.length)).toMatch(/^— ?1 ?—$/);

    const used = pdfFonts(file);
    expect(used.length).toBeGreaterThanOrEqual(5);
    for (const f of used) expect(f).toEqual({ name: f.name, emb: true, sub: true });
    const names = used.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    // The rare names went to the fallback (Noto Serif SC) and 𠮷 to 霞鹜文楷; both are in the file.
    for (const ch of RARE) {
      const run = fonts.runs(ch, 'fang')[0];
      expect(run.font).not.toBe(fonts.faces.find((f) => f.role === 'fang')!.name);
      expect(names).toContain(faceOf(run.font).postscriptName);
    }
    expect(fonts.runs('堃喆昇珺', 'fang')).toEqual([{ font: fonts.fallbackName, text: '堃喆昇珺' }]);

    const size = fs.statSync(file).size;
    expect(size).toBeLessThan(200_000);
    tool('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '1', file, path.join(OUT, 'paragraph')]);
    const png = fs.readdirSync(OUT).find((f) => /^paragraph-0*1\.png$/.test(f));
    expect(png).toBeDefined();
    expect(fs.statSync(path.join(OUT, png!)).size).toBeGreaterThan(5_000);
    fs.writeFileSync(path.join(OUT, 'figures.json'), JSON.stringify({ pdfBytes: size, writeMs: embedMs }));
  });

  test('justified lines end flush at the right; centred lines sit in the middle; lines share one pitch', async () => {
    const left = 79.4;
    const width = 442;
    const file = await pdf('align.pdf', (doc) => {
      writeText(doc, fonts, PARAGRAPH, { role: 'fang', size: 16, x: left, y: 120, width, align: 'justify', lineGap: 12 });
      writeText(doc, fonts, '张堃同志', { role: 'fang', size: 16, x: left, y: 400, width, align: 'center' });
    });
    const words = [...tool('pdftotext', ['-bbox', file, '-']).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
      (m) => ({ xMin: +m[1], yMin: +m[2], xMax: +m[3], yMax: +m[4], text: m[5] }),
    );
    const para = words.filter((w) => w.yMin < 390);
    const lines = new Map<number, typeof para>();
    for (const w of para) {
      const key = Math.round(w.yMax);
      lines.set(key, [...(lines.get(key) ?? []), w]);
    }
    const rows = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, ws]) => ws);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    // All lines but the last end within a point of the right edge.
    for (const ws of rows.slice(0, -1)) expect(Math.abs(Math.max(...ws.map((w) => w.xMax)) - (left + width))).toBeLessThan(1);
    // One pitch, 16 pt Fandol's height (19.2) + 12, from the top given. (pdftotext boxes a line by
    // its first character's font, so lines that start with a fallback character are skipped.)
    rows.forEach((ws, i) => {
      if (!RARE.some((r) => ws[0].text.startsWith(r))) expect(Math.abs(ws[0].yMin - (120 + i * 31.2))).toBeLessThan(0.5);
    });
    const centred = words.filter((w) => w.yMin >= 390);
    const x0 = Math.min(...centred.map((w) => w.xMin));
    const x1 = Math.max(...centred.map((w) => w.xMax));
    expect(Math.abs((x0 + x1) / 2 - (left + width / 2))).toBeLessThan(1);
  });

  test('textHeight matches what writeText uses; textWidth adds the runs', async () => {
    const opts = { width: 300, lineGap: 9.8, indent: 32 };
    let used = 0;
    await pdf('height.pdf', (doc) => {
      const predicted = textHeight(doc, fonts, PARAGRAPH + '\n' + PARAGRAPH, 'fang', 16, opts);
      writeText(doc, fonts, PARAGRAPH + '\n' + PARAGRAPH, { role: 'fang', size: 16, x: 80, y: 100, ...opts });
      used = doc.y - 100;
      expect(used).toBeCloseTo(predicted, 6);
      expect(doc.x).toBe(80);
    });
    expect(used).toBeGreaterThan(0);
    const doc = new PDFDocument();
    // Like pdfkit: a final line feed adds no line, an empty line between paragraphs does.
    const one = textHeight(doc, fonts, '张', 'fang', 16, opts);
    expect(textHeight(doc, fonts, '张\n', 'fang', 16, opts)).toBeCloseTo(one, 6);
    expect(textHeight(doc, fonts, '张\n\n张', 'fang', 16, opts)).toBeCloseTo(3 * one, 6);
    expect(textHeight(doc, fonts, '', 'fang', 16, opts)).toBe(0);
    expect(textWidth(doc, fonts, '张堃', 'fang', 16)).toBeCloseTo(32, 1);
    expect(textWidth(doc, fonts, '张堃\n张', 'fang', 16)).toBeCloseTo(32, 1);
    expect(textWidth(doc, fonts, '', 'fang', 16)).toBe(0);
  });

  test('text past the bottom margin continues on a new page; nothing is lost', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `第${i + 1}段。${PARAGRAPH}`).join('\n');
    const file = await pdf('pages.pdf', (doc) => {
      writeText(doc, fonts, long, { role: 'fang', size: 16, align: 'justify', indent: 32, lineGap: 9.8 });
    });
    const pages = Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', [file]))![1]);
    expect(pages).toBeGreaterThan(5);
    expect(flatText(file)).toBe(long.replace(/\n/g, ''));
  });

  test('continued: a 楷体 heading runs into 仿宋 body as one paragraph; held text is written at end()', async () => {
    const file = await pdf('continued.pdf', (doc) => {
      writeText(doc, fonts, '（一）加强组织领导。', { role: 'kai', size: 16, indent: 32, align: 'justify', continued: true });
      writeText(doc, fonts, '成立以县委书记为组长的创建工作领导小组，张堃同志任办公室主任。', { role: 'fang', size: 16 });
      writeText(doc, fonts, [
        { text: '（二）', role: 'kai' },
        { text: '完善工作机制。', role: 'kai', underline: true },
        { text: '建立周调度、月通报制度。' },
      ], { role: 'fang', size: 16, indent: 32 });
      writeText(doc, fonts, '结尾未续写的文字。', { role: 'fang', size: 16, continued: true });
    });
    const text = flatText(file);
    expect(text).toContain('（一）加强组织领导。成立以县委书记为组长的创建工作领导小组，张堃同志任办公室主任。');
    expect(text).toContain('（二）完善工作机制。建立周调度、月通报制度。');
    expect(text).toContain('结尾未续写的文字。');
    expect(pdfFonts(file).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(
      expect.arrayContaining(['LXGWWenKai-Regular', 'FandolFang-Regular', 'NotoSerifSC-Regular']),
    );
  });
});
