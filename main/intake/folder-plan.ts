// Turns what the clerk hands us (files, or folders as clerks keep them) into a plan of items:
// which files make one item, and which indicator it belongs to. Reads directory listings only;
// file contents are read later, by the import. Links are followed only while they stay inside
// what the clerk chose, and pipes, sockets and devices are left out before anyone opens them.
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { IndicatorMatcher } from './indicator-matcher';
import {
  childPath, decodeName, isWithin, joinName, outsideReason, realBytes, specialKind, specialReason, unreachableReason, type RawPath,
} from './entries';
import { guessKind, guessRole } from './roles';
import { DB_NAME } from '../archive/archive';
import { halfWidth, listMarkerLength, parseDateFromName } from '../../shared/names';
import type { ItemKind } from '../../shared/domain';

export interface PlannedFile {
  /** Raw bytes when the name is not UTF-8 (see entries.ts): open it by this, show `name`. */
  abs: RawPath;
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
  /**
   * What is not imported, and why: system files (Thumbs.db, ~$ lock files, .DS_Store), links out of
   * the chosen folder, pipes and devices, entries that could not be reached.
   */
  skipped: { path: string; reason: string }[];
  /** Planned all the same, but the clerk should know (a name read as GBK). */
  notes: { path: string; reason: string }[];
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
  // Brackets that held only the date ("通知（2023年10月1日）") go with it.
  orig = orig.replace(/[（(【\[]\s*[）)】\]]/g, ' ');
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
  abs: RawPath;
  dir: boolean;
}

const ARCHIVE_REASON = '这是一个台账档案文件夹，不作为材料导入';

/** A folder with its own date or an event word is one occasion; anything else is a heap of files. */
function isBundleName(name: string): boolean {
  return parseDateFromName(name) != null || EVENT_KINDS.has(guessKind(name));
}
const EVENT_KINDS = new Set<ItemKind>(['meeting', 'training', 'activity']);

export class FolderPlanner {
  private readonly plan: ImportPlan = { items: [], skipped: [], notes: [] };
  private readonly seen = new Set<string>();
  /** Real path of the folder being added: links leading out of it are not followed. */
  private root: Buffer | null = null;

  /** `exclude`: folders never read as evidence (the archive being imported into). */
  constructor(
    private readonly matcher: IndicatorMatcher,
    private readonly exclude: string[] = [],
  ) {}

  /** An archive folder (this one or another) holds the database and stored copies, not evidence. */
  private async isArchiveFolder(abs: RawPath): Promise<boolean> {
    const real = await realBytes(abs).catch(() => Buffer.from(abs));
    if (this.exclude.some((x) => isWithin(real, Buffer.from(x)))) return true;
    return fs.stat(joinName(abs, DB_NAME)).then(
      (st) => st.isFile(),
      () => false,
    );
  }

  /** False when this folder was already planned (reached again through a link). */
  private async firstVisit(abs: RawPath): Promise<boolean> {
    const key = (await realBytes(abs).catch(() => Buffer.from(abs))).toString('latin1');
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  private async list(abs: RawPath, source: string): Promise<Entry[]> {
    let raws: Buffer[];
    try {
      raws = await fs.readdir(abs, { encoding: 'buffer' });
    } catch (e) {
      this.plan.skipped.push({ path: source, reason: unreachableReason(e, false) });
      return [];
    }
    const named = raws.map((raw) => ({ raw, ...decodeName(raw) })).sort((a, b) => naturalCompare(a.name, b.name));
    const out: Entry[] = [];
    for (const { raw, name, gbk } of named) {
      const at = `${source}/${name}`;
      if (SYSTEM_FILES.test(name)) {
        this.plan.skipped.push({ path: at, reason: '系统文件，不是佐证材料' });
        continue;
      }
      const child = childPath(abs, raw, gbk);
      const what = await this.classify(child);
      if ('skip' in what) {
        this.plan.skipped.push({ path: at, reason: what.skip });
        continue;
      }
      if (gbk) this.plan.notes.push({ path: at, reason: `文件名不是 UTF-8 编码，已按 GBK 读作“${name}”；如名称不对，请导入后改正标题` });
      out.push({ name, abs: child, dir: what.dir });
    }
    return out;
  }

  /**
   * A folder, a regular file, or why the entry is left alone. Decided from lstat/stat only: opening
   * a pipe waits for a writer forever, and a device (or a link to /dev/zero) never ends.
   */
  private async classify(abs: RawPath): Promise<{ dir: boolean } | { skip: string }> {
    let st: Stats;
    try {
      st = await fs.lstat(abs);
    } catch (e) {
      return { skip: unreachableReason(e, false) };
    }
    if (st.isSymbolicLink()) {
      let real: Buffer;
      try {
        st = await fs.stat(abs);
        real = await realBytes(abs);
      } catch (e) {
        return { skip: unreachableReason(e, true) };
      }
      // A link in a clerk's folder is a shortcut to material kept elsewhere at best, and at worst
      // to /etc/passwd or a whole disk: what was not chosen is not packed into the dossier.
      if (this.root && !isWithin(real, this.root)) {
        return st.isDirectory() && (await this.isArchiveFolder(abs)) ? { skip: ARCHIVE_REASON } : { skip: outsideReason(real) };
      }
    }
    if (st.isDirectory()) return (await this.isArchiveFolder(abs)) ? { skip: ARCHIVE_REASON } : { dir: true };
    if (!st.isFile()) return { skip: specialReason(specialKind(st) ?? '特殊文件') };
    return { dir: false };
  }

  /** Every file below a folder, in name order, for a folder that becomes one item. */
  private async collect(abs: RawPath, source: string): Promise<PlannedFile[]> {
    if (!(await this.firstVisit(abs))) return [];
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
    // IMG_20230308_1.jpg says nothing a clerk would file it by; its folder does (as decoded for the clerk).
    const parts = file.source.split('/');
    const folder = parts.length > 1 ? parts[parts.length - 2] : path.basename(path.dirname(String(file.abs)));
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
  private async mapped(abs: RawPath, source: string, indicatorId: number): Promise<void> {
    if (!(await this.firstVisit(abs))) return;
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
  private async unmapped(abs: RawPath, source: string): Promise<void> {
    if (!(await this.firstVisit(abs))) return;
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

  private async hasSubfolders(abs: RawPath): Promise<boolean> {
    const entries = await fs.readdir(abs, { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
    return entries.some((d) => d.isDirectory());
  }

  /** Whether some folder within `depth` levels maps to an indicator; else the folder is one bundle. */
  private async mapsBelow(abs: RawPath, depth: number): Promise<boolean> {
    if (depth === 0) return false;
    const entries = await fs.readdir(abs, { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
    for (const d of entries) {
      if (!d.isDirectory()) continue;
      const { name, gbk } = decodeName(d.name);
      if (this.matcher.match(name)) return true;
      if (await this.mapsBelow(childPath(abs, d.name, gbk), depth - 1)) return true;
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
      this.plan.skipped.push({ path: inputPath, reason: '文件或文件夹不存在' });
      return;
    }
    // What the clerk chose by name is followed even when it is a link; a pipe or device is not read.
    const special = specialKind(st);
    if (special) {
      this.plan.skipped.push({ path: inputPath, reason: specialReason(special) });
      return;
    }
    if (!st.isDirectory()) {
      this.addFileItem({ abs, name, source: name }, indicatorId);
      return;
    }
    if (await this.isArchiveFolder(abs)) {
      this.plan.skipped.push({ path: inputPath, reason: ARCHIVE_REASON });
      return;
    }
    this.root = await realBytes(abs).catch(() => Buffer.from(abs));
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
