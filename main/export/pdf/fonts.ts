// The dossier's faces (GB/T 9704: 仿宋 body, 黑体 「一、」, 楷体 「（一）」, 宋体 page numbers and tables,
// 小标宋 titles) and writing text with them so that no character ever shows as a missing-glyph box.
//
// pdfkit does not fall back between fonts. Each string is split into runs: what the role's face
// has, and what needs the full-coverage fallback (all of GBK, then faces with characters beyond
// the BMP such as 𠮷). Installed office faces are preferred (C:\Windows\Fonts simfang.ttf …,
// 方正小标宋; fc-list elsewhere); without them everything comes from the bundled open faces
// (assets/fonts, README.md there), so a machine with no Chinese fonts at all still works.
import type { FkFont } from './font-kit';
import type { FaceRole, OpenFace, ReadCache, Slot } from './font-files';
import { FACE_ROLES, bundledFiles, findSystemFaces, openBundled } from './font-files';
import type { DrawStyle, LayoutFace, LayoutFonts, ParaOptions, SpanIn } from './font-layout';
import { draw, heightOf, isAttached, isControl, layout } from './font-layout';

export type { FaceRole } from './font-files';
export { FACE_ROLES } from './font-files';

export interface FaceEntry {
  role: FaceRole;
  /** The name registered with pdfkit (doc.font(name)). */
  name: string;
  file: string;
  source: 'system' | 'bundled';
}

export interface FallbackEntry {
  name: string;
  file: string;
  source: 'system' | 'bundled';
}

export interface FontSet {
  faces: FaceEntry[];
  /** The full-coverage face (all of GBK) for what a role's face lacks. */
  fallbackName: string;
  /** Faces tried in order for what a role's face lacks: the fallback first, then faces for characters beyond the BMP. */
  fallbacks: FallbackEntry[];
  /** Installed faces that were found but not used, bundled faces that could not be loaded. */
  warnings: string[];
  /** Registers every face with the document under its `name` (writeText does this by itself). */
  register(doc: PDFKit.PDFDocument): void;
  /** Maximal runs of one face each; no character is dropped (one no face has stays in the fallback's run). */
  runs(text: string, role: FaceRole): { font: string; text: string }[];
  /** Whether the role's own face has the character. */
  covers(codePoint: number, role: FaceRole): boolean;
}

/** A paragraph may mix roles (e.g. a 楷体 「（一）…。」 heading running into 仿宋 body text). */
export interface TextSpan {
  text: string;
  role?: FaceRole;
  size?: number;
  underline?: boolean;
  strike?: boolean;
  link?: string;
}

export type WriteTextOptions = {
  role: FaceRole;
  size: number;
  x?: number;
  y?: number;
  /** Fixed line pitch in points (top of a line to the top of the next); otherwise font height + lineGap. */
  lineHeight?: number;
} & PDFKit.Mixins.TextOptions;

// ---------------------------------------------------------------------------------------------

class Face implements LayoutFace {
  readonly ascender: number;
  readonly descender: number;
  readonly lineGap: number;
  private readonly widths = new Map<string, { units: number; glyphs: number }>();

  constructor(
    readonly name: string,
    readonly file: string,
    readonly source: 'system' | 'bundled',
    readonly font: FkFont,
  ) {
    const scale = 1000 / font.unitsPerEm;
    this.ascender = font.ascent * scale;
    this.descender = font.descent * scale;
    this.lineGap = font.lineGap * scale;
  }

  has(cp: number): boolean {
    return this.font.hasGlyphForCodePoint(cp);
  }

  /** Width as pdfkit measures and draws it: laid out word by word, words ending after a space. */
  measure(text: string, size: number, features?: unknown): { width: number; glyphs: number } {
    let units = 0;
    let glyphs = 0;
    let last = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length ? last < i : text[i] === ' ') {
        const w = this.layoutWord(text.slice(last, i + 1), features);
        units += w.units;
        glyphs += w.glyphs;
        last = i + 1;
      }
    }
    return { width: (units / this.font.unitsPerEm) * size, glyphs };
  }

  private layoutWord(word: string, features: unknown): { units: number; glyphs: number } {
    if (features) {
      const run = this.font.layout(word, features) as { advanceWidth: number; glyphs: unknown[] };
      return { units: run.advanceWidth, glyphs: run.glyphs.length };
    }
    let w = this.widths.get(word);
    if (!w) {
      const run = this.font.layout(word) as { advanceWidth: number; glyphs: unknown[] };
      w = { units: run.advanceWidth, glyphs: run.glyphs.length };
      if (this.widths.size > 100_000) this.widths.clear();
      this.widths.set(word, w);
    }
    return w;
  }
}

class LoadedFontSet implements FontSet, LayoutFonts {
  readonly faces: FaceEntry[];
  readonly fallbackName: string;
  readonly fallbacks: FallbackEntry[];
  private readonly byName = new Map<string, Face>();
  private readonly picks = new Map<FaceRole, Map<number, string>>();
  private readonly registered = new WeakSet<PDFKit.PDFDocument>();

  constructor(
    private readonly roles: Record<FaceRole, Face>,
    private readonly chain: Face[],
    readonly warnings: string[],
  ) {
    for (const f of [...Object.values(roles), ...chain]) this.byName.set(f.name, f);
    this.faces = FACE_ROLES.map((role) => ({ role, name: roles[role].name, file: roles[role].file, source: roles[role].source }));
    this.fallbackName = chain[0].name;
    this.fallbacks = chain.map((f) => ({ name: f.name, file: f.file, source: f.source }));
  }

  register(doc: PDFKit.PDFDocument): void {
    // pdfkit takes a fontkit font object as a source (PDFFontFactory.open: `src.layout`); the
    // parsed face is then shared by every document instead of being read and parsed again.
    for (const f of this.byName.values()) doc.registerFont(f.name, f.font as unknown as PDFKit.Mixins.PDFFontSource);
    this.registered.add(doc);
  }

  ensureRegistered(doc: PDFKit.PDFDocument): void {
    if (!this.registered.has(doc)) this.register(doc);
  }

  covers(codePoint: number, role: FaceRole): boolean {
    return this.roles[role].has(codePoint);
  }

  /** The face a character is set in for a role. */
  pick(cp: number, role: FaceRole): string {
    let m = this.picks.get(role);
    if (!m) this.picks.set(role, (m = new Map()));
    let name = m.get(cp);
    if (name === undefined) {
      const own = this.roles[role];
      name = own.has(cp) ? own.name : (this.chain.find((f) => f.has(cp)) ?? this.chain[0]).name;
      if (m.size < 200_000) m.set(cp, name);
    }
    return name;
  }

  runs(text: string, role: FaceRole): { font: string; text: string }[] {
    const out: { font: string; text: string }[] = [];
    let cur: { font: string; text: string } | null = null;
    let lead = ''; // control characters before the first visible one
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      // Line feeds, tabs and the like take no glyph; marks and variation selectors go with their base.
      if (cur && (isControl(cp) || isAttached(cp))) {
        cur.text += ch;
        continue;
      }
      if (!cur && isControl(cp)) {
        lead += ch;
        continue;
      }
      const font = this.pick(cp, role);
      if (cur && cur.font === font) {
        cur.text += ch;
      } else {
        cur = { font, text: lead + ch };
        out.push(cur);
        lead = '';
      }
    }
    if (lead) out.push({ font: this.roles[role].name, text: lead });
    return out;
  }

  face(name: string): Face {
    const f = this.byName.get(name);
    if (!f) throw new Error(`not a face of this font set: ${name}`);
    return f;
  }

  roleFace(role: FaceRole): Face {
    return this.roles[role];
  }
}

// ---------------------------------------------------------------------------------------------

const cache = new Map<string, Promise<FontSet>>();

// Faces are shared by every set loaded in the process (a face is some 5–16 MB in memory), and a
// registration name always means the same face.
const loadedFaces = new Map<string, Face>();
const usedNames = new Set<string>();

/**
 * The faces for the dossier, cached per process (per option set). Installed faces are used
 * when `useSystem` is not false: with `systemDirs`, only those folders are scanned, by file name;
 * otherwise the platform's font folders and (off Windows) fc-list. Whatever is not installed
 * comes from the bundled open faces.
 */
export function loadFonts(opts: { systemDirs?: string[]; useSystem?: boolean } = {}): Promise<FontSet> {
  const key = JSON.stringify([opts.useSystem !== false, opts.systemDirs ?? null]);
  let p = cache.get(key);
  if (!p) {
    p = load(opts.useSystem !== false, opts.systemDirs);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

async function load(useSystem: boolean, systemDirs: string[] | undefined): Promise<FontSet> {
  const reads: ReadCache = new Map();
  const warnings: string[] = [];
  const system = useSystem ? await findSystemFaces(systemDirs, reads) : { faces: {}, notes: [] };
  warnings.push(...system.notes);
  const bundled = bundledFiles();

  // One Face per distinct file (and face of a collection); names are pdfkit registration names.
  const faceOf = (o: OpenFace): Face => {
    const key = `${o.file}#${o.font.postscriptName}`;
    let f = loadedFaces.get(key);
    if (!f) {
      const base = `TZ-${(o.font.postscriptName || 'font').replace(/[^A-Za-z0-9_-]/g, '')}`;
      let name = base;
      for (let i = 2; usedNames.has(name); i++) name = `${base}-${i}`;
      usedNames.add(name);
      f = new Face(name, o.file, o.source, o.font);
      loadedFaces.set(key, f);
    }
    return f;
  };
  const bundledFace = async (slot: Slot): Promise<Face | null> => {
    const file = bundled[slot];
    for (const f of loadedFaces.values()) if (f.file === file && f.source === 'bundled') return f;
    try {
      return faceOf(await openBundled(file, slot, reads));
    } catch (e) {
      warnings.push(`${slot}: ${(e as Error).message}`);
      return null;
    }
  };

  const sys = system.faces;
  const fallback = sys.fallback ? faceOf(sys.fallback) : await bundledFace('fallback');
  if (!fallback) throw new Error(`no full-coverage fallback font: ${warnings.join('; ')}`);

  const roleEntries = await Promise.all(
    FACE_ROLES.map(async (role): Promise<[FaceRole, Face]> => {
      const s = sys[role];
      if (s) return [role, faceOf(s)];
      // A bundled face that cannot be loaded leaves its role to the fallback: plainer, never boxes.
      return [role, (await bundledFace(role)) ?? fallback];
    }),
  );
  const roles = Object.fromEntries(roleEntries) as Record<FaceRole, Face>;

  // Beyond the fallback: SimSun-ExtB when installed; the bundled 霞鹜文楷 when nothing installed
  // covers that, or when it is loaded anyway as the 楷体 face.
  const chain: Face[] = [fallback];
  if (sys.extra) chain.push(faceOf(sys.extra));
  const kaiIsBundledExtra = roles.kai.file === bundled.extra;
  if (!sys.extra || kaiIsBundledExtra) {
    const extra = kaiIsBundledExtra ? roles.kai : await bundledFace('extra');
    if (extra && !chain.includes(extra)) chain.push(extra);
  }
  return new LoadedFontSet(roles, chain, warnings);
}

// ---------------------------------------------------------------------------------------------

function internal(fonts: FontSet): LoadedFontSet {
  if (!(fonts instanceof LoadedFontSet)) throw new Error('writeText needs a FontSet from loadFonts()');
  return fonts;
}

type Doc = PDFKit.PDFDocument & { _fillColor?: unknown; _lineGap?: number };

function styleOf(doc: PDFKit.PDFDocument, o: PDFKit.Mixins.TextOptions, span?: TextSpan): DrawStyle {
  return {
    fillColor: (doc as Doc)._fillColor,
    fill: o.fill,
    stroke: o.stroke,
    underline: span?.underline ?? o.underline,
    strike: span?.strike ?? o.strike,
    link: span?.link ?? o.link,
    oblique: o.oblique,
    features: o.features,
  };
}

function paraOptions(doc: PDFKit.PDFDocument, o: WriteTextOptions, x: number): ParaOptions {
  const wrap = o.lineBreak !== false;
  const width = o.width ?? (wrap ? Math.max(0, doc.page.width - x - doc.page.margins.right) : undefined);
  return {
    role: o.role,
    size: o.size,
    width,
    wrap,
    align: o.align ?? 'left',
    indent: o.indent ?? 0,
    indentAllLines: o.indentAllLines ?? false,
    lineGap: o.lineGap ?? (doc as Doc)._lineGap ?? 0,
    lineHeight: o.lineHeight,
    paragraphGap: o.paragraphGap ?? 0,
    characterSpacing: o.characterSpacing ?? 0,
  };
}

interface Pending {
  spans: SpanIn[];
  opts: WriteTextOptions;
  x: number;
  y: number;
}

const pending = new WeakMap<PDFKit.PDFDocument, Pending>();
const endGuarded = new WeakSet<PDFKit.PDFDocument>();

/**
 * Writes a paragraph (or several, split at line feeds) at (x, y) — doc.x / doc.y when not given —
 * switching faces within lines as runs() says. Wrapping, alignment (left, center, right, justify
 * — justified Chinese lines are spread between characters), first-line `indent`, `lineGap` /
 * `lineHeight`, `paragraphGap` and `characterSpacing` apply to the paragraph as a whole, and lines
 * share one baseline and one pitch set by the role's face. Text running past the bottom margin
 * continues on a new page. Afterwards doc.x / doc.y are where pdfkit would leave them.
 *
 * `continued: true` holds the text back and sets it together with the next writeText call on
 * the same document, as one paragraph (with the first call's layout options; each call keeps its
 * own role, size, colour and underline). Text still held when the document ends is written then.
 * `height`, `columns` and `ellipsis` are not supported.
 */
export function writeText(
  doc: PDFKit.PDFDocument,
  fonts: FontSet,
  text: string | readonly TextSpan[],
  opts: WriteTextOptions,
): void {
  const set = internal(fonts);
  set.ensureRegistered(doc);
  const spans: SpanIn[] = (typeof text === 'string' ? [{ text }] : text).map((s) => ({
    text: s.text,
    role: s.role ?? opts.role,
    size: s.size ?? opts.size,
    style: styleOf(doc, opts, s),
  }));
  const held = pending.get(doc);
  if (opts.continued) {
    if (held) held.spans.push(...spans);
    else {
      pending.set(doc, { spans, opts, x: opts.x ?? doc.x, y: opts.y ?? doc.y });
      guardEnd(doc, set);
    }
    return;
  }
  pending.delete(doc);
  const first = held?.opts ?? opts;
  const x = held?.x ?? opts.x ?? doc.x;
  const y = held?.y ?? opts.y ?? doc.y;
  writeNow(doc, set, held ? [...held.spans, ...spans] : spans, first, x, y);
}

function writeNow(doc: PDFKit.PDFDocument, set: LoadedFontSet, spans: SpanIn[], opts: WriteTextOptions, x: number, y: number): void {
  if (spans.every((s) => s.text === '')) {
    doc.x = x;
    doc.y = y;
    return;
  }
  const o = paraOptions(doc, opts, x);
  const end = draw(doc, set, layout(set, spans, o), o, { x, y });
  doc.x = end.x;
  doc.y = end.y;
}

/** Writes text still held by `continued: true` before the document is finished. */
function guardEnd(doc: PDFKit.PDFDocument, set: LoadedFontSet): void {
  if (endGuarded.has(doc)) return;
  endGuarded.add(doc);
  const end = doc.end.bind(doc);
  doc.end = () => {
    const held = pending.get(doc);
    if (held) {
      pending.delete(doc);
      writeNow(doc, set, held.spans, held.opts, held.x, held.y);
    }
    end();
  };
}

/** Width in points of the text on one line (the widest line if it has line feeds). */
export function textWidth(doc: PDFKit.PDFDocument, fonts: FontSet, text: string, role: FaceRole, size: number): number {
  void doc;
  const set = internal(fonts);
  let widest = 0;
  for (const line of text.split(/\r\n?|\n/)) {
    let w = 0;
    for (const r of set.runs(line, role)) w += set.face(r.font).measure(r.text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ''), size).width;
    widest = Math.max(widest, w);
  }
  return widest;
}

/**
 * Height writeText would take for the text at this width: lines × pitch plus paragraph gaps
 * (page breaks not counted), computed by the same line breaking that writeText draws with.
 */
export function textHeight(
  doc: PDFKit.PDFDocument,
  fonts: FontSet,
  text: string,
  role: FaceRole,
  size: number,
  opts: {
    width: number;
    lineGap?: number;
    lineHeight?: number;
    indent?: number;
    indentAllLines?: boolean;
    paragraphGap?: number;
    characterSpacing?: number;
  },
): number {
  const set = internal(fonts);
  if (text === '') return 0;
  const o = paraOptions(doc, { role, size, ...opts }, 0);
  return heightOf(set, layout(set, [{ text, role, size, style: {} }], o), o);
}

/**
 * Where writeText puts the baseline below the `y` it is given, for the role's face at this size
 * (to place a line by its baseline, e.g. centring a glyph in a box).
 */
export function baselineOffset(fonts: FontSet, role: FaceRole, size: number): number {
  return (internal(fonts).roleFace(role).ascender * size) / 1000;
}
