// The pages of an evidence PDF (an official document, a scan), merged into the dossier that
// pdfkit is writing. pdfkit cannot import pages, so each source page becomes a Form XObject: the
// page's content stream and resources, copied object by object into the pdfkit document, then
// drawn like an image. Streams are not decoded and re-encoded on the way: a scan's JPEG and a
// font file reach the dossier byte for byte with their /Filter and /DecodeParms (only a page
// whose content is split over several streams has them decoded and joined, and pdfkit deflates
// the result). Each copied object is handed to pdfkit, which writes it to the output at once, so
// after embedPdfPages returns nothing of the source is held.
/// <reference types="pdfkit" />
import {
  decodePDFRawStream,
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFContext,
  type PDFObject,
} from '@cantoo/pdf-lib';
import { openPdf, WARNINGS } from '../../intake/probe';

/** A source page, written into the pdfkit document, ready to be drawn on any page of it. */
export interface EmbeddedPage {
  /** The XObject's resource name, unique in the document. */
  name: string;
  /** Size as a viewer displays the page: crop box (else media box), turned by /Rotate, in points. */
  width: number;
  height: number;
}

/**
 * Why a source PDF cannot be merged. The message is for the clerk (it goes on the placeholder
 * page); `reason` is for code; the parser's own error is the `cause`.
 */
export class PdfEmbedError extends Error {
  constructor(
    readonly reason: 'encrypted' | 'corrupt',
    options?: { cause?: unknown },
  ) {
    super(reason === 'encrypted' ? WARNINGS.pdfEncrypted : WARNINGS.pdfCorrupt, options);
    this.name = 'PdfEmbedError';
  }
}

// ---------------------------------------------------------------------------------------------
// What this module uses of pdfkit 0.20 beyond @types/pdfkit 0.17.
//
// doc.ref(data) allocates an indirect object; ref.write(bytes) adds stream data; ref.end() writes
// "n 0 obj … endobj" to the output right away. PDFObject.convert serialises ref.data: a JS string
// is a name (written as is, so it must already be escaped), a Uint8Array a hex string (never
// encrypted: we encrypt it ourselves when the dossier is; a `new String` would be encrypted but
// turned into UTF-16 as soon as it holds a byte above 0x7F), an array an array, a plain object a
// dictionary (keys written as is), a ref "n 0 R", null null. A stream is deflated unless its
// data has a /Filter when the ref is allocated.

interface KitRef {
  readonly id: number;
  readonly gen: number;
  data: unknown;
  write(chunk: Uint8Array): void;
  end(): void;
}

interface KitDoc {
  ref(data?: object): KitRef;
  _security?: { getEncryptFn(id: number, gen: number): (bytes: Uint8Array) => Uint8Array } | null;
}

type KitValue = string | number | boolean | null | Uint8Array | KitRef | KitValue[] | KitDict;
interface KitDict {
  [key: string]: KitValue;
}

const kit = (doc: PDFKit.PDFDocument) => doc as unknown as KitDoc;
const newDict = (): KitDict => Object.create(null) as KitDict;

/** Every EmbeddedPage handed out, with its document and XObject. */
const embedded = new WeakMap<EmbeddedPage, { doc: PDFKit.PDFDocument; ref: KitRef }>();
/** Pages embedded so far per document, for unique names. */
const counters = new WeakMap<PDFKit.PDFDocument, number>();

// ---------------------------------------------------------------------------------------------

const N = {
  Type: PDFName.of('Type'),
  Parent: PDFName.of('Parent'),
  Resources: PDFName.of('Resources'),
  MediaBox: PDFName.of('MediaBox'),
  CropBox: PDFName.of('CropBox'),
  Rotate: PDFName.of('Rotate'),
  UserUnit: PDFName.of('UserUnit'),
  Contents: PDFName.of('Contents'),
  Group: PDFName.of('Group'),
  Annots: PDFName.of('Annots'),
  Subtype: PDFName.of('Subtype'),
  F: PDFName.of('F'),
  AP: PDFName.of('AP'),
  AS: PDFName.of('AS'),
  N: PDFName.of('N'),
  Rect: PDFName.of('Rect'),
  BBox: PDFName.of('BBox'),
  Matrix: PDFName.of('Matrix'),
  Filter: PDFName.of('Filter'),
  DecodeParms: PDFName.of('DecodeParms'),
  Length: PDFName.of('Length'),
};

/**
 * Entries never copied: links back into the source's page tree and structure (which would drag
 * the whole source along, or point nowhere), and metadata nobody prints.
 */
const SKIP = new Set(['Parent', 'Annots', 'StructParent', 'StructParents', 'Metadata', 'PieceInfo']);
/** Objects never copied, whoever points at them: a resource must not pull in the source's pages. */
const BLOCKED_TYPES = new Set(['Page', 'Pages', 'Catalog']);

/** Annotation flags (PDF 32000 table 165). */
const HIDDEN = 2;
const PRINT = 4;

type Rect = [number, number, number, number];
type Matrix = [number, number, number, number, number, number];

interface AnnotationPlan {
  appearance: PDFRef;
  matrix: Matrix;
}

/** What one source page becomes, worked out before anything is written. */
interface PagePlan {
  box: Rect;
  rotate: 0 | 90 | 180 | 270;
  userUnit: number;
  resources: PDFObject | undefined;
  group: PDFObject | undefined;
  contents: PDFStream[];
  annotations: AnnotationPlan[];
}

/**
 * Writes each page of the source PDF into `doc` as a Form XObject (and, once, every object its
 * resources reach) and returns them in page order, to be drawn with drawEmbeddedPage. A PDF that
 * needs a password or cannot be read is refused with a PdfEmbedError before anything is written.
 */
export async function embedPdfPages(doc: PDFKit.PDFDocument, bytes: Uint8Array): Promise<EmbeddedPage[]> {
  const source = await load(bytes);
  let plans: PagePlan[];
  try {
    plans = source.getPages().map((p) => planPage(source.context, p.node));
  } catch (cause) {
    throw new PdfEmbedError('corrupt', { cause });
  }
  if (plans.length === 0) throw new PdfEmbedError('corrupt', { cause: new Error('no pages') });

  const copier = new Copier(kit(doc), source.context);
  const out: EmbeddedPage[] = [];
  try {
    for (const plan of plans) {
      const n = (counters.get(doc) ?? 0) + 1;
      counters.set(doc, n);
      const ref = writePage(copier, plan);
      copier.drain();
      const turned = plan.rotate === 90 || plan.rotate === 270;
      const w = (plan.box[2] - plan.box[0]) * plan.userUnit;
      const h = (plan.box[3] - plan.box[1]) * plan.userUnit;
      const page: EmbeddedPage = Object.freeze({ name: `EP${n}`, width: turned ? h : w, height: turned ? w : h });
      embedded.set(page, { doc, ref });
      out.push(page);
      // Let the output stream take what has been written before the next page adds more.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (cause) {
    throw cause instanceof PdfEmbedError ? cause : new PdfEmbedError('corrupt', { cause });
  } finally {
    // pdfkit finishes the file only when every allocated object has been ended.
    copier.abandon();
  }
  return out;
}

/**
 * Draws an embedded page on the current page of `doc`, centred in `box` (pdfkit coordinates:
 * origin top left, y down, points), scaled down to fit when larger; enlarged to fit only with
 * opts.enlarge. `turn` lays the page on its side: 'left' puts its top at the left of the box,
 * 'right' at the right (a landscape page in a portrait binder). `scale` caps the scale further
 * (1 = its own size). Returns where it was drawn and at what scale.
 */
export function drawEmbeddedPage(
  doc: PDFKit.PDFDocument,
  page: EmbeddedPage,
  box: { x: number; y: number; width: number; height: number },
  opts?: { enlarge?: boolean; turn?: 'left' | 'right'; scale?: number },
): { x: number; y: number; width: number; height: number; scale: number } {
  const entry = embedded.get(page);
  if (!entry || entry.doc !== doc) throw new Error(`drawEmbeddedPage: ${page.name} was not embedded into this document by embedPdfPages`);
  if (!doc.page) throw new Error('drawEmbeddedPage: the document has no page yet');
  if (!(box.width > 0 && box.height > 0 && Number.isFinite(box.x) && Number.isFinite(box.y))) {
    throw new Error(`drawEmbeddedPage: box ${JSON.stringify(box)} is empty`);
  }
  const turned = !!opts?.turn;
  // The page as it lies on the sheet.
  const pw = turned ? page.height : page.width;
  const ph = turned ? page.width : page.height;
  const fit = Math.min(box.width / pw, box.height / ph);
  const scale = Math.min(opts?.enlarge ? fit : Math.min(1, fit), opts?.scale ?? Infinity);
  const w = pw * scale;
  const h = ph * scale;
  const x = box.x + (box.width - w) / 2;
  const y = box.y + (box.height - h) / 2;
  (doc.page.xobjects as Record<string, KitRef>)[page.name] = entry.ref;
  // The form's space has y up with its origin at the displayed page's lower left: put that origin
  // at the lower left of the drawn box and flip y back against pdfkit's y-down page transform.
  // Turned left, the form's top edge runs down the box's left side; turned right, down its right.
  doc.save();
  if (opts?.turn === 'left') doc.transform(0, -scale, -scale, 0, x + scale * page.height, y + scale * page.width);
  else if (opts?.turn === 'right') doc.transform(0, scale, scale, 0, x, y);
  else doc.transform(scale, 0, 0, -scale, x, y + h);
  doc.addContent(`/${page.name} Do`);
  doc.restore();
  return { x, y, width: w, height: h, scale };
}

// ---------------------------------------------------------------------------------------------
// Reading the source

async function load(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await openPdf(bytes);
  } catch (cause) {
    // openPdf already opens owner-password PDFs; one that still fails needs a password, or is broken.
    let encrypted = false;
    try {
      encrypted = (await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false })).isEncrypted;
    } catch {
      // broken
    }
    throw new PdfEmbedError(encrypted ? 'encrypted' : 'corrupt', { cause });
  }
}

function resolve(ctx: PDFContext, obj: PDFObject | undefined): PDFObject | undefined {
  return obj instanceof PDFRef ? ctx.lookup(obj) : obj;
}

function num(ctx: PDFContext, obj: PDFObject | undefined): number | undefined {
  const v = resolve(ctx, obj);
  return v instanceof PDFNumber && Number.isFinite(v.asNumber()) ? v.asNumber() : undefined;
}

function numbers(ctx: PDFContext, obj: PDFObject | undefined, count: number): number[] | undefined {
  const arr = resolve(ctx, obj);
  if (!(arr instanceof PDFArray) || arr.size() < count) return undefined;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const n = num(ctx, arr.get(i));
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

/** A rectangle as [llx lly urx ury], whichever corners the file gave. */
function rect(ctx: PDFContext, obj: PDFObject | undefined): Rect | undefined {
  const n = numbers(ctx, obj, 4);
  return n && [Math.min(n[0], n[2]), Math.min(n[1], n[3]), Math.max(n[0], n[2]), Math.max(n[1], n[3])];
}

/** An attribute of the page or, if absent there, of the nearest page-tree node above it that has it. */
function inherited(ctx: PDFContext, leaf: PDFDict, key: PDFName): PDFObject | undefined {
  const seen = new Set<PDFDict>();
  let node: PDFObject | undefined = leaf;
  while (node instanceof PDFDict && !seen.has(node)) {
    seen.add(node);
    const v = node.get(key);
    if (v !== undefined && resolve(ctx, v) !== undefined) return v;
    node = resolve(ctx, node.get(N.Parent));
  }
  return undefined;
}

function planPage(ctx: PDFContext, page: PDFDict): PagePlan {
  // A missing or empty MediaBox is an error in the file; viewers assume US Letter, as does pdf-lib.
  let media = rect(ctx, inherited(ctx, page, N.MediaBox));
  if (!media || media[2] - media[0] <= 0 || media[3] - media[1] <= 0) media = [0, 0, 612, 792];
  // The crop box is clipped to the media box; one outside it altogether is ignored, as viewers do.
  let box = media;
  const crop = rect(ctx, inherited(ctx, page, N.CropBox));
  if (crop) {
    const c: Rect = [Math.max(crop[0], media[0]), Math.max(crop[1], media[1]), Math.min(crop[2], media[2]), Math.min(crop[3], media[3])];
    if (c[2] - c[0] > 0 && c[3] - c[1] > 0) box = c;
  }
  const r = num(ctx, inherited(ctx, page, N.Rotate)) ?? 0;
  const turn = ((Math.round(r) % 360) + 360) % 360;
  const rotate = turn === 90 || turn === 180 || turn === 270 ? turn : 0;
  const uu = num(ctx, page.get(N.UserUnit));
  const userUnit = uu !== undefined && uu > 0 ? uu : 1;

  const contents: PDFStream[] = [];
  const c = resolve(ctx, page.get(N.Contents));
  if (c instanceof PDFStream) contents.push(c);
  else if (c instanceof PDFArray) {
    for (const part of c.asArray()) {
      const s = resolve(ctx, part);
      if (s instanceof PDFStream) contents.push(s);
    }
  }
  if (contents.length > 1) for (const s of contents) checkDecodable(ctx, s);

  return {
    box,
    rotate,
    userUnit,
    resources: inherited(ctx, page, N.Resources),
    group: page.get(N.Group),
    contents,
    annotations: planAnnotations(ctx, page),
  };
}

const DECODABLE = new Set(['/FlateDecode', '/LZWDecode', '/ASCII85Decode', '/ASCIIHexDecode', '/RunLengthDecode']);

/** Several content streams are decoded to be joined into one: refuse filters pdf-lib cannot undo. */
function checkDecodable(ctx: PDFContext, s: PDFStream): void {
  const f = resolve(ctx, s.dict.get(N.Filter));
  const names = f instanceof PDFArray ? f.asArray().map((x) => resolve(ctx, x)) : f === undefined ? [] : [f];
  for (const n of names) {
    if (!(n instanceof PDFName) || !DECODABLE.has(n.asString())) throw new Error(`content stream filter ${String(n)}`);
  }
}

/**
 * The annotations a printer would print (the Print flag set, not Hidden), each as its normal
 * appearance stream and the matrix that puts it on its /Rect (PDF 32000 12.5.5). A form field's
 * filled-in value and an electronic seal live here, not in the page content.
 */
function planAnnotations(ctx: PDFContext, page: PDFDict): AnnotationPlan[] {
  const annots = resolve(ctx, page.get(N.Annots));
  if (!(annots instanceof PDFArray)) return [];
  const out: AnnotationPlan[] = [];
  for (const a of annots.asArray()) {
    const annot = resolve(ctx, a);
    if (!(annot instanceof PDFDict)) continue;
    const flags = num(ctx, annot.get(N.F)) ?? 0;
    if (!(flags & PRINT) || flags & HIDDEN) continue;
    const subtype = resolve(ctx, annot.get(N.Subtype));
    if (subtype instanceof PDFName && subtype.asString() === '/Popup') continue;
    const ap = resolve(ctx, annot.get(N.AP));
    if (!(ap instanceof PDFDict)) continue;
    let normal = ap.get(N.N);
    const states = resolve(ctx, normal);
    if (states instanceof PDFDict) {
      // A check box or radio button: one appearance per state, /AS says which is showing.
      const as = resolve(ctx, annot.get(N.AS));
      normal = as instanceof PDFName ? states.get(as) : undefined;
    }
    if (!(normal instanceof PDFRef)) continue;
    const stream = ctx.lookup(normal);
    const where = rect(ctx, annot.get(N.Rect));
    if (!(stream instanceof PDFStream) || !where) continue;
    const bbox = rect(ctx, stream.dict.get(N.BBox));
    if (!bbox) continue;
    const m = (numbers(ctx, stream.dict.get(N.Matrix), 6) ?? [1, 0, 0, 1, 0, 0]) as Matrix;
    // The appearance box, transformed by the appearance's own matrix, is fitted to /Rect.
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [x, y] of [[bbox[0], bbox[1]], [bbox[2], bbox[1]], [bbox[0], bbox[3]], [bbox[2], bbox[3]]]) {
      xs.push(m[0] * x + m[2] * y + m[4]);
      ys.push(m[1] * x + m[3] * y + m[5]);
    }
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (x1 - x0 <= 0 || y1 - y0 <= 0 || where[2] - where[0] <= 0 || where[3] - where[1] <= 0) continue;
    const sx = (where[2] - where[0]) / (x1 - x0);
    const sy = (where[3] - where[1]) / (y1 - y0);
    out.push({ appearance: normal, matrix: [sx, 0, 0, sy, where[0] - x0 * sx, where[1] - y0 * sy] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Form matrix: from the page's default space to its displayed space, origin at lower left. */
function displayMatrix(plan: PagePlan): Matrix {
  const [llx, lly, urx, ury] = plan.box;
  const u = plan.userUnit;
  const m: Matrix =
    plan.rotate === 90 ? [0, -1, 1, 0, -lly, urx]
    : plan.rotate === 180 ? [-1, 0, 0, -1, urx, ury]
    : plan.rotate === 270 ? [0, 1, -1, 0, ury, -llx]
    : [1, 0, 0, 1, -llx, -lly];
  return m.map((v) => v * u) as Matrix;
}

/**
 * One source page as a Form XObject. With printable annotations the page itself is an inner
 * form and the outer one draws it and then each annotation's appearance, so the page's content
 * is still copied byte for byte and cannot disturb the annotations' graphics state.
 */
function writePage(copier: Copier, plan: PagePlan): KitRef {
  if (plan.annotations.length === 0) return writeContentForm(copier, plan, displayMatrix(plan));
  const inner = writeContentForm(copier, plan, undefined);
  const xobjects = newDict();
  xobjects.Page = inner;
  const ops = ['/Page Do'];
  plan.annotations.forEach((a, i) => {
    const ref = copier.refFor(a.appearance);
    if (!ref) return;
    xobjects[`Annot${i + 1}`] = ref;
    ops.push(`q ${a.matrix.map(fmt).join(' ')} cm /Annot${i + 1} Do Q`);
  });
  const outer = copier.alloc(undefined);
  const data = outer.data as KitDict;
  Object.assign(data, formDict(plan, displayMatrix(plan)));
  const resources = newDict();
  resources.XObject = xobjects;
  data.Resources = resources;
  outer.write(Buffer.from(ops.join('\n') + '\n', 'latin1'));
  copier.finish(outer);
  return outer;
}

function formDict(plan: PagePlan, matrix: Matrix | undefined): KitDict {
  const d = newDict();
  d.Type = 'XObject';
  d.Subtype = 'Form';
  d.FormType = 1;
  d.BBox = [...plan.box];
  if (matrix) d.Matrix = matrix;
  return d;
}

/** The page's content and resources as a form: one stream is copied as stored, several are joined. */
function writeContentForm(copier: Copier, plan: PagePlan, matrix: Matrix | undefined): KitRef {
  const single = plan.contents.length === 1 ? plan.contents[0] : undefined;
  const filter = single ? copier.filterOf(single) : undefined;
  const form = copier.alloc(filter);
  const data = form.data as KitDict;
  Object.assign(data, formDict(plan, matrix));
  data.Resources = plan.resources === undefined ? newDict() : copier.value(plan.resources, form);
  if (plan.group !== undefined) data.Group = copier.value(plan.group, form);
  let bytes: Uint8Array;
  if (single) {
    bytes = copier.raw(single);
    if (filter !== undefined) {
      const parms = single.dict.get(N.DecodeParms);
      if (parms !== undefined) data.DecodeParms = copier.value(parms, form);
    }
  } else {
    // Tokens may not be split across the streams of a page, so a line break is a safe joint.
    const parts: Uint8Array[] = [];
    for (const s of plan.contents) parts.push(copier.decoded(s), NEWLINE);
    bytes = Buffer.concat(parts);
  }
  copier.writeBytes(form, bytes);
  copier.finish(form);
  return form;
}

const NEWLINE = new Uint8Array([0x0a]);

function fmt(n: number): string {
  return String(Math.round(finite(n) * 1e6) / 1e6);
}

/**
 * Copies source objects into the pdfkit document. Each source object reached is allocated one
 * output object on first sight (so shared fonts and images are written once per source, and
 * cycles end), queued, and written by drain(), without recursion, however long the chains.
 */
class Copier {
  private readonly memo = new Map<PDFRef, KitRef | null>();
  private readonly queue: [PDFObject, KitRef][] = [];
  private next = 0;
  private readonly open = new Set<KitRef>();

  constructor(
    private readonly doc: KitDoc,
    private readonly ctx: PDFContext,
  ) {}

  alloc(filter: KitValue | undefined): KitRef {
    const data = newDict();
    // pdfkit decides at allocation whether to deflate: not if the data already carries a Filter.
    if (filter !== undefined) data.Filter = filter;
    const ref = this.doc.ref(data);
    this.open.add(ref);
    return ref;
  }

  /** Ends an object (pdfkit writes it out) and lets go of its data, which pdfkit no longer needs. */
  finish(ref: KitRef): void {
    this.open.delete(ref);
    ref.end();
    ref.data = newDict();
  }

  /** Ends whatever a failure left allocated, so that pdfkit can still finish the file. */
  abandon(): void {
    for (const ref of this.open) {
      ref.data = newDict();
      ref.end();
    }
    this.open.clear();
    this.memo.clear();
    this.queue.length = 0;
  }

  refFor(src: PDFRef): KitRef | null {
    const known = this.memo.get(src);
    if (known !== undefined) return known;
    const obj = this.ctx.lookup(src);
    let out: KitRef | null = null;
    if (obj !== undefined && !blocked(this.ctx, obj)) {
      out = this.alloc(obj instanceof PDFStream ? this.filterOf(obj) : undefined);
      this.queue.push([obj, out]);
    }
    this.memo.set(src, out);
    return out;
  }

  drain(): void {
    while (this.next < this.queue.length) {
      const [src, out] = this.queue[this.next];
      this.queue[this.next++] = undefined as never;
      if (src instanceof PDFStream) {
        const data = out.data as KitDict;
        const filtered = data.Filter !== undefined;
        for (const [k, v] of src.dict.entries()) {
          const key = nameOf(k);
          if (SKIP.has(key) || key === 'Length' || key === 'Filter') continue;
          // Parameters of no filter would apply to the Flate that pdfkit adds.
          if (!filtered && key === 'DecodeParms') continue;
          data[key] = this.value(v, out);
        }
        this.writeBytes(out, this.raw(src));
      } else {
        out.data = this.value(src, out);
      }
      this.finish(out);
    }
    this.queue.length = 0;
    this.next = 0;
  }

  filterOf(s: PDFStream): KitValue | undefined {
    const f = s.dict.get(N.Filter);
    if (f === undefined) return undefined;
    const v = this.value(f, null);
    return v === null || (Array.isArray(v) && v.length === 0) ? undefined : v;
  }

  raw(s: PDFStream): Uint8Array {
    return s instanceof PDFRawStream ? s.contents : s.getContents();
  }

  decoded(s: PDFStream): Uint8Array {
    if (!(s instanceof PDFRawStream) || s.dict.get(N.Filter) === undefined) return this.raw(s);
    try {
      return decodePDFRawStream(s).decode();
    } catch {
      // Damaged data: a viewer would draw the rest of the page, so do we.
      return new Uint8Array(0);
    }
  }

  writeBytes(ref: KitRef, bytes: Uint8Array): void {
    if (bytes.length > 0) {
      ref.write(bytes);
      return;
    }
    // pdfkit writes no stream at all for no data; an empty stream needs no filter.
    const data = ref.data as KitDict;
    delete data.Filter;
    delete data.DecodeParms;
    ref.write(new Uint8Array([0x20]));
  }

  /** A source value as pdfkit writes it; strings belong to `owner` for the dossier's encryption. */
  value(v: PDFObject | undefined, owner: KitRef | null): KitValue {
    if (v instanceof PDFRef) return this.refFor(v);
    if (v instanceof PDFName) return nameOf(v);
    if (v instanceof PDFNumber) return finite(v.asNumber());
    if (v instanceof PDFBool) return v.asBoolean();
    if (v instanceof PDFString || v instanceof PDFHexString) return this.string(v.asBytes(), owner);
    if (v instanceof PDFArray) return v.asArray().map((x) => this.value(x, owner));
    if (v instanceof PDFDict) {
      const d = newDict();
      for (const [k, x] of v.entries()) {
        const key = nameOf(k);
        if (!SKIP.has(key)) d[key] = this.value(x, owner);
      }
      return d;
    }
    // null, a stream where only a reference may stand, an unparsable object
    return null;
  }

  private string(bytes: Uint8Array, owner: KitRef | null): Uint8Array {
    const encrypt = owner && this.doc._security ? this.doc._security.getEncryptFn(owner.id, owner.gen) : null;
    return encrypt ? encrypt(bytes) : bytes;
  }
}

/** A name as written in a file, #-escapes and all, without the slash: what pdfkit wants. */
function nameOf(n: PDFName): string {
  return n.asString().slice(1);
}

function finite(n: number): number {
  // pdfkit refuses numbers beyond ±1e21; PDF readers only promise ±2^31 anyway.
  return Number.isFinite(n) ? Math.max(-2147483647, Math.min(2147483647, n)) : 0;
}

function blocked(ctx: PDFContext, obj: PDFObject): boolean {
  if (!(obj instanceof PDFDict)) return false;
  const type = resolve(ctx, obj.get(N.Type));
  return type instanceof PDFName && BLOCKED_TYPES.has(nameOf(type));
}
