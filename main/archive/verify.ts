// verify: is the database sound, and is every stored file still the bytes it was filed as? It
// also finds what should not be there (links, stored files nothing refers to, thumbnails of
// nothing, parts of killed imports) and, asked to, puts right what provably can be put right.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Archive } from './archive';
import { Db, sql, trustedSql } from './db';
import { NO_HASH } from '../check/photo-hash';
import { blobRel, hashFile, isGoodCopy, thumbRel } from './store';
import { listSnapshots } from './snapshots';
import { purgedOf } from './purge-journal';
import { throwIfCancelled, type JobOptions } from '../jobs/cancel';
import { makeThumbnail } from '../intake/probe';
import { listLeftovers, removeLeftovers } from '../export/leftovers';
import { sizeText } from '../../shared/names';

export type VerifyProblemKind =
  | 'database'
  | 'foreign_key'
  | 'missing_file'
  | 'hash_mismatch'
  | 'size_mismatch'
  | 'linked_file'
  | 'thumbnail';

export interface VerifyProblem {
  kind: VerifyProblemKind;
  message: string;
  sha256?: string;
}

export interface VerifyReport {
  ok: boolean;
  files: number;
  bytes: number;
  problems: VerifyProblem[];
  /** Harmless leftovers and what --fix would do about them. */
  notices: string[];
  /** Stored originals no item refers to (an interrupted import; files stored after a restored snapshot). */
  unreferenced: string[];
  /** What --fix and --repair did. */
  fixed: string[];
}

export interface VerifyOptions extends JobOptions {
  /** Remove what is provably safe to remove and rebuild thumbnails. */
  fix?: boolean;
  /** Folders holding the clerk's originals: damaged or missing stored files are restored from them. */
  repairFrom?: string[];
  /** Folders exports were written to: leftovers of killed exports there are reported (and removed with fix). */
  exportFolders?: string[];
}

const SHA_RE = /^[0-9a-f]{64}$/;

export async function verifyArchive(archive: Archive, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const writes = opts.fix || (opts.repairFrom?.length ?? 0) > 0;
  // Fixing removes files an import may be about to refer to: only as the archive's one writer.
  if (writes) return archive.writing(() => verifyUnlocked(archive, opts), { what: '校验修复', waitMs: 10_000 });
  return verifyUnlocked(archive, opts);
}

async function verifyUnlocked(archive: Archive, opts: VerifyOptions): Promise<VerifyReport> {
  const report: VerifyReport = { ok: true, files: 0, bytes: 0, problems: [], notices: [], unreferenced: [], fixed: [] };
  const problems = report.problems;
  await checkDatabase(archive.db, problems);

  const rows = await archive.db
    .all<{ sha256: string; size: number; has_thumb: number; type: string }>(sql`SELECT sha256, size, has_thumb, type FROM blobs ORDER BY sha256`)
    .catch(() => null);
  if (!rows) return originalsByName(archive, report, opts);
  const blobs = rows.filter((b) => {
    if (SHA_RE.test(String(b.sha256))) return true;
    problems.push({ kind: 'database', message: `数据库中有一条文件记录的哈希值无效（${String(b.sha256).slice(0, 80)}），请从快照恢复数据库。` });
    return false;
  });
  report.files = blobs.length;
  const which = async (sha256: string) => {
    const uses = await archive.db.all<{ name: string; title: string }>(
      sql`SELECT f.name, i.title FROM files f JOIN items i ON i.id = f.item_id WHERE f.sha256 = ${sha256} LIMIT 3`,
    );
    const names = uses.map((u) => `《${u.title}》中的“${u.name}”`).join('、');
    return `${names || '未登记的文件'}（${blobRel(sha256)}）`;
  };

  const damaged: { sha256: string; size: number }[] = [];
  let done = 0;
  for (const b of blobs) {
    throwIfCancelled(opts.signal);
    const abs = archive.store.abs(blobRel(b.sha256));
    const st = await fs.lstat(abs).catch(() => null);
    let bad: VerifyProblem | null = null;
    if (!st) bad = { kind: 'missing_file', sha256: b.sha256, message: `存储的文件丢失：${await which(b.sha256)}` };
    else if (st.isSymbolicLink() || !st.isFile()) {
      bad = { kind: 'linked_file', sha256: b.sha256, message: `存储的文件被替换成了${st.isSymbolicLink() ? '链接' : '非普通文件'}：${await which(b.sha256)}` };
    } else if (st.size !== b.size) {
      bad = { kind: 'size_mismatch', sha256: b.sha256, message: `文件大小已改变：${await which(b.sha256)}，应为 ${b.size} 字节，实为 ${st.size}` };
    } else {
      const h = await hashFile(abs, opts.signal);
      if (h.sha256 !== b.sha256) bad = { kind: 'hash_mismatch', sha256: b.sha256, message: `文件内容已被改动：${await which(b.sha256)}` };
      else report.bytes += h.size;
    }
    if (bad) {
      problems.push(bad);
      damaged.push(b);
    }
    await checkThumbnail(archive, b, !bad, opts.fix === true, report);
    opts.onProgress?.({ phase: '校验文件', done: ++done, total: blobs.length });
  }
  await explainPurged(archive, problems);
  if (opts.repairFrom?.length && damaged.length) await repairFrom(archive, damaged, opts.repairFrom, report, opts);
  // Photos that could not be hashed for 一图多用 (missing, damaged) are tried again once repaired.
  if (opts.fix || opts.repairFrom?.length) await archive.db.transaction((tx) => tx.run(sql`UPDATE blobs SET phash = NULL WHERE phash = ${NO_HASH}`));

  await findLeftovers(archive, new Set(blobs.map((b) => b.sha256)), opts.fix === true, report);
  for (const folder of opts.exportFolders ?? []) await exportLeftovers(folder, opts.fix === true, report);
  report.ok = report.problems.length === 0;
  return report;
}

/**
 * A file missing because 彻底删除 deleted it while an older snapshot, restored since, still lists
 * it: still a problem (the evidence is gone), but said as what happened, not as a loss to search for.
 */
async function explainPurged(archive: Archive, problems: VerifyProblem[]): Promise<void> {
  const missing = problems.filter((p) => p.kind === 'missing_file' && p.sha256);
  if (!missing.length) return;
  const purged = await purgedOf(archive.dir, missing.map((p) => p.sha256!));
  for (const p of missing) {
    const line = purged.get(p.sha256!);
    if (!line) continue;
    p.message = `${p.message}：它已于 ${line.at.slice(0, 10)} 在回收站中彻底删除，当前数据库来自彻底删除之前的快照，档案中已没有这份原件。请用 verify --repair 从原件所在的文件夹恢复，或把这件材料删除后在回收站中彻底删除。`;
  }
}

/**
 * The database cannot list the files: each stored original is still checked against the hash it
 * is named by, so the clerk learns whether the evidence itself is intact before restoring.
 */
async function originalsByName(archive: Archive, report: VerifyReport, opts: JobOptions): Promise<VerifyReport> {
  const names = await archive.store.list();
  let good = 0;
  let done = 0;
  for (const sha of names) {
    throwIfCancelled(opts.signal);
    const abs = archive.store.abs(blobRel(sha));
    const st = await fs.lstat(abs).catch(() => null);
    const h = st?.isFile() ? await hashFile(abs, opts.signal).catch(() => null) : null;
    if (h?.sha256 === sha) {
      good++;
      report.bytes += h.size;
    } else report.problems.push({ kind: 'hash_mismatch', sha256: sha, message: `文件内容与名称不符：${blobRel(sha)}` });
    opts.onProgress?.({ phase: '校验文件', done: ++done, total: names.length });
  }
  report.files = names.length;
  report.problems.unshift({ kind: 'database', message: '档案数据库无法读取，已损坏。请用 taizhang restore 从快照恢复。' });
  report.notices.push(`files/ 中的 ${good} 个原件与其哈希一致，完好无损。`);
  report.ok = false;
  return report;
}

async function checkDatabase(db: Db, problems: VerifyProblem[]): Promise<void> {
  const integrity = await db.all<{ integrity_check: string }>(trustedSql('PRAGMA integrity_check')).catch((e: Error) => [{ integrity_check: e.message }]);
  if (integrity.length !== 1 || integrity[0].integrity_check !== 'ok') {
    for (const r of integrity.slice(0, 20)) problems.push({ kind: 'database', message: `数据库完整性检查失败：${r.integrity_check}。请用 taizhang restore 从快照恢复（原件不受影响）。` });
  }
  const fk = await db.all<{ table: string; rowid: number; parent: string }>(trustedSql('PRAGMA foreign_key_check')).catch(() => []);
  for (const r of fk) problems.push({ kind: 'foreign_key', message: `数据库引用错误：${r.table} 第 ${r.rowid} 行指向不存在的 ${r.parent}` });
}

/** A thumbnail is a cache: a missing, linked or stale one is a problem only until --fix rebuilds it. */
async function checkThumbnail(
  archive: Archive,
  b: { sha256: string; has_thumb: number },
  originalGood: boolean,
  fix: boolean,
  report: VerifyReport,
): Promise<void> {
  if (!b.has_thumb) return;
  const rel = thumbRel(b.sha256);
  const abs = archive.store.abs(rel);
  const st = await fs.lstat(abs).catch(() => null);
  if (st?.isFile() && st.size > 0) return;
  const what = !st ? '缺失' : st.isSymbolicLink() ? '被替换成了链接' : '已损坏';
  if (fix && originalGood) {
    await fs.rm(abs, { force: true, recursive: false }).catch(() => undefined);
    if (await makeThumbnail(archive.store.abs(blobRel(b.sha256)), abs)) {
      report.fixed.push(`已重建缩略图 ${rel}`);
      return;
    }
  }
  report.problems.push({ kind: 'thumbnail', sha256: b.sha256, message: `缩略图${what}：${rel}。运行 taizhang verify --fix 可重建。` });
}

/** Restores damaged or missing stored files from the clerk's originals, matched by size, then hash. */
async function repairFrom(archive: Archive, damaged: { sha256: string; size: number }[], folders: string[], report: VerifyReport, opts: JobOptions): Promise<void> {
  const wanted = new Map<number, Set<string>>();
  for (const d of damaged) wanted.set(d.size, (wanted.get(d.size) ?? new Set()).add(d.sha256));
  const restored = new Set<string>();
  const root = await fs.realpath(archive.dir).catch(() => archive.dir);
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 64 || restored.size === damaged.length) return;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      throwIfCancelled(opts.signal);
      const abs = path.join(dir, e.name);
      // Regular files and real folders only: no links, and never the archive's own store.
      if (e.isDirectory()) {
        if (abs !== root && !abs.startsWith(root + path.sep)) await walk(abs, depth + 1);
        continue;
      }
      if (!e.isFile()) continue;
      const st = await fs.lstat(abs).catch(() => null);
      const shas = st && wanted.get(st.size);
      if (!shas) continue;
      const h = await hashFile(abs).catch(() => null);
      if (!h || !shas.has(h.sha256) || restored.has(h.sha256)) continue;
      const put = await archive.store.put(abs, { signal: opts.signal });
      if (put.sha256 === h.sha256 && (await isGoodCopy(archive.store.abs(put.rel), put.sha256, put.size))) {
        restored.add(h.sha256);
        report.fixed.push(`已用原件修复 ${put.rel}（${abs}）`);
      }
    }
  };
  for (const f of folders) await walk(path.resolve(f), 0);
  report.problems = report.problems.filter((p) => !(p.sha256 && restored.has(p.sha256) && p.kind !== 'thumbnail'));
  const left = damaged.filter((d) => !restored.has(d.sha256)).length;
  if (restored.size) report.notices.push(`已用原件修复 ${restored.size} 个损坏或丢失的文件。`);
  if (left) report.notices.push(`还有 ${left} 个损坏或丢失的文件在所给的文件夹中没有找到原件。`);
}

/**
 * What the store holds beyond the database: originals nothing refers to, thumbnails of nothing,
 * parts of killed imports and thumbnail writes. --fix removes an unreferenced original only when
 * no snapshot refers to it either (a restored snapshot may still want it back).
 */
async function findLeftovers(archive: Archive, known: Set<string>, fix: boolean, report: VerifyReport): Promise<void> {
  const orphans = (await archive.store.list()).filter((s) => !known.has(s));
  report.unreferenced = orphans.map((s) => blobRel(s));
  if (orphans.length) {
    const inSnapshots = await snapshotBlobs(archive.dir);
    const removable = inSnapshots ? orphans.filter((s) => !inSnapshots.has(s)) : [];
    if (fix) {
      for (const s of removable) await archive.store.remove(s);
      if (removable.length) report.fixed.push(`已删除 ${removable.length} 个未登记、快照中也没有的存储文件（中断的导入留下的）`);
    }
    const kept = fix ? orphans.length - removable.length : orphans.length;
    if (kept) {
      report.notices.push(
        `有 ${kept} 个已存储但未登记的文件${fix ? `（${inSnapshots ? '快照中还登记着它们' : '有快照无法读取，不能确定它们没有用'}，未删除）` : '（中断的导入或恢复快照后留下的），运行 taizhang verify --fix 可清理快照中也没有的那些'}。`,
      );
    }
  }
  const thumbs = await listDir2(path.join(archive.dir, 'thumbs'));
  const staleThumbs = thumbs.filter((t) => {
    const m = /^([0-9a-f]{64})\.jpg$/.exec(path.basename(t));
    return !m || !known.has(m[1]);
  });
  const parts = [...(await listDir1(path.join(archive.dir, 'tmp')))];
  const leftovers = [...staleThumbs, ...parts];
  if (leftovers.length) {
    if (fix) {
      for (const l of leftovers) await fs.rm(l, { force: true, recursive: true });
      report.fixed.push(`已清理 ${leftovers.length} 个临时文件和多余的缩略图`);
    } else {
      report.notices.push(`有 ${parts.length} 个中断的导入留下的临时文件、${staleThumbs.length} 个多余的缩略图，运行 taizhang verify --fix 可清理。`);
    }
  }
}

/** Parts and work folders of killed exports; only those whose writer is gone are removed. */
async function exportLeftovers(folder: string, fix: boolean, report: VerifyReport): Promise<void> {
  const found = await listLeftovers(folder);
  if (!found.length) return;
  if (fix) {
    const removed = await removeLeftovers(folder);
    if (removed.length) report.fixed.push(`已删除导出文件夹 ${folder} 中 ${removed.length} 个中断的导出留下的临时文件（${sizeText(removed.reduce((n, l) => n + l.size, 0))}）`);
    const left = found.length - removed.length;
    if (left) report.notices.push(`导出文件夹 ${folder} 中有 ${left} 个临时文件属于正在进行的导出，未删除。`);
    return;
  }
  report.notices.push(
    `导出文件夹 ${folder} 中有 ${found.length} 个中断的导出留下的临时文件（${sizeText(found.reduce((n, l) => n + l.size, 0))}），下次导出到这里或运行 taizhang verify --fix 时会清理。`,
  );
}

async function listDir1(dir: string): Promise<string[]> {
  return (await fs.readdir(dir).catch(() => [] as string[])).map((n) => path.join(dir, n));
}

async function listDir2(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const sub of await listDir1(dir)) out.push(...(await listDir1(sub)));
  return out;
}

/** Every sha256 any snapshot's database refers to; null when a snapshot cannot be read (then nothing is provably unused). */
async function snapshotBlobs(dir: string): Promise<Set<string> | null> {
  const out = new Set<string>();
  for (const s of await listSnapshots(dir)) {
    const db = await Db.open(s.file, 'readonly').catch(() => null);
    if (!db) return null;
    try {
      const rows = await db.all<{ sha256: string }>(sql`SELECT sha256 FROM blobs`).catch(() => null);
      if (!rows) return null;
      for (const r of rows) out.add(r.sha256);
    } finally {
      await db.close().catch(() => undefined);
    }
  }
  return out;
}
