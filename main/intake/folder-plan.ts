// Turns what the clerk hands us (files, or folders as clerks keep them) into a plan of items:
// which files make one item, and which indicator it belongs to. Reads directory listings only;
// file contents are read later, by the import.
import fs from 'node:fs/promises';
import path from 'node:path';
import { IndicatorMatcher } from './indicator-matcher';
import { guessKind, guessRole } from './roles';
import { DB_NAME } from '../archive/archive';
import { halfWidth, listMarkerLength, parseDateFromName } from '../../shared/names';
import type { ItemKind } from '../../shared/domain';

export interface PlannedFile {
  abs: string;
  name: string;
  /** Where it came from, relative to what was imported, with '/' separators. */
  source: string;
}

export interface PlannedItem {
  indicatorId: number | null;
  title: string;
  /** Made from a folder name, not a document's own title. */
  titleSupplied: boolean;
  date: string | null;
  kind: ItemKind;
  source: string;
  files: PlannedFile[];
}

export interface ImportPlan {
  items: PlannedItem[];
  /** System files (Thumbs.db, ~$ lock files, .DS_Store) that are not evidence. */
  skipped: { path: string; reason: string }[];
  /** Paths that could not be listed. */
  unreadable: { path: string; reason: string }[];
}

const SYSTEM_FILES = /^(thumbs\.db|desktop\.ini|\.ds_store|ehthumbs\.db|~\$.*|\._.*|\.~lock\..*#)$/i;

function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'zh-CN', { numeric: true });
}

const DATE_IN_NAME = [
  /(?<!\d)\d{4}\s*(?:年|[-./_])\s*\d{1,2}\s*(?:月|[-./_])\s*\d{1,2}\s*(?:日|号)?(?!\d)/,
  /(?<!\d)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)/,
];

/**
 * "2023-03-08 第一次推进会" → 第一次推进会. The clerk's own characters are kept (full-width
 * brackets stay full-width); only the date, list markers and separators around them go.
 */
export function titleFromName(name: string): string {
  let orig = name.trim();
  const cut = (start: number, end: number) => {
    orig = `${orig.slice(0, start)} ${orig.slice(end)}`;
  };
  for (const re of DATE_IN_NAME) {
    const m = re.exec(halfWidth(orig));
    if (m) cut(m.index, m.index + m[0].length);
  }
  const edges = /^[\s\-_.、,，]+|[\s\-_.、,，]+$/g;
  orig = orig.replace(/\u3000/g, ' ');
  orig = orig.replace(edges, '');
  orig = orig.slice(listMarkerLength(orig).length).replace(edges, '').replace(/\s{2,}/g, ' ');
  return orig || name.trim();
}

const CAMERA_NAME = /^(img|dsc|dscn|dcim|pxl|mvimg|vid|p|photo|image|wp|mmexport|微信图片|screenshot|截图|屏幕截图)[_\-\s]?\d/i;

function stem(name: string): string {
  const ext = path.extname(name);
  return ext && ext.length <= 6 ? name.slice(0, -ext.length) : name;
}

interface Entry {
  name: string;
  abs: string;
  dir: boolean;
}

/** A folder with its own date or an event word is one occasion; anything else is a heap of files. */
function isBundleName(name: string): boolean {
  return parseDateFromName(name) != null || EVENT_KINDS.has(guessKind(name));
}
const EVENT_KINDS = new Set<ItemKind>(['meeting', 'training', 'activity']);

export class FolderPlanner {
  private readonly plan: ImportPlan = { items: [], skipped: [], unreadable: [] };
  private readonly seen = new Set<string>();

  /** `exclude`: folders never read as evidence (the archive being imported into). */
  constructor(
    private readonly matcher: IndicatorMatcher,
    private readonly exclude: string[] = [],
  ) {}

  /** An archive folder (this one or another) holds the database and stored copies, not evidence. */
  private async isArchiveFolder(abs: string): Promise<boolean> {
    const real = await fs.realpath(abs).catch(() => abs);
    if (this.exclude.some((x) => real === x || real.startsWith(x + path.sep))) return true;
    return fs.stat(path.join(abs, DB_NAME)).then(
      (st) => st.isFile(),
      () => false,
    );
  }

  private async list(abs: string, source: string): Promise<Entry[]> {
    let names: string[];
    try {
      names = await fs.readdir(abs);
    } catch (e) {
      this.plan.unreadable.push({ path: source, reason: `无法读取文件夹：${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      return [];
    }
    const out: Entry[] = [];
    for (const name of names.sort(naturalCompare)) {
      const child = path.join(abs, name);
      if (SYSTEM_FILES.test(name)) {
        this.plan.skipped.push({ path: `${source}/${name}`, reason: '系统文件，不是佐证材料' });
        continue;
      }
      const st = await fs.stat(child).catch(() => null);
      if (!st) {
        this.plan.unreadable.push({ path: `${source}/${name}`, reason: '无法访问（链接失效或没有权限）' });
        continue;
      }
      if (st.isDirectory() && (await this.isArchiveFolder(child))) {
        this.plan.skipped.push({ path: `${source}/${name}`, reason: '这是一个台账档案文件夹，不作为材料导入' });
        continue;
      }
      out.push({ name, abs: child, dir: st.isDirectory() });
    }
    return out;
  }

  /** Every file below a folder, in name order, for a folder that becomes one item. */
  private async collect(abs: string, source: string): Promise<PlannedFile[]> {
    const real = await fs.realpath(abs).catch(() => abs);
    if (this.seen.has(real)) return [];
    this.seen.add(real);
    const files: PlannedFile[] = [];
    for (const e of await this.list(abs, source)) {
      if (e.dir) files.push(...(await this.collect(e.abs, `${source}/${e.name}`)));
      else files.push({ abs: e.abs, name: e.name, source: `${source}/${e.name}` });
    }
    return files;
  }

  private addFileItem(file: PlannedFile, indicatorId: number | null): void {
    indicatorId = this.placeUnder(indicatorId);
    const base = stem(file.name);
    // IMG_20230308_1.jpg says nothing a clerk would file it by; its folder does.
    const folder = path.basename(path.dirname(file.abs));
    const camera = CAMERA_NAME.test(base);
    const title = camera ? `${titleFromName(folder)}照片` : titleFromName(base);
    this.plan.items.push({
      indicatorId,
      title,
      titleSupplied: camera,
      date: parseDateFromName(base),
      kind: guessKind(file.name),
      source: file.source,
      files: [file],
    });
  }

  /**
   * Evidence is counted on the lowest-level indicators; an indicator with a single sub-indicator
   * is that sub-indicator's heading, so its material belongs below.
   */
  private placeUnder(indicatorId: number | null): number | null {
    return indicatorId == null ? null : this.matcher.soleDescendant(indicatorId);
  }

  private async addFolderItem(e: Entry, source: string, indicatorId: number | null): Promise<void> {
    const files = await this.collect(e.abs, source);
    if (files.length === 0) return;
    let kind = guessKind(e.name);
    // "2022-06-08 工作部署" holding a sign-in sheet and minutes was a meeting, whatever it is called;
    // so was a "…情况汇报" folder with one: a report is a document, not an occasion with attendance.
    const attended = files.some((f) => ['signin', 'minutes'].includes(guessRole(f.name, 'unknown')));
    if ((kind === 'other' || kind === 'report') && attended) kind = 'meeting';
    this.plan.items.push({
      indicatorId: this.placeUnder(indicatorId),
      title: titleFromName(e.name),
      titleSupplied: true,
      date: parseDateFromName(e.name),
      kind,
      source,
      files,
    });
  }

  /** Files of a folder that maps to nothing and is no occasion: one inbox item each. */
  private async addEachFile(e: Entry, source: string): Promise<void> {
    for (const f of await this.collect(e.abs, source)) this.addFileItem(f, null);
  }

  /** A folder mapped to an indicator: sub-indicators are followed down, anything else is an item. */
  private async mapped(abs: string, source: string, indicatorId: number): Promise<void> {
    const real = await fs.realpath(abs).catch(() => abs);
    if (this.seen.has(real)) return;
    this.seen.add(real);
    for (const e of await this.list(abs, source)) {
      const childSource = `${source}/${e.name}`;
      if (!e.dir) {
        this.addFileItem({ abs: e.abs, name: e.name, source: childSource }, indicatorId);
        continue;
      }
      const sub = this.matcher.match(e.name, indicatorId);
      if (sub) await this.mapped(e.abs, childSource, sub.id);
      else await this.addFolderItem(e, childSource, indicatorId);
    }
  }

  /** A folder that maps to nothing: look for indicator folders below; what is left goes to the inbox. */
  private async unmapped(abs: string, source: string): Promise<void> {
    const real = await fs.realpath(abs).catch(() => abs);
    if (this.seen.has(real)) return;
    this.seen.add(real);
    const entries = await this.list(abs, source);
    for (const e of entries) {
      const childSource = `${source}/${e.name}`;
      if (!e.dir) {
        this.addFileItem({ abs: e.abs, name: e.name, source: childSource }, null);
        continue;
      }
      const ind = this.matcher.match(e.name);
      if (ind) await this.mapped(e.abs, childSource, ind.id);
      else if ((await this.hasSubfolders(e.abs)) && (await this.mapsBelow(e.abs, 3))) await this.unmapped(e.abs, childSource);
      else if (isBundleName(e.name)) await this.addFolderItem(e, childSource, null);
      else await this.addEachFile(e, childSource);
    }
  }

  private async hasSubfolders(abs: string): Promise<boolean> {
    const entries = await fs.readdir(abs, { withFileTypes: true }).catch(() => []);
    return entries.some((d) => d.isDirectory());
  }

  /** Whether some folder within `depth` levels maps to an indicator; else the folder is one bundle. */
  private async mapsBelow(abs: string, depth: number): Promise<boolean> {
    if (depth === 0) return false;
    const entries = await fs.readdir(abs, { withFileTypes: true }).catch(() => []);
    for (const d of entries) {
      if (!d.isDirectory()) continue;
      if (this.matcher.match(d.name)) return true;
      if (await this.mapsBelow(path.join(abs, d.name), depth - 1)) return true;
    }
    return false;
  }

  /**
   * Plans the import of `paths`. With `indicatorId` (a drop onto an indicator) everything lands
   * under that indicator or its sub-indicators; without it, folder names decide, and what maps
   * to nothing goes to the inbox.
   */
  async add(inputPath: string, indicatorId: number | null): Promise<void> {
    const abs = path.resolve(inputPath);
    const st = await fs.stat(abs).catch(() => null);
    const name = path.basename(abs);
    if (!st) {
      this.plan.unreadable.push({ path: inputPath, reason: '文件或文件夹不存在' });
      return;
    }
    if (!st.isDirectory()) {
      this.addFileItem({ abs, name, source: name }, indicatorId);
      return;
    }
    if (await this.isArchiveFolder(abs)) {
      this.plan.skipped.push({ path: inputPath, reason: '这是一个台账档案文件夹，不作为材料导入' });
      return;
    }
    if (indicatorId != null) {
      const self = this.matcher.get(indicatorId);
      const sub = this.matcher.match(name, indicatorId);
      const isSelf = self && this.matcher.match(name, self.parentId)?.id === indicatorId;
      if (sub) await this.mapped(abs, name, sub.id);
      else if (isSelf || (await this.hasSubfolders(abs))) await this.mapped(abs, name, indicatorId);
      else await this.addFolderItem({ name, abs, dir: true }, name, indicatorId);
      return;
    }
    const ind = this.matcher.match(name);
    if (ind) await this.mapped(abs, name, ind.id);
    else if ((await this.hasSubfolders(abs)) || !isBundleName(name)) await this.unmapped(abs, name);
    else await this.addFolderItem({ name, abs, dir: true }, name, null);
  }

  result(): ImportPlan {
    return this.plan;
  }
}
