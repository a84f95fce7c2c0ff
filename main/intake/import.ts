// Evidence intake: plan the items, stream each file into the store, probe it, and write each
// item with its files and links in one transaction. Items are committed in plan order so the
// numbering within an indicator follows the dates; files are stored and probed a few at a time.
import fs from 'node:fs/promises';
import { Archive } from '../archive/archive';
import { sql } from '../archive/db';
import { findIndicator, listIndicators } from '../archive/indicators-repo';
import { insertItem, linkItem, upsertBlob, type BlobInfo, type NewFile } from '../archive/items-repo';
import { thumbRel } from '../archive/store';
import { dHash } from '../check/photo-hash';
import { errnoOf, writeErrorFor } from '../archive/io-errors';
import type { LockHolder } from '../archive/write-lock';
import { journalImports } from '../archive/import-journal';
import { mapLimit, throwIfCancelled, type JobOptions } from '../jobs/cancel';
import { FolderPlanner, type PlannedFile, type PlannedItem } from './folder-plan';
import { IndicatorMatcher } from './indicator-matcher';
import { probeWithThumbnail } from './probe';
import { guessRole } from './roles';
import { TaizhangError } from '../../shared/errors';
import type { FileRole, FileType } from '../../shared/domain';
import { captionTime } from '../../shared/names';

export interface ImportOptions extends JobOptions {
  /** Code of the indicator the clerk dropped the files onto. */
  indicatorCode?: string;
  /** Files stored and probed at once. */
  concurrency?: number;
  /** How long to wait for another process writing to the archive (a CLI import waits; the app asks again). */
  lockWaitMs?: number;
  onLockWait?: (holder: LockHolder) => void;
  /**
   * A department's account importing on the LAN: only the items this department submitted are
   * reused or linked for files already filed; another's item (or the 创建办's) is neither linked
   * to its indicator nor named in the report, and the files become a new item of its own.
   */
  department?: string;
}

export interface ImportReport {
  items: number;
  files: number;
  /** Files whose bytes were new to the archive. */
  stored: number;
  /** Files whose bytes were already in the archive (or twice in this import): kept once. */
  duplicates: number;
  /** Stored copies that were damaged or missing and were restored from the file being imported. */
  repaired: number;
  duplicateFiles: { path: string; itemId: number; itemTitle: string }[];
  /** Existing items that were linked to one more indicator because the same files were filed there again. */
  linkedExisting: number;
  /** Files that went to the inbox (未归类): their folders map to no indicator. */
  inbox: string[];
  warnings: { path: string; reason: string }[];
  skipped: { path: string; reason: string }[];
  itemIds: number[];
}

const DOCUMENT_TYPES = new Set<FileType>(['pdf', 'docx', 'doc', 'wps', 'text', 'ole']);
const ROLE_ORDER: Record<FileRole, number> = { body: 0, notice: 1, signin: 2, minutes: 3, attachment: 4, photo: 5 };

interface PreparedFile {
  planned: PlannedFile;
  sha256: string;
  type: FileType;
  exifTime: string | null;
  /** What probing found, when these bytes were new to the archive. */
  blob: BlobInfo | null;
}

/**
 * Files the paths as the archive's one writer: a second import of the same folder started at the
 * same time waits (or is refused) and then finds everything already filed, so nothing is filed twice.
 */
export async function importPaths(archive: Archive, paths: string[], opts: ImportOptions = {}): Promise<ImportReport> {
  return archive.writing(() => importUnlocked(archive, paths, opts), { what: '导入材料', waitMs: opts.lockWaitMs ?? 3000, onWait: opts.onLockWait });
}

async function importUnlocked(archive: Archive, paths: string[], opts: ImportOptions): Promise<ImportReport> {
  const { signal, onProgress } = opts;
  let target: number | null = null;
  if (opts.indicatorCode != null) {
    const ind = await findIndicator(archive.db, opts.indicatorCode);
    if (!ind) throw new TaizhangError('BAD_INPUT', `找不到编号为 ${opts.indicatorCode} 的指标，请用 indicators list 查看指标编号。`);
    target = ind.id;
  }
  const missing = [];
  for (const p of paths) if (!(await fs.stat(p).catch(() => null))) missing.push(p);
  if (missing.length) throw new TaizhangError('BAD_INPUT', `找不到要导入的文件或文件夹：${missing.join('、')}。请检查路径。`);
  await archive.store.cleanTmp();
  onProgress?.({ phase: '整理文件夹', done: 0, total: paths.length });
  const planner = new FolderPlanner(new IndicatorMatcher(await listIndicators(archive.db)), [await fs.realpath(archive.dir)]);
  for (const p of paths) await planner.add(p, target);
  const plan = planner.result();
  // Date order within each indicator; undated items keep their folder order, after the dated ones.
  // A phone photo's own name dates it until its EXIF is read.
  const when = (item: PlannedItem) => item.date ?? item.files.find((f) => f.taken)?.taken?.slice(0, 10) ?? '9999';
  const items = plan.items
    .map((item, i) => ({ item, i, date: when(item) }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.i - b.i)
    .map((x) => x.item);

  const report: ImportReport = {
    items: 0,
    files: 0,
    stored: 0,
    duplicates: 0,
    repaired: 0,
    duplicateFiles: [],
    linkedExisting: 0,
    inbox: [],
    warnings: [...plan.notes],
    skipped: [...plan.skipped],
    itemIds: [],
  };

  const filed = await loadFiled(archive, opts.department);
  const known = new Set((await archive.db.all<{ sha256: string }>(sql`SELECT sha256 FROM blobs`)).map((r) => r.sha256));

  const probes = new Map<string, Promise<BlobInfo>>();
  const total = items.reduce((n, it) => n + it.files.length, 0);
  let done = 0;

  // Storing a file is mostly waiting on the disk (the flush), probing it mostly computing: each has
  // its own `concurrency` slots, so the next files are stored while these are probed and neither
  // the processors nor the disk wait on the other.
  const n = Math.max(1, opts.concurrency ?? 3);
  const storing = slots(n);
  const probing = slots(n);
  let stopped = false;

  const prepareFile = async (f: PlannedFile): Promise<PreparedFile | null> => {
    if (stopped) throw new TaizhangError('CANCELLED', '操作已取消。');
    throwIfCancelled(signal);
    let put;
    try {
      put = await storing(() => archive.store.put(f.abs, { signal }));
    } catch (e) {
      throwIfCancelled(signal);
      // The archive's own disk failing stops the import; one bad source file does not.
      const fatal = writeErrorFor(e, archive.dir);
      if (fatal && fatal.code !== 'BAD_INPUT' && fatal.code !== 'TOO_LARGE') throw fatal;
      report.skipped.push({ path: f.source, reason: sourceReadError(e) });
      return null;
    } finally {
      onProgress?.({ phase: '存储文件', done: ++done, total, detail: f.source });
    }
    if (put.repaired || (put.stored && known.has(put.sha256))) report.repaired++;
    else if (put.stored) report.stored++;
    if (known.has(put.sha256)) {
      const row = await archive.db.get<{ type: FileType; exif_time: string | null; warning: string | null }>(
        sql`SELECT type, exif_time, warning FROM blobs WHERE sha256 = ${put.sha256}`,
      );
      if (row?.warning) report.warnings.push({ path: f.source, reason: row.warning });
      return { planned: f, sha256: put.sha256, type: row?.type ?? 'unknown', exifTime: row?.exif_time ?? null, blob: null };
    }
    // Probed once per content even when two files being prepared at once share it.
    let probe = probes.get(put.sha256);
    if (!probe) {
      const { sha256, size, rel } = put;
      probe = probing(() => probeBlob(archive, sha256, size, rel, f.name));
      probes.set(put.sha256, probe);
    }
    const blob = await probe;
    if (blob.warning) report.warnings.push({ path: f.source, reason: blob.warning });
    return { planned: f, sha256: put.sha256, type: blob.type, exifTime: blob.exifTime, blob };
  };

  // Files are prepared in plan order, a few ahead; items are committed strictly in order, each as
  // soon as its files are ready, so a cancelled or failed import keeps what it had filed.
  const files = items.flatMap((item) => item.files);
  const ready = files.map(() => deferred<PreparedFile | null>());
  let failure: unknown = null;
  // The first failure (a failing disk, cancel) stops the rest; every file still settles, so
  // nothing is being written when the archive is let go.
  const stop = (e: unknown) => {
    if (stopped) return;
    stopped = true;
    failure = e;
  };
  const preparing = mapLimit(files, 2 * n, async (f, k) => {
    try {
      ready[k].resolve(await prepareFile(f));
    } catch (e) {
      ready[k].reject(e);
      stop(e);
    }
  });
  const committing = (async () => {
    let k = 0;
    for (const item of items) {
      const mine = ready.slice(k, (k += item.files.length));
      const prepared = (await Promise.all(mine.map((d) => d.promise))).filter((p): p is PreparedFile => p !== null);
      throwIfCancelled(signal);
      if (stopped) return;
      await commitItem(archive, item, prepared, filed, report);
    }
  })().catch(stop);
  await Promise.all([preparing, committing]);
  if (stopped) throw failure;
  return report;
}

/** A gate letting at most `n` calls run at once; the others wait their turn in order. */
function slots(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    // A slot that frees up is handed straight to the next in line, never raced for.
    if (running < n) running++;
    else await new Promise<void>((go) => waiting.push(go));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/** Why a file the clerk gave us could not be read, in the clerk's words. */
function sourceReadError(e: unknown): string {
  if (e instanceof TaizhangError) return e.message;
  const code = errnoOf(e);
  const why: Record<string, string> = {
    ENOENT: '文件在导入过程中被移走或删除了',
    EACCES: '没有权限读取此文件',
    EPERM: '没有权限读取此文件',
    ELOOP: '链接循环，无法读取',
    ENAMETOOLONG: '路径太长，系统无法打开',
    EIO: '读取时磁盘出错（U 盘被拔出或磁盘损坏？）',
  };
  return `${(code && why[code]) ?? `无法读取此文件（${code ?? String(e)}）`}，未存入档案`;
}

/** Probes newly stored bytes and makes their thumbnail; a file that cannot be read is kept with a warning. */
export async function probeBlob(archive: Archive, sha256: string, size: number, rel: string, name: string): Promise<BlobInfo> {
  try {
    const thumb = archive.store.abs(thumbRel(sha256));
    const { probe, hasThumb, thumb: thumbBytes } = await probeWithThumbnail(archive.store.abs(rel), name, thumb);
    // The perceptual hash from the 320 px thumbnail just made, still in memory: a millisecond now,
    // where the self-check would otherwise decode every photo of the archive again (一图多用).
    const phash = thumbBytes ? await dHash(thumbBytes).catch(() => null) : null;
    return { sha256, size, ...probe, hasThumb, phash };
  } catch (e) {
    // The copy is already safe in the store: a file whose facts cannot be read is still filed, with
    // a warning; only the archive's own disk failing stops the import.
    const disk = writeErrorFor(e, archive.dir);
    if (disk) throw disk;
    return {
      sha256, size, type: 'unknown', mime: 'application/octet-stream', pages: null, width: null, height: null, orientation: null,
      exifTime: null, encrypted: false, text: null, hasThumb: false,
      warning: `读取文件内容时出错（${errnoOf(e) ?? String(e)}），未能识别类型和页数；原件已保存，请用相应软件打开检查后重新添加`,
    };
  }
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  // A failed file is reported by its own worker; the item waiting on it only needs to stop.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function roleFor(files: PreparedFile[]): Map<PreparedFile, FileRole> {
  const roles = new Map(files.map((f) => [f, guessRole(f.planned.name, f.type)] as const));
  // A document filed on its own is the document itself, even when it is titled 通知 or 纪要.
  if (files.length === 1 && DOCUMENT_TYPES.has(files[0].type)) roles.set(files[0], 'body');
  if (![...roles.values()].includes('body')) {
    const doc = files.find((f) => roles.get(f) === 'attachment' && DOCUMENT_TYPES.has(f.type));
    if (doc) roles.set(doc, 'body');
  }
  return roles;
}

/** What is already filed: which live items hold each content, and what each item holds. */
interface Filed {
  holders: Map<string, Set<number>>;
  contents: Map<number, Set<string>>;
  titles: Map<number, string>;
}

async function loadFiled(archive: Archive, department?: string): Promise<Filed> {
  const filed: Filed = { holders: new Map(), contents: new Map(), titles: new Map() };
  const rows = await archive.db.all<{ sha256: string; item_id: number; title: string }>(
    department == null
      ? sql`SELECT f.sha256, f.item_id, i.title FROM files f JOIN items i ON i.id = f.item_id WHERE i.deleted_at IS NULL ORDER BY f.id`
      : sql`SELECT f.sha256, f.item_id, i.title FROM files f JOIN items i ON i.id = f.item_id
          WHERE i.deleted_at IS NULL AND i.submitted_by = (SELECT id FROM departments WHERE name = ${department}) ORDER BY f.id`,
  );
  for (const r of rows) noteFiled(filed, r.item_id, r.title, r.sha256);
  return filed;
}

function noteFiled(filed: Filed, itemId: number, title: string, sha256: string): void {
  const holders = filed.holders.get(sha256) ?? new Set<number>();
  holders.add(itemId);
  filed.holders.set(sha256, holders);
  const held = filed.contents.get(itemId) ?? new Set<string>();
  held.add(sha256);
  filed.contents.set(itemId, held);
  filed.titles.set(itemId, title);
}

/** Items holding every one of these contents, oldest first. */
function itemsHoldingAll(filed: Filed, shas: Set<string>): number[] {
  let common: number[] | null = null;
  for (const sha of shas) {
    const h: number[] = [...(filed.holders.get(sha) ?? [])];
    common = common === null ? h : common.filter((id) => h.includes(id));
    if (common.length === 0) return [];
  }
  return (common ?? []).sort((a, b) => a - b);
}

/**
 * Writes one planned item. Decided here, in commit order: a bundle whose files are all filed as
 * one existing item *is* that item (a re-import, or the same meeting filed under a second
 * indicator: it gets linked there too); otherwise a new item, whose files already in the archive
 * point at the stored copy (stored once, listed in every item that holds them).
 */
async function commitItem(archive: Archive, item: PlannedItem, prepared: PreparedFile[], filed: Filed, report: ImportReport): Promise<void> {
  report.files += prepared.length;
  const unique: PreparedFile[] = [];
  const inThisItem = new Set<string>();
  for (const p of prepared) {
    const [owner] = [...(filed.holders.get(p.sha256) ?? [])].sort((a, b) => a - b);
    if (owner != null || inThisItem.has(p.sha256)) {
      report.duplicates++;
      if (owner != null) report.duplicateFiles.push({ path: p.planned.source, itemId: owner, itemTitle: filed.titles.get(owner)! });
    }
    if (!inThisItem.has(p.sha256)) {
      unique.push(p);
      inThisItem.add(p.sha256);
    }
  }
  if (unique.length === 0) return;
  await archive.db.transaction(async (tx) => {
    for (const candidate of itemsHoldingAll(filed, inThisItem)) {
      const links = (await tx.all<{ indicator_id: number }>(sql`SELECT indicator_id FROM links WHERE item_id = ${candidate}`)).map((l) => l.indicator_id);
      const held = filed.contents.get(candidate)!;
      const sameBundle = held.size === inThisItem.size;
      const alreadyThere = item.indicatorId == null || links.includes(item.indicatorId);
      if (alreadyThere) return;
      if (sameBundle) {
        await linkItem(tx, candidate, item.indicatorId!);
        report.linkedExisting++;
        return;
      }
    }
    for (const p of unique) if (p.blob) await upsertBlob(tx, p.blob);
    const roles = roleFor(unique);
    const ordered = [...unique].sort((a, b) => ROLE_ORDER[roles.get(a)!] - ROLE_ORDER[roles.get(b)!]);
    const files: NewFile[] = ordered.map((p) => ({
      sha256: p.sha256,
      name: p.planned.name,
      role: roles.get(p)!,
      source: p.planned.source,
      // Without EXIF (WeChat strips it), the moment the phone named the file is the best time to print.
      ...(!p.exifTime && p.planned.taken && { caption: { time: captionTime(p.planned.taken) } }),
    }));
    const photoDates = unique.map((p) => (p.exifTime ?? p.planned.taken)?.slice(0, 10)).filter((d): d is string => !!d).sort();
    const id = await insertItem(
      tx,
      { kind: item.kind, title: item.title, titleSupplied: item.titleSupplied, date: item.date ?? photoDates[0] ?? null, source: item.source },
      files,
      item.indicatorId != null ? [item.indicatorId] : [],
    );
    report.items++;
    report.itemIds.push(id);
    for (const p of unique) noteFiled(filed, id, item.title, p.sha256);
    if (item.indicatorId == null) report.inbox.push(...unique.map((p) => p.planned.source));
  });
  await journalImports(
    archive.dir,
    unique.map((p) => ({ sha256: p.sha256, name: p.planned.name, source: p.planned.source, item: item.title })),
  );
}
