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
