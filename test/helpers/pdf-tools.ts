// Reading a generated PDF back the way a reviewer would: poppler's pdfinfo, pdftotext, pdffonts,
// pdfimages, and qpdf --check / --json.
import { execFileSync } from 'node:child_process';

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

export function pageCount(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))![1]);
}

/** Width × height in points of every page. */
export function pageSizes(file: string): { width: number; height: number }[] {
  const n = pageCount(file);
  const out = run('pdfinfo', ['-f', '1', '-l', String(n), file]);
  return [...out.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
}

export function pageText(file: string, page: number): string {
  return run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-']);
}

/** Text of every page, one string per page (pdftotext separates pages with form feeds). */
export function allText(file: string): string[] {
  const t = run('pdftotext', ['-layout', file, '-']).split('\f');
  return t.slice(0, pageCount(file));
}

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Words with their boxes on one page (pdftotext -bbox). */
export function words(file: string, page: number): Word[] {
  const html = run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-']);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    xMin: +m[1],
    yMin: +m[2],
    xMax: +m[3],
    yMax: +m[4],
    text: m[5].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
  }));
}

export function fonts(file: string): { name: string; embedded: boolean; subset: boolean }[] {
  const lines = run('pdffonts', [file]).split('\n').slice(2).filter((l) => l.trim());
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    // name type... emb sub uni object ID: the yes/no columns are the 5th/4th/3rd from the end
    return { name: cols[0], embedded: cols[cols.length - 5] === 'yes', subset: cols[cols.length - 4] === 'yes' };
  });
}

/** Images per page with their pixel size (pdfimages -list). */
export function images(file: string): { page: number; width: number; height: number }[] {
  const lines = run('pdfimages', ['-list', file]).split('\n').slice(2).filter((l) => l.trim());
  return lines.map((l) => {
    const c = l.trim().split(/\s+/);
    return { page: Number(c[0]), width: Number(c[3]), height: Number(c[4]) };
  });
}

export function qpdfCheck(file: string): string {
  return run('qpdf', ['--check', file]);
}

interface OutlineNode {
  title: string;
  dest?: unknown;
  destpageposfrom1?: number;
  kids: OutlineNode[];
}

/** The outline (bookmarks) as titles with their target page. */
export function outline(file: string): { title: string; page: number; depth: number }[] {
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', file])) as { outlines: OutlineNode[] };
  const out: { title: string; page: number; depth: number }[] = [];
  const visit = (n: OutlineNode, depth: number) => {
    out.push({ title: n.title, page: n.destpageposfrom1 ?? -1, depth });
    n.kids.forEach((k) => visit(k, depth + 1));
  };
  json.outlines.forEach((n) => visit(n, 0));
  return out;
}

/** The decoded content stream(s) of one page: what is drawn, operator by operator. */
export function pageContent(file: string, page: number): string {
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=pages', file])) as { pages: { contents: string[] }[] };
  return json.pages[page - 1].contents.map((ref) => run('qpdf', [`--show-object=${ref.split(' ')[0]}`, '--filtered-stream-data', file])).join('\n');
}

/** i, ii, iii … (page labels of style /r). */
function roman(n: number): string {
  const digits: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [v, s] of digits) for (; n >= v; n -= v) out += s;
  return out;
}

/** The page label a viewer shows for every page ("ii", "46"); the page number itself without /PageLabels. */
export function pageLabels(file: string): string[] {
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=pages', file])) as { pages: { label?: Record<string, unknown> | null; pageposfrom1: number }[] };
  return json.pages.map((p) => {
    const l = p.label;
    if (!l) return String(p.pageposfrom1);
    const prefix = typeof l['/P'] === 'string' ? (l['/P'] as string).replace(/^u:/, '') : '';
    const n = typeof l['/St'] === 'number' ? (l['/St'] as number) : 1;
    const style = l['/S'];
    const body = style === '/D' ? String(n) : style === '/r' ? roman(n) : style === '/R' ? roman(n).toUpperCase() : '';
    return prefix + body;
  });
}

export interface Link {
  /** Page the link is on (1-based). */
  page: number;
  /** Its box in PDF points from the bottom left: x1, y1, x2, y2. */
  rect: [number, number, number, number];
  /** The page it goes to (1-based), resolved through the named destinations; -1 if it goes nowhere. */
  target: number;
}

/** Every link annotation with the page it goes to, named destinations resolved as a viewer would. */
export function links(file: string): Link[] {
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=qpdf', '--json-key=pages', file])) as {
    qpdf: [unknown, Record<string, { value: unknown }>];
    pages: { object: string }[];
  };
  const objects = json.qpdf[1];
  const deref = (v: unknown): unknown => (typeof v === 'string' && /^\d+ \d+ R$/.test(v) ? objects[`obj:${v}`]?.value : v);
  const dict = (v: unknown) => (deref(v) ?? {}) as Record<string, unknown>;
  const pageOf = new Map(json.pages.map((p, i) => [p.object, i + 1]));
  const root = dict((objects.trailer.value as Record<string, unknown>)['/Root']);
  const named = new Map<string, unknown>();
  const walkTree = (node: Record<string, unknown>) => {
    const names = (deref(node['/Names']) ?? []) as unknown[];
    for (let i = 0; i + 1 < names.length; i += 2) named.set(String(names[i]).replace(/^[ub]:/, ''), deref(names[i + 1]));
    for (const kid of ((deref(node['/Kids']) ?? []) as unknown[])) walkTree(dict(kid));
  };
  const dests = dict(root['/Names'])['/Dests'];
  if (dests) walkTree(dict(dests));
  const targetOf = (d: unknown): number => {
    let dest = deref(d);
    if (typeof dest === 'string') dest = named.get(dest.replace(/^[ub]:/, ''));
    if (dest && !Array.isArray(dest)) dest = deref((dest as Record<string, unknown>)['/D']);
    return Array.isArray(dest) ? (pageOf.get(dest[0] as string) ?? -1) : -1;
  };
  const out: Link[] = [];
  json.pages.forEach((p, i) => {
    const annots = (deref(dict(p.object)['/Annots']) ?? []) as unknown[];
    for (const a of annots) {
      const annot = dict(a);
      if (annot['/Subtype'] !== '/Link') continue;
      const action = dict(annot['/A']);
      const target = annot['/Dest'] != null ? targetOf(annot['/Dest']) : action['/S'] === '/GoTo' ? targetOf(action['/D']) : -1;
      out.push({ page: i + 1, rect: deref(annot['/Rect']) as Link['rect'], target });
    }
  });
  return out;
}
