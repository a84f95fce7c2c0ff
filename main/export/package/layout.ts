// Where every file goes in the package: one folder per indicator in tree order ("1.2 召开工作推进会",
// nested as the tree nests), in it one folder per item ("0003 20230308 第一次推进会", 件号 as in the
// dossier), in that the item's files renamed "01 通知 会议通知.pdf" so they sort in print order.
// An item under several indicators is copied under each. Items in no indicator are left out.
import path from 'node:path';
import { walk, type DossierPlan, type PrintIndicator, type PrintItem } from '../dossier/plan';
import { itemNumber } from '../../../shared/archival-code';
import { FILE_ROLE_LABELS, type FileRole, type FileType, type Indicator, type StoredFile } from '../../../shared/domain';
import { NameTable, splitExt, cleanText } from './names';
import type { WebCopy } from './web-upload';

export const ROOT_NAMES = {
  index: 'index.html',
  manifest: 'manifest.json',
  dossier: '迎检材料台账.pdf',
  ledger: '台账目录.xlsx',
  thumbs: '_缩略图',
} as const;

/** Room for the indicator folders of one path (all levels together), in UTF-16 units. */
const INDICATOR_CHAIN_UNITS = 110;
const INDICATOR_UNITS_MAX = 60;
const ITEM_UNITS = 60;
const FILE_UNITS = 100;

export type FileKind = 'evidence' | 'thumbnail' | 'dossier' | 'ledger' | 'index';

/** One file of the package: where it goes, where its bytes come from, what it is. */
export interface PlannedFile {
  path: string;
  kind: FileKind;
  /** Absolute path of the bytes to copy. */
  src: string;
  /** Deflate it in a zip (text and old Office formats); photos, PDFs and DOCX are stored. */
  compress: boolean;
  /** sha256 and size the bytes should have (the store's), when known in advance. */
  expected?: { sha256: string; size: number };
  itemId?: number;
  /** 件号 */
  number?: number;
  /** 档号 */
  archivalCode?: string;
  indicator?: string;
  role?: FileRole;
  /** The name the file had in the archive. */
  name?: string;
  /** The original, when the package carries a re-encoded copy (网报). */
  original?: { sha256: string; size: number };
}

export interface PackageFileRef {
  file: StoredFile;
  path: string;
  thumb: string | null;
  /** A 网报 copy replaced the original. */
  encoded: boolean;
  /** Size of what the package carries. */
  size: number;
}

export interface PackageItem {
  print: PrintItem;
  folder: string;
  files: PackageFileRef[];
  /** Other indicators the same item is filed under (codes). */
  alsoUnder: string[];
}

export interface PackageNode {
  indicator: Indicator;
  folder: string;
  items: PackageItem[];
  children: PackageNode[];
}

export interface PackageLayout {
  nodes: PackageNode[];
  /** Every file to write except index.html and manifest.json, in writing order. */
  files: PlannedFile[];
  names: NameTable;
}

const EXT_OF: Partial<Record<FileType, string>> = {
  jpeg: '.jpg', png: '.png', gif: '.gif', bmp: '.bmp', tiff: '.tif', webp: '.webp', heic: '.heic', pdf: '.pdf',
  docx: '.docx', xlsx: '.xlsx', pptx: '.pptx', zip: '.zip', doc: '.doc', xls: '.xls', ppt: '.ppt', wps: '.wps', et: '.et', text: '.txt',
};
const COMPRESSIBLE: ReadonlySet<FileType> = new Set(['text', 'doc', 'xls', 'ppt', 'wps', 'et', 'ole', 'bmp']);

function depth(nodes: PrintIndicator[]): number {
  return nodes.reduce((d, n) => Math.max(d, 1 + depth(n.children)), 0);
}

/** The name part and extension a file keeps in the package. */
function fileNameParts(f: StoredFile, encoded: boolean): { title: string; ext: string } {
  const [stem, ext] = splitExt(cleanText(f.name));
  if (encoded) return { title: stem, ext: /^\.jpe?g$/i.test(ext) ? ext : '.jpg' };
  if (ext) return { title: stem, ext };
  // "a." is "a" to Windows; with the extension of what it really is, it opens with a double click.
  const known = EXT_OF[f.type];
  return known ? { title: stem.replace(/[ .]+$/, ''), ext: known } : { title: stem, ext: '' };
}

export interface LayoutInput {
  plan: DossierPlan;
  /** Checked absolute path of a store-relative path; null for a thumbnail the package goes without. */
  abs: (rel: string) => string | null;
  /** 网报 copies by original sha256; absent when packing originals. */
  web: Map<string, WebCopy> | null;
  dossier: string | null;
  ledger: string | null;
}

export function layOutPackage(input: LayoutInput): PackageLayout {
  const { plan } = input;
  const names = new NameTable();
  const files: PlannedFile[] = [];
  for (const n of Object.values(ROOT_NAMES)) names.claim('', n, { units: 64 });
  if (input.dossier) files.push({ path: ROOT_NAMES.dossier, kind: 'dossier', src: input.dossier, compress: false });
  if (input.ledger) files.push({ path: ROOT_NAMES.ledger, kind: 'ledger', src: input.ledger, compress: false });

  const levels = Math.max(1, depth(plan.roots));
  const indicatorUnits = Math.min(INDICATOR_UNITS_MAX, Math.max(16, Math.floor(INDICATOR_CHAIN_UNITS / levels) - 1));
  const thumbs = new Map<string, string>();
  const inPackage = new Set(walk(plan.roots).map((n) => n.indicator.code));
  const fileIndexWidth = (n: number) => Math.max(2, String(n).length);

  const build = (node: PrintIndicator, parent: string): PackageNode => {
    const ind = node.indicator;
    const folder = names.claim(parent, { fixed: `${ind.code} `, title: ind.title }, { units: indicatorUnits });
    const items: PackageItem[] = [];
    for (const entry of node.entries) {
      const { item, number } = entry.print;
      const date8 = item.date ? item.date.replace(/-/g, '').slice(0, 8) : '';
      const itemFolder = names.claim(folder, { fixed: `${itemNumber(number)} ${date8 ? `${date8} ` : ''}`, title: item.title }, { units: ITEM_UNITS });
      const width = fileIndexWidth(item.files.length);
      const refs: PackageFileRef[] = item.files.map((f, i) => {
        const web = input.web?.get(f.sha256);
        const encoded = web?.kind === 'encoded';
        const { title, ext } = fileNameParts(f, encoded);
        const seq = String(i + 1).padStart(width, '0');
        const role = FILE_ROLE_LABELS[f.role];
        // "02 签到表 签到表.jpg" says it twice: a file already named after its role keeps one.
        const parts = title === role ? { fixed: seq + ' ', title: role, ext } : { fixed: `${seq} ${role} `, title, ext };
        const p = names.claim(itemFolder, parts, { units: FILE_UNITS });
        let thumb: string | null = null;
        const thumbSrc = f.thumbPath ? input.abs(f.thumbPath) : null;
        if (thumbSrc) {
          thumb = thumbs.get(f.sha256) ?? null;
          if (!thumb) {
            thumb = names.claim(ROOT_NAMES.thumbs, { title: f.sha256, ext: '.jpg' }, { units: 80 });
            thumbs.set(f.sha256, thumb);
            files.push({ path: thumb, kind: 'thumbnail', src: thumbSrc, compress: false });
          }
        }
        const common = {
          path: p,
          kind: 'evidence' as const,
          itemId: item.id,
          number,
          archivalCode: entry.print.code,
          indicator: ind.code,
          role: f.role,
          name: f.name,
        };
        if (web?.kind === 'encoded') {
          files.push({ ...common, src: web.abs, compress: false, expected: { sha256: web.sha256, size: web.size }, original: { sha256: f.sha256, size: f.size } });
        } else {
          files.push({ ...common, src: original(input, f.storePath), compress: COMPRESSIBLE.has(f.type) && f.size <= 64 * 1024 * 1024, expected: { sha256: f.sha256, size: f.size } });
        }
        return { file: f, path: p, thumb, encoded, size: web?.kind === 'encoded' ? web.size : f.size };
      });
      items.push({ print: entry.print, folder: itemFolder, files: refs, alsoUnder: item.indicators.filter((c) => c !== ind.code && inPackage.has(c)) });
    }
    return { indicator: ind, folder, items, children: node.children.map((c) => build(c, folder)) };
  };
  const nodes = plan.roots.map((r) => build(r, ''));
  return { nodes, files, names };
}

function original(input: LayoutInput, rel: string): string {
  const abs = input.abs(rel);
  if (!abs) throw new Error(`original not resolved: ${rel}`);
  return abs;
}

/** The package path of a file under `root` (absolute) for a package-relative path. */
export function onDisk(root: string, rel: string): string {
  return path.join(root, ...rel.split('/'));
}
