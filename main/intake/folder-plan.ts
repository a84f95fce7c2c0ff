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
import { isDatedName, monthDayAt, monthOfName, nameTime, yearOfName } from './name-dates';
import { exifTimeOf } from './probe';
import { DB_NAME } from '../archive/archive';
import { halfWidth, listMarkerLength, parseDateFromName } from '../../shared/names';
import type { ItemKind } from '../../shared/domain';

export interface PlannedFile {
  /** Raw bytes when the name is not UTF-8 (see entries.ts): open it by this, show `name`. */
  abs: RawPath;
  name: string;
  /** Where it came from, relative to what was imported, with '/' separators. */
  source: string;
  /**
   * When a phone or screenshot tool named it (微信图片_20230210093512 → 2023-02-10 09:35:12):
   * the file's date where it has no EXIF.
   */
  taken?: string | null;
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
  const md = parseDateFromName(name) == null ? monthDayAt(orig) : null;
  if (md) cut(md.index, md.index + md.length);
  const edges = /^[\s\-_.、,，]+|[\s\-_.、,，]+$/g;
  // Brackets that held only the date ("通知（2023年10月1日）") go with it.
  orig = orig.replace(/[（(【\[]\s*[）)】\]]/g, ' ');
  orig = orig.replace(/\u3000/g, ' ');
  orig = orig.replace(edges, '');
  orig = orig.slice(listMarkerLength(orig).length).replace(edges, '').replace(/\s{2,}/g, ' ');
  return orig || name.trim();
}

const CAMERA_NAME = /^(img|dsc|dscn|dcim|pxl|mvimg|vid|p|photo|image|wp|mmexport|微信图片|screenshot|截图|屏幕截图)[_\-\s]?\d/i;

function lastName(source: string): string {
  return source.slice(source.lastIndexOf('/') + 1);
}

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

/** What a folder named with an event word (推进会, 培训, 讲座, 义诊 …) is: one occasion. */
const EVENT_KINDS = new Set<ItemKind>(['meeting', 'training', 'activity']);

/** Files that may carry EXIF: only these are opened while planning. */
const PHOTO_EXT = /\.(jpe?g|heic|heif|tiff?|png|webp)$/i;

/**
 * What the folders above say about the occasions below: the title month folders are named after
 * (健康讲座/3月 → 健康讲座（3月）), and a year a year folder gave (健康讲座/2023年/3月).
 */
interface Context {
  event: string;
  year: number | null;
}
const TOP: Context = { event: '', year: null };

/** A planned file with what its name says about when it was taken. */
function plannedFile(abs: RawPath, name: string, source: string): PlannedFile {
  const t = nameTime(name);
  return { abs, name, source, taken: t?.camera ? (t.time ?? t.date) : null };
}

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
      else files.push(plannedFile(e.abs, e.name, `${source}/${e.name}`));
    }
    return files;
  }

  private addFileItem(file: PlannedFile, indicatorId: number | null): void {
    indicatorId = this.placeUnder(indicatorId);
    const base = stem(file.name);
    // IMG_20230308_1.jpg says nothing a clerk would file it by; its folder does (as decoded for the clerk).
    const parts = file.source.split('/');
    const folder = parts.length > 1 ? parts[parts.length - 2] : path.basename(path.dirname(String(file.abs)));
    const camera = CAMERA_NAME.test(base) || nameTime(file.name)?.camera === true;
    const title = camera ? `${titleFromName(folder)}照片` : titleFromName(base);
    this.plan.items.push({
      indicatorId,
      title,
      titleSupplied: camera,
      // A phone's name gives the moment it saved the file; EXIF, read at import, says when it was taken.
      date: camera ? null : parseDateFromName(base),
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

  private async addFolderItem(e: Entry, source: string, indicatorId: number | null, title = titleFromName(e.name)): Promise<void> {
    const files = await this.collect(e.abs, source);
    if (files.length === 0) return;
    let kind = guessKind(e.name);
    if (kind === 'other' && title !== titleFromName(e.name)) kind = guessKind(title);
    // "2022-06-08 工作部署" holding a sign-in sheet and minutes was a meeting, whatever it is called;
    // so was a "…情况汇报" folder with one: a report is a document, not an occasion with attendance.
    const attended = files.some((f) => ['signin', 'minutes'].includes(guessRole(f.name, 'unknown')));
    if ((kind === 'other' || kind === 'report') && attended) kind = 'meeting';
    this.plan.items.push({
      indicatorId: this.placeUnder(indicatorId),
      title,
      titleSupplied: true,
      date: parseDateFromName(e.name),
      kind,
      source,
      files,
    });
  }

  /**
   * A folder that is no indicator's, under `indicatorId` (null: the inbox). What a clerk keeps in
   * one folder is one occasion when its name has a date (2023-03-22高血压防治知识讲座, 3.22讲座) or
   * its files were all taken on one day, wherever it lies; a month folder (3月) is that month of
   * the event above it. A folder holding such occasions is only their shelf: each is an item.
   */
  private async folderItems(e: Entry, source: string, indicatorId: number | null, ctx: Context): Promise<void> {
    if (isDatedName(e.name)) return this.addFolderItem(e, source, indicatorId);
    const subs = await this.subfolders(e.abs);
    const month = monthOfName(e.name);
    const year = yearOfName(e.name);
    const event = EVENT_KINDS.has(guessKind(e.name));
    // Occasions the sub-folder names announce. Sub-folders named for an event split a folder that
    // is no event itself (健康教育/高血压讲座, /糖尿病讲座), not a meeting's own 会议签到.
    const named = subs.filter(
      (n) => isDatedName(n) || monthOfName(n) != null || yearOfName(n) != null || (!event && !month && EVENT_KINDS.has(guessKind(n))),
    );
    const period = month != null || year != null;
    let shelf = named.length > 0 && !(await this.oneDay(e.abs));
    // In the inbox, undated sub-folders each of its own day are occasions too (第一期, 第二期).
    if (!shelf && !named.length && !event && !period && subs.length >= 2 && indicatorId == null) shelf = await this.daysApart(e.abs, subs);
    if (shelf) return this.shelf(e, source, indicatorId, this.inner(e.name, ctx));
    // A month (or a year) of an event: the event's title says what, the folder says when.
    if (period) {
      const y = month?.year ?? year ?? ctx.year;
      const when = `${y ? `${y}年` : ''}${month ? `${month.month}月` : ''}`;
      return this.addFolderItem(e, source, indicatorId, ctx.event ? `${ctx.event}（${when}）` : when);
    }
    if (indicatorId != null || event || (await this.oneDay(e.abs))) return this.addFolderItem(e, source, indicatorId);
    // A heap: each loose file is an item; each sub-folder is looked at the same way.
    return this.shelf(e, source, null, this.inner(e.name, ctx));
  }

  /** The context for what lies inside the folder `name`. */
  private inner(name: string, ctx: Context): Context {
    const year = yearOfName(name);
    return year != null ? { event: ctx.event, year } : { event: titleFromName(name), year: ctx.year };
  }

  /** A folder that only holds occasions: its loose files are items each, its folders are planned on their own. */
  private async shelf(e: Entry, source: string, indicatorId: number | null, ctx: Context): Promise<void> {
    if (!(await this.firstVisit(e.abs))) return;
    for (const c of await this.list(e.abs, source)) {
      const childSource = `${source}/${c.name}`;
      if (!c.dir) this.addFileItem(plannedFile(c.abs, c.name, childSource), indicatorId);
      else if (indicatorId == null) await this.unmappedFolder(c, childSource, ctx);
      else {
        const sub = this.matcher.match(c.name, indicatorId);
        if (sub) await this.mapped(c.abs, childSource, sub.id);
        else await this.folderItems(c, childSource, indicatorId, ctx);
      }
    }
  }

  /** Names of the folders directly inside. */
  private async subfolders(abs: RawPath): Promise<string[]> {
    const entries = await fs.readdir(abs, { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
    return entries.filter((d) => d.isDirectory()).map((d) => decodeName(d.name).name);
  }

  /** Files below a folder, for telling their dates only: nothing is recorded, no link followed. */
  private async peekFiles(abs: RawPath, depth = 4): Promise<{ abs: RawPath; name: string }[]> {
    const entries = await fs.readdir(abs, { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
    const out: { abs: RawPath; name: string }[] = [];
    for (const d of entries) {
      const { name, gbk } = decodeName(d.name);
      if (SYSTEM_FILES.test(name)) continue;
      const at = childPath(abs, d.name, gbk);
      if (d.isFile()) out.push({ abs: at, name });
      else if (d.isDirectory() && depth > 1) out.push(...(await this.peekFiles(at, depth - 1)));
    }
    return out;
  }

  private readonly days = new Map<string, Promise<string | null>>();

  /** The day a file was made, when it tells: EXIF for a photo, else the date its name carries. */
  private fileDay(abs: RawPath, name: string): Promise<string | null> {
    const key = Buffer.from(abs).toString('latin1');
    let day = this.days.get(key);
    if (!day) {
      day = (async () => {
        const exif = PHOTO_EXT.test(name) ? await exifTimeOf(abs).catch(() => null) : null;
        return (exif ?? nameTime(name)?.date ?? null)?.slice(0, 10) ?? null;
      })();
      this.days.set(key, day);
    }
    return day;
  }

  /**
   * The one day the files below were made, when at least half of them tell and all that tell
   * agree (a sign-in sheet scanned without EXIF does not split a meeting's photos); else null.
   */
  private async oneDay(abs: RawPath): Promise<string | null> {
    const files = await this.peekFiles(abs);
    let day: string | null = null;
    let dated = 0;
    for (const f of files) {
      const d = await this.fileDay(f.abs, f.name);
      if (!d) continue;
      if (day && d !== day) return null;
      day = d;
      dated++;
    }
    return day && dated * 2 >= files.length ? day : null;
  }

  /** Whether two or more sub-folders are each one day's, on different days. */
  private async daysApart(abs: RawPath, subs: string[]): Promise<boolean> {
    const days = new Set<string>();
    for (const n of subs) {
      const d = await this.oneDay(joinName(abs, n));
      if (d) days.add(d);
      if (days.size >= 2) return true;
    }
    return false;
  }

  /** A folder in an unmapped folder: an indicator's, a way down to indicators, or evidence. */
  private async unmappedFolder(e: Entry, source: string, ctx: Context): Promise<void> {
    const ind = this.matcher.match(e.name);
    if (ind) await this.mapped(e.abs, source, ind.id);
    else if (!isDatedName(e.name) && (await this.hasSubfolders(e.abs)) && (await this.mapsBelow(e.abs, 3))) await this.unmapped(e.abs, source);
    else await this.folderItems(e, source, null, ctx);
  }

  /** A folder mapped to an indicator: sub-indicators are followed down, anything else is an item. */
  private async mapped(abs: RawPath, source: string, indicatorId: number): Promise<void> {
    if (!(await this.firstVisit(abs))) return;
    for (const e of await this.list(abs, source)) {
      const childSource = `${source}/${e.name}`;
      if (!e.dir) {
        this.addFileItem(plannedFile(e.abs, e.name, childSource), indicatorId);
        continue;
      }
      const sub = this.matcher.match(e.name, indicatorId);
      if (sub) await this.mapped(e.abs, childSource, sub.id);
      else await this.folderItems(e, childSource, indicatorId, this.inner(lastName(source), TOP));
    }
  }

  /** A folder that maps to nothing: look for indicator folders below; what is left goes to the inbox. */
  private async unmapped(abs: RawPath, source: string): Promise<void> {
    if (!(await this.firstVisit(abs))) return;
    const ctx = this.inner(lastName(source), TOP);
    for (const e of await this.list(abs, source)) {
      const childSource = `${source}/${e.name}`;
      if (!e.dir) this.addFileItem(plannedFile(e.abs, e.name, childSource), null);
      else await this.unmappedFolder(e, childSource, ctx);
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
      this.addFileItem(plannedFile(abs, name, name), indicatorId);
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
      else if (isSelf) await this.mapped(abs, name, indicatorId);
      // A dated or monthly folder dropped onto an indicator is that occasion, however it is arranged inside.
      else if (isDatedName(name) || monthOfName(name) || !(await this.hasSubfolders(abs))) await this.folderItems({ name, abs, dir: true }, name, indicatorId, TOP);
      else await this.mapped(abs, name, indicatorId);
      return;
    }
    const ind = this.matcher.match(name);
    if (ind) await this.mapped(abs, name, ind.id);
    else await this.unmappedFolder({ name, abs, dir: true }, name, TOP);
  }

  result(): ImportPlan {
    return this.plan;
  }
}
