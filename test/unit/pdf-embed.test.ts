// Merging evidence PDFs into a pdfkit document as Form XObjects, checked on real files with the
// tools a reviewer would use: qpdf --check, and poppler (pdfinfo, pdftotext, pdftoppm, pdfimages,
// pdffonts). Poppler reading each *source* PDF is the oracle: its idea of a page's displayed size,
// orientation and word positions must come out the same, scaled into the text area, in the dossier.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import {
  AnnotationFlags, degrees, PageSizes, PDFArray, PDFDict, PDFDocument as LibDocument, PDFName, PDFNumber, PDFRef, PDFString,
  rgb, StandardFonts,
} from '@cantoo/pdf-lib';
import { drawEmbeddedPage, embedPdfPages, PdfEmbedError, type EmbeddedPage } from '../../main/export/pdf/embed-pdf';
import { makeJpeg, makePdf } from '../../main/demo/sample-files';
import { WARNINGS } from '../../main/intake/probe';
import { tmpDir } from '../helpers/tmp';
import { words } from '../helpers/pdf-tools';

const dir = tmpDir('tz-embed-');
const at = (name: string) => path.join(dir, name);

const MM = 72 / 25.4;
/** The dossier's text area on an A4 page, in pdfkit coordinates (y down). */
const BOX = { x: 28 * MM, y: 37 * MM, width: 156 * MM, height: 225 * MM };
const A4 = { width: 595.28, height: 841.89 };

// ---------------------------------------------------------------------------------------------
// Reading PDFs back

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function pdfinfo(file: string, extra: string[] = []): string {
  return run('pdfinfo', [...extra, file]);
}

function pageCount(file: string, extra: string[] = []): number {
  return Number(/Pages:\s+(\d+)/.exec(pdfinfo(file, extra))![1]);
}

/** Size of every page as displayed (poppler applies /Rotate and the crop box). */
function displayedSizes(file: string): { width: number; height: number }[] {
  const out = pdfinfo(file, ['-f', '1', '-l', String(pageCount(file))]);
  const sizes = [...out.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const rots = [...out.matchAll(/Page\s+\d+ rot:\s+(\d+)/g)].map((m) => Number(m[1]));
  return sizes.map(([w, h], i) => (rots[i] % 180 ? { width: h, height: w } : { width: w, height: h }));
}

function text(file: string, page: number, extra: string[] = []): string {
  return run('pdftotext', [...extra, '-f', String(page), '-l', String(page), file, '-']).replace(/\s+/g, ' ').trim();
}

/** The page as poppler renders it at 72 dpi, grey: one pixel per point. */
async function render(file: string, page: number): Promise<{ dark(x: number, y: number): boolean; width: number; height: number }> {
  const prefix = at(`render-${path.basename(file)}-${page}`);
  run('pdftoppm', ['-r', '72', '-gray', '-png', '-singlefile', '-f', String(page), '-l', String(page), file, prefix]);
  const { data, info } = await sharp(`${prefix}.png`).raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    dark: (x, y) => data[(Math.floor(y) * info.width + Math.floor(x)) * info.channels] < 160,
  };
}

/** Bounding box, in points, of the pixels that are not white. */
async function inkBox(file: string, page: number): Promise<{ x0: number; y0: number; x1: number; y1: number }> {
  const img = await render(file, page);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.dark(x, y)) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
    }
  }
  return { x0, y0, x1, y1 };
}

/** Distinct object numbers of the images and fonts poppler finds on the given pages. */
function imageObjects(file: string, first: number, last: number): Set<number> {
  const rows = run('pdfimages', ['-list', '-f', String(first), '-l', String(last), file]).split('\n').slice(2).filter((l) => l.trim());
  return new Set(rows.map((l) => Number(l.trim().split(/\s+/)[10])));
}

function fontObjects(file: string, page: number): number[] {
  const rows = run('pdffonts', ['-f', String(page), '-l', String(page), file]).split('\n').slice(2).filter((l) => l.trim());
  return rows.map((l) => Number(l.trim().split(/\s+/).at(-2)));
}

// ---------------------------------------------------------------------------------------------
// Sources

/** A3, A5 and an A4 page that someone turned in a viewer and saved (/Rotate 90 added by pdf-lib). */
async function makeSizes(file: string): Promise<void> {
  const doc = new PDFDocument({ autoFirstPage: false });
  const out = fs.createWriteStream(file);
  doc.pipe(out);
  for (const [size, label] of [['A3', 'Big A3 page'], ['A5', 'Small A5 page'], ['A4', 'Turned A4 page']] as const) {
    doc.addPage({ size, margin: 0 });
    // A frame 10 pt inside the page edge, so the rendered ink shows the page's extent.
    doc.lineWidth(4).rect(10, 10, doc.page.width - 20, doc.page.height - 20).stroke();
    doc.fontSize(24).text(label, 60, 60);
  }
  doc.end();
  await once(out, 'finish');
  const pdf = await LibDocument.load(fs.readFileSync(file));
  pdf.getPage(2).setRotation(degrees(90));
  fs.writeFileSync(file, await pdf.save());
}

/**
 * Three A4 pages stored turned by /Rotate 90, 180 and 270, their content drawn so that each reads
 * upright as displayed: "TOPLEFT" at the displayed top left, "BOTTOMRIGHT" at the bottom right.
 */
async function makeRotated(file: string): Promise<void> {
  const pdf = await LibDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const [W, H] = PageSizes.A4;
  for (const r of [90, 180, 270]) {
    const page = pdf.addPage([W, H]);
    const [dw, dh] = r === 180 ? [W, H] : [H, W];
    // Displayed (u, v), y up, to stored (x, y).
    const stored = (u: number, v: number) =>
      r === 90 ? { x: W - v, y: u } : r === 180 ? { x: W - u, y: H - v } : { x: v, y: H - u };
    page.drawText(`TOPLEFT${r}`, { ...stored(40, dh - 60), size: 24, font, rotate: degrees(r) });
    page.drawText(`BOTTOMRIGHT${r}`, { ...stored(dw - 260, 40), size: 24, font, rotate: degrees(r) });
    page.setRotation(degrees(r));
  }
  fs.writeFileSync(file, await pdf.save());
}

/**
 * One page whose MediaBox, CropBox, Rotate and Resources all sit on the page-tree node above it,
 * with two content streams, one deflated and one not. Inside the crop box: a frame and "INSIDE";
 * outside it: a black square and "OUTSIDE", which must not show.
 */
async function makeInherited(file: string): Promise<void> {
  const pdf = await LibDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([600, 800]);
  page.drawRectangle({ x: 0, y: 0, width: 90, height: 90, color: rgb(0, 0, 0) });
  page.drawRectangle({ x: 105, y: 105, width: 290, height: 390, borderWidth: 4, borderColor: rgb(0, 0, 0) });
  page.drawText('INSIDE', { x: 150, y: 300, size: 20, font });
  page.drawText('OUTSIDE', { x: 420, y: 700, size: 20, font });
  const ctx = pdf.context;
  const leaf = page.node;
  const tree = pdf.catalog.Pages();
  for (const key of ['Resources', 'MediaBox']) {
    tree.set(PDFName.of(key), leaf.get(PDFName.of(key))!);
    leaf.delete(PDFName.of(key));
  }
  tree.set(PDFName.of('CropBox'), ctx.obj([100, 100, 400, 500]));
  tree.set(PDFName.of('Rotate'), PDFNumber.of(90));
  const contents = leaf.get(PDFName.of('Contents'));
  const parts = contents instanceof PDFArray ? contents.asArray() : [contents!];
  const plain = ctx.register(ctx.stream('0 0 0 RG 6 w 120 450 m 380 450 l S\n'));
  leaf.set(PDFName.of('Contents'), ctx.obj([...parts, plain]));
  fs.writeFileSync(file, await pdf.save());
}

/**
 * Made by pdf-lib: three pages sharing one font and one JPEG; on page 1 a filled-in form field
 * (printable) and a hidden one, and a resource holding a string.
 */
async function makeLibDoc(file: string, jpeg: string): Promise<void> {
  const pdf = await LibDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const photo = await pdf.embedJpg(fs.readFileSync(jpeg));
  for (let i = 1; i <= 3; i++) {
    const page = pdf.addPage(PageSizes.A4);
    page.drawText(`pdf-lib page ${i} of 3`, { x: 72, y: 760, size: 18, font });
    page.drawImage(photo, { x: 72, y: 320, width: 400, height: 300 });
  }
  const first = pdf.getPage(0);
  const form = pdf.getForm();
  const field = form.createTextField('clerk');
  field.setText('FIELDVALUE');
  field.addToPage(first, { x: 72, y: 250, width: 250, height: 30, font });
  const secret = form.createTextField('secret');
  secret.setText('HIDDENVALUE');
  secret.addToPage(first, { x: 72, y: 200, width: 250, height: 30, font });
  secret.acroField.getWidgets()[0].setFlagTo(AnnotationFlags.Hidden, true);
  // A string to copy, and a link to another page, which must not drag that page along.
  const props = pdf.context.obj({ Title: PDFString.of('Hello (world)'), Page: pdf.getPage(2).ref });
  first.node.Resources()!.set(PDFName.of('Properties'), pdf.context.obj({ MC0: props }));
  fs.writeFileSync(file, await pdf.save());
}

// ---------------------------------------------------------------------------------------------
// The dossier

interface Placed {
  source: string;
  /** 1-based page of the source. */
  sourcePage: number;
  /** 1-based page of the output. */
  page: number;
  embedded: EmbeddedPage;
}

/**
 * An A4 pdfkit document with every page of every source in the text area, one per page; a source
 * that cannot be merged gets a placeholder page, as the dossier does.
 */
async function build(
  file: string,
  sources: string[],
  opts: { enlarge?: boolean; doc?: PDFKit.PDFDocumentOptions } = {},
): Promise<{ placed: Placed[]; errors: Map<string, unknown> }> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, ...opts.doc });
  const out = fs.createWriteStream(file);
  doc.pipe(out);
  const placed: Placed[] = [];
  const errors = new Map<string, unknown>();
  let n = 0;
  for (const source of sources) {
    try {
      const pages = await embedPdfPages(doc, fs.readFileSync(source));
      pages.forEach((embedded, i) => {
        doc.addPage();
        drawEmbeddedPage(doc, embedded, BOX, { enlarge: opts.enlarge });
        placed.push({ source, sourcePage: i + 1, page: ++n, embedded });
      });
    } catch (e) {
      errors.set(source, e);
      doc.addPage().fontSize(14).text(`PLACEHOLDER ${path.basename(source)}`, BOX.x, BOX.y);
      n++;
    }
  }
  doc.end();
  await once(out, 'finish');
  return { placed, errors };
}

/** Where a page of this displayed size lands in BOX. */
function placement(p: { width: number; height: number }, enlarge = false) {
  const fit = Math.min(BOX.width / p.width, BOX.height / p.height);
  const scale = enlarge ? fit : Math.min(1, fit);
  return { scale, x: BOX.x + (BOX.width - p.width * scale) / 2, y: BOX.y + (BOX.height - p.height * scale) / 2 };
}

const S = {
  one: at('one.pdf'),
  three: at('three.pdf'),
  restricted: at('restricted.pdf'),
  encrypted: at('encrypted.pdf'),
  truncated: at('truncated.pdf'),
  notPdf: at('not-a.pdf'),
  sizes: at('sizes.pdf'),
  rotated: at('rotated.pdf'),
  inherited: at('inherited.pdf'),
  lib: at('pdf-lib.pdf'),
};
const OUT = at('dossier.pdf');
let result: Awaited<ReturnType<typeof build>>;

beforeAll(async () => {
  await makePdf(S.one, { pages: 1, title: 'Single page' });
  await makePdf(S.three, { pages: 3, title: 'Three pages' });
  await makePdf(S.restricted, { pages: 2, title: 'Restricted', restricted: true });
  await makePdf(S.encrypted, { pages: 1, title: 'Secret', encrypted: true });
  fs.writeFileSync(S.truncated, fs.readFileSync(S.three).subarray(0, 700));
  fs.writeFileSync(S.notPdf, 'this is not a PDF at all\n');
  await makeSizes(S.sizes);
  await makeRotated(S.rotated);
  await makeInherited(S.inherited);
  await makeJpeg(at('photo.jpg'), { width: 1200, height: 900, seed: 3 });
  await makeLibDoc(S.lib, at('photo.jpg'));
  result = await build(OUT, [
    S.one, S.three, S.restricted, S.encrypted, S.truncated, S.notPdf, S.sizes, S.rotated, S.inherited, S.lib, S.three,
  ]);
});

const placedFrom = (source: string) => result.placed.filter((p) => p.source === source);

test('the dossier passes qpdf --check and has one A4 page per source page, plus placeholders', () => {
  expect(run('qpdf', ['--check', OUT])).toContain('No syntax or stream encoding errors');
  // 1 + 3 + 2 + 3 placeholders + 3 + 3 + 1 + 3 + 3
  expect(result.placed).toHaveLength(19);
  expect(pageCount(OUT)).toBe(22);
  for (const size of displayedSizes(OUT)) expect(size).toEqual(A4);
});

test('a PDF that needs a password, and broken ones, are refused before anything is written', async () => {
  const enc = result.errors.get(S.encrypted);
  expect(enc).toBeInstanceOf(PdfEmbedError);
  expect(enc).toMatchObject({ reason: 'encrypted', message: WARNINGS.pdfEncrypted });
  for (const broken of [S.truncated, S.notPdf]) {
    expect(result.errors.get(broken)).toMatchObject({ name: 'PdfEmbedError', reason: 'corrupt', message: WARNINGS.pdfCorrupt });
  }
  expect(result.errors.size).toBe(3);
  // The placeholder pages that follow are intact, and so is everything after them.
  const after = result.placed.find((p) => p.source === S.sizes)!;
  expect(text(OUT, after.page - 1)).toBe('PLACEHOLDER not-a.pdf');
  // No object was allocated in the document (pdfkit's count of them is internal).
  const doc = new PDFDocument();
  const objects = () => (doc as unknown as { _offsets: unknown[] })._offsets.length;
  const before = objects();
  for (const bad of [S.encrypted, S.truncated, S.notPdf]) {
    await expect(embedPdfPages(doc, fs.readFileSync(bad))).rejects.toThrow(PdfEmbedError);
  }
  expect(objects()).toBe(before);
});

test('every source page keeps its text, and the owner-password PDF opens', () => {
  for (const p of result.placed) {
    if (p.source === S.inherited) continue; // text outside its crop box: below
    expect(text(OUT, p.page)).toBe(text(p.source, p.sourcePage));
  }
  expect(placedFrom(S.three).map((p) => text(OUT, p.page))).toEqual([
    'Three pages Page 1 of 3', 'Three pages Page 2 of 3', 'Three pages Page 3 of 3',
    'Three pages Page 1 of 3', 'Three pages Page 2 of 3', 'Three pages Page 3 of 3',
  ]);
  expect(placedFrom(S.restricted).map((p) => text(OUT, p.page))).toEqual(['Restricted Page 1 of 2', 'Restricted Page 2 of 2']);
});

test('sizes are the displayed ones, and every word sits where poppler shows it, scaled into the text area', () => {
  for (const p of result.placed) {
    if (p.source === S.inherited) continue; // cropped: below
    const displayed = displayedSizes(p.source)[p.sourcePage - 1];
    expect(p.embedded.width).toBeCloseTo(displayed.width, 1);
    expect(p.embedded.height).toBeCloseTo(displayed.height, 1);
    const { scale, x, y } = placement(p.embedded);
    const got = words(OUT, p.page);
    const want = words(p.source, p.sourcePage);
    expect(got.map((w) => w.text)).toEqual(want.map((w) => w.text));
    want.forEach((w, i) => {
      // Glyph boxes scale with the font size, so allow a little more than rounding.
      const tol = 1 + 0.05 * (w.yMax - w.yMin);
      expect(Math.abs(got[i].xMin - (x + w.xMin * scale))).toBeLessThan(tol);
      expect(Math.abs(got[i].yMin - (y + w.yMin * scale))).toBeLessThan(tol);
      expect(Math.abs(got[i].xMax - (x + w.xMax * scale))).toBeLessThan(tol);
      expect(Math.abs(got[i].yMax - (y + w.yMax * scale))).toBeLessThan(tol);
    });
  }
});

test('an A3 page is scaled down into the text area; an A5 page is not enlarged', async () => {
  const [a3, a5] = placedFrom(S.sizes);
  expect([a3.embedded.width, a3.embedded.height]).toEqual([841.89, 1190.55]);
  const big = await inkBox(OUT, a3.page);
  // The frame is 10 pt (scaled: 5.3) inside the page edge; the page fills the text area's width.
  const s = BOX.width / 841.89;
  expect(big.x0).toBeGreaterThanOrEqual(Math.floor(BOX.x));
  expect(big.x1).toBeLessThanOrEqual(Math.ceil(BOX.x + BOX.width));
  expect(big.y0).toBeGreaterThanOrEqual(Math.floor(BOX.y));
  expect(big.y1).toBeLessThanOrEqual(Math.ceil(BOX.y + BOX.height));
  expect(Math.abs(big.x1 - big.x0 - (841.89 - 16) * s)).toBeLessThan(3);
  expect(Math.abs(big.y1 - big.y0 - (1190.55 - 16) * s)).toBeLessThan(3);

  const small = await inkBox(OUT, a5.page);
  expect(Math.abs(small.x1 - small.x0 - (419.53 - 16))).toBeLessThan(3);
  expect(Math.abs(small.y1 - small.y0 - (595.28 - 16))).toBeLessThan(3);
  // Centred in the text area.
  expect(Math.abs((small.x0 + small.x1) / 2 - (BOX.x + BOX.width / 2))).toBeLessThan(2);
  expect(Math.abs((small.y0 + small.y1) / 2 - (BOX.y + BOX.height / 2))).toBeLessThan(2);
});

test('rotated pages come out as displayed: upright text, top left where it belongs', () => {
  const turned = placedFrom(S.rotated);
  expect(turned.map((p) => [p.embedded.width, p.embedded.height])).toEqual([[841.89, 595.28], [595.28, 841.89], [841.89, 595.28]]);
  turned.forEach((p, i) => {
    const r = [90, 180, 270][i];
    for (const file of [p.source, OUT]) {
      const page = file === OUT ? p.page : p.sourcePage;
      const ws = words(file, page);
      const tl = ws.find((w) => w.text === `TOPLEFT${r}`)!;
      const br = ws.find((w) => w.text === `BOTTOMRIGHT${r}`)!;
      // Horizontal words, the first above and left of the second.
      for (const w of [tl, br]) expect(w.xMax - w.xMin).toBeGreaterThan(3 * (w.yMax - w.yMin));
      expect(tl.xMax).toBeLessThan(br.xMin);
      expect(tl.yMax).toBeLessThan(br.yMin);
    }
  });
  // A page turned in a viewer keeps its turn: the displayed page is landscape, its text runs down.
  const a4 = placedFrom(S.sizes)[2];
  expect([a4.embedded.width, a4.embedded.height]).toEqual([841.89, 595.28]);
  for (const w of words(OUT, a4.page)) expect(w.yMax - w.yMin).toBeGreaterThan(w.xMax - w.xMin);
});

test('inherited MediaBox, CropBox, Rotate and Resources are honoured; what lies outside the crop box is not drawn', async () => {
  const [p] = placedFrom(S.inherited);
  // Crop box 300 × 400, turned by 90.
  expect([p.embedded.width, p.embedded.height]).toEqual([400, 300]);
  // Both content streams drew: the frame (deflated) and the line (not).
  const ink = await inkBox(OUT, p.page);
  const { x, y } = placement(p.embedded);
  // The frame is 5 pt inside the crop box, 4 pt wide.
  expect(Math.abs(ink.x0 - (x + 3))).toBeLessThan(2);
  expect(Math.abs(ink.y0 - (y + 3))).toBeLessThan(2);
  expect(Math.abs(ink.x1 - (x + 397))).toBeLessThan(2);
  expect(Math.abs(ink.y1 - (y + 297))).toBeLessThan(2);
  const got = words(OUT, p.page).filter((w) => w.xMin >= BOX.x && w.xMax <= BOX.x + BOX.width);
  expect(got.map((w) => w.text)).toEqual(['INSIDE']);
  // The source as poppler shows it has the same INSIDE at the same place (poppler's word boxes
  // are relative to the media box: the crop box starts 100 pt further in on both axes).
  const want = words(p.source, 1).find((w) => w.text === 'INSIDE')!;
  expect(Math.abs(got[0].xMin - (x + want.xMin - 100))).toBeLessThan(1);
  expect(Math.abs(got[0].yMin - (y + want.yMin - 100))).toBeLessThan(1);
  // The second, undeflated content stream drew its line: stored x 120..380 at y 450, which the
  // turn makes a vertical line 350 pt from the left, 20..280 pt from the top.
  const img = await render(OUT, p.page);
  for (let v = 25; v <= 275; v += 10) expect(img.dark(x + 350, y + v)).toBe(true);
  expect(img.dark(x + 340, y + 150)).toBe(false);
});

test('printable form fields are drawn; hidden ones are not', () => {
  const [first] = placedFrom(S.lib);
  expect(text(OUT, first.page)).toContain('FIELDVALUE');
  expect(text(OUT, first.page)).not.toContain('HIDDENVALUE');
  expect(text(OUT, first.page)).toContain('pdf-lib page 1 of 3');
});

test('objects shared by several pages are written once per embedded PDF, not once per page', () => {
  const lib = placedFrom(S.lib);
  // One JPEG on three pages: one image object.
  expect(imageObjects(OUT, lib[0].page, lib[2].page).size).toBe(1);
  // One font on the three pages of each copy of three.pdf; the second copy is independent.
  const three = placedFrom(S.three);
  const fontsOf = (ps: Placed[]) => new Set(ps.flatMap((p) => fontObjects(OUT, p.page)));
  expect(fontsOf(three.slice(0, 3)).size).toBe(1);
  expect(fontsOf(three.slice(3)).size).toBe(1);
  expect([...fontsOf(three.slice(0, 3))][0]).not.toBe([...fontsOf(three.slice(3))][0]);
});

test('the photo is copied byte for byte, once: the output is about as big as the source', async () => {
  const once = at('lib-once.pdf');
  const twice = at('lib-twice.pdf');
  await build(once, [S.lib]);
  await build(twice, [S.lib, S.lib]);
  const src = fs.statSync(S.lib).size;
  const jpeg = fs.statSync(at('photo.jpg')).size;
  expect(jpeg).toBeGreaterThan(100_000);
  expect(fs.statSync(once).size).toBeLessThan(src + 20_000);
  expect(fs.statSync(twice).size).toBeLessThan(2 * src + 20_000);
  expect(imageObjects(twice, 1, 6).size).toBe(2);
  // A resource's link to another page of the source was cut (qpdf drops the null left in its
  // place): no page of the source came along, only the dossier's own three.
  const qdf = at('lib-once-qdf.pdf');
  run('qpdf', ['--qdf', '--object-streams=disable', once, qdf]);
  expect(fs.readFileSync(qdf, 'latin1').match(/\/Type \/Page\n/g)).toHaveLength(3);
  const extracted = at('extracted');
  run('pdfimages', ['-j', '-f', '1', '-l', '1', once, extracted]);
  expect(fs.readFileSync(`${extracted}-000.jpg`).equals(fs.readFileSync(at('photo.jpg')))).toBe(true);
});

test('enlarge fits a small page to the text area', async () => {
  const file = at('enlarged.pdf');
  const { placed } = await build(file, [S.sizes], { enlarge: true });
  const ink = await inkBox(file, placed[1].page);
  const s = BOX.width / 419.53;
  expect(Math.abs(ink.x1 - ink.x0 - (419.53 - 16) * s)).toBeLessThan(3);
});

test('into an encrypted dossier: strings and streams are encrypted with the rest', async () => {
  const file = at('encrypted-out.pdf');
  await build(file, [S.lib, S.three], { doc: { userPassword: 'open', ownerPassword: 'owner', pdfVersion: '1.7' } });
  expect(run('qpdf', ['--check', '--password=open', file])).toContain('No syntax or stream encoding errors');
  expect(text(file, 1, ['-upw', 'open'])).toContain('FIELDVALUE');
  expect(text(file, 5, ['-upw', 'open'])).toBe('Three pages Page 2 of 3');
  const plain = at('decrypted.pdf');
  run('qpdf', ['--password=open', '--decrypt', '--qdf', '--object-streams=disable', file, plain]);
  expect(fs.readFileSync(plain, 'latin1')).toContain('/Title (Hello \\(world\\))');
});

test('drawEmbeddedPage refuses a page of another document', async () => {
  const a = new PDFDocument({ autoFirstPage: true });
  const b = new PDFDocument({ autoFirstPage: true });
  const [page] = await embedPdfPages(a, fs.readFileSync(S.one));
  expect(() => drawEmbeddedPage(b, page, BOX)).toThrow(/not embedded into this document/);
  drawEmbeddedPage(a, page, BOX);
});
