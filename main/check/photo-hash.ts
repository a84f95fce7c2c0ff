// A perceptual hash of each image (dHash, 64 bits): a resized, recompressed or WeChat-forwarded
// copy of a photo hashes to within a few bits of the camera's original, where SHA-256 differs
// entirely. Made from the 320 px thumbnail (or the original when there is none), once per stored
// image, and cached in blobs.phash by whoever can write; a read-only archive computes it each time.
import sharp from 'sharp';
import { sql, sqlList } from '../archive/db';
import type { Archive } from '../archive/archive';
import { blobRel, thumbRel } from '../archive/store';
import { IMAGE_TYPES } from '../../shared/domain';

/** Stored in blobs.phash when the image could not be read to hash it (its file is missing or damaged). */
export const NO_HASH = '-';

/** 16 hex digits: for each of 8 rows, whether each of 8 pixels is brighter than its right neighbour. */
export async function dHash(input: Buffer | string): Promise<string> {
  const { data } = await sharp(input, { failOn: 'none' }).rotate().grayscale().resize(9, 8, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  let hex = '';
  for (let row = 0; row < 8; row++) {
    let byte = 0;
    for (let col = 0; col < 8; col++) byte = (byte << 1) | (data[row * 9 + col] > data[row * 9 + col + 1] ? 1 : 0);
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** Bits that differ between two hashes (0..64). */
export function hammingDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 16; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      d++;
    }
  }
  return d;
}

/**
 * The hash of every readable stored image, by SHA-256: cached ones read, missing ones made and
 * cached. A file that does not decode has no hash (its problem is reported elsewhere).
 */
export async function photoHashes(archive: Archive): Promise<Map<string, string>> {
  const types = [...IMAGE_TYPES];
  const rows = await archive.db.all<{ sha256: string; phash: string | null; has_thumb: number }>(
    sql`SELECT b.sha256, b.phash, b.has_thumb FROM blobs b WHERE b.type IN (${sqlList(types)}) AND b.warning IS NULL
      AND EXISTS (SELECT 1 FROM files f JOIN items i ON i.id = f.item_id WHERE f.sha256 = b.sha256 AND i.deleted_at IS NULL)`,
  );
  const out = new Map<string, string>();
  const made: { sha: string; hash: string }[] = [];
  for (const r of rows) {
    if (r.phash === NO_HASH) continue;
    if (r.phash) {
      out.set(r.sha256, r.phash);
      continue;
    }
    const source = r.has_thumb ? thumbRel(r.sha256) : blobRel(r.sha256);
    const hash = await archive.store
      .checkedAbs(source)
      .then((abs) => dHash(abs))
      .catch(() => null);
    // Not tried again on every self-check; verify --repair, which puts back a good copy, clears it.
    made.push({ sha: r.sha256, hash: hash ?? NO_HASH });
    if (hash) out.set(r.sha256, hash);
  }
  if (made.length && !archive.readOnly) {
    // A cache: another writer holding the archive, or a full disk, only means it is made again next time.
    await archive.db
      .transaction(async (tx) => {
        for (const m of made) await tx.run(sql`UPDATE blobs SET phash = ${m.hash} WHERE sha256 = ${m.sha} AND phash IS NULL`);
      })
      .catch(() => undefined);
  }
  return out;
}
