// 网报 (online reporting): upload portals refuse photos over a size limit, so the package can
// carry re-encoded copies — upright (EXIF orientation applied), long edge at most maxEdge,
// JPEG quality lowered, then the size, until the bytes fit. Everything else stays original.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { FileType, StoredFile } from '../../../shared/domain';

// Same settings as intake (probe.ts): no operation cache, one libvips thread per image; the
// libuv pool runs several images at once.
sharp.cache(false);
sharp.concurrency(1);

export interface WebLimits {
  maxBytes: number;
  maxEdge: number;
}

/** Raster types sharp decodes and a portal takes as a photo once turned into JPEG. */
const ENCODABLE: ReadonlySet<FileType> = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif']);
const IMAGES: ReadonlySet<FileType> = new Set([...ENCODABLE, 'bmp', 'heic']);

/** What the package carries for one original in 网报 mode. */
export type WebCopy =
  | { kind: 'original' }
  | { kind: 'encoded'; abs: string; sha256: string; size: number; width: number; height: number; quality: number }
  | { kind: 'failed'; reason: string };

/** Whether a stored file needs re-encoding for upload: an image too big, too large, or sideways. */
export function needsWebCopy(f: StoredFile, limits: WebLimits): boolean {
  if (!IMAGES.has(f.type)) return false;
  const edge = Math.max(f.width ?? 0, f.height ?? 0);
  return f.size > limits.maxBytes || edge > limits.maxEdge || (f.orientation != null && f.orientation > 1) || f.type === 'heic' || f.type === 'bmp';
}

const QUALITIES = [85, 78, 70, 62, 55, 48];

/**
 * Writes the upload copy of `srcAbs` to `outAbs` (JPEG). Tries the qualities in turn at the
 * allowed edge, then shrinks the edge by a fifth and tries again, until the bytes fit.
 */
export async function encodeForWeb(f: StoredFile, srcAbs: string, outAbs: string, limits: WebLimits): Promise<WebCopy> {
  if (!ENCODABLE.has(f.type) || f.warning) {
    return { kind: 'failed', reason: f.type === 'heic' ? 'HEIC 照片无法转换为 JPEG，已放入原件，网报平台可能不接受' : '图片无法转换，已放入原件，网报平台可能不接受' };
  }
  let edge = limits.maxEdge;
  try {
    for (let round = 0; round < 12; round++) {
      for (const quality of QUALITIES) {
        const { data, info } = await sharp(srcAbs, { failOn: 'error', autoOrient: true, limitInputPixels: 1e9 })
          .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
          .flatten({ background: '#ffffff' })
          .jpeg({ quality, mozjpeg: false, chromaSubsampling: '4:2:0' })
          .toBuffer({ resolveWithObject: true });
        if (data.length <= limits.maxBytes) {
          await fs.mkdir(path.dirname(outAbs), { recursive: true });
          await fs.writeFile(outAbs, data);
          return {
            kind: 'encoded',
            abs: outAbs,
            sha256: createHash('sha256').update(data).digest('hex'),
            size: data.length,
            width: info.width,
            height: info.height,
            quality,
          };
        }
      }
      edge = Math.max(64, Math.floor(edge * 0.8));
    }
    return { kind: 'failed', reason: `照片无法压缩到 ${(limits.maxBytes / 1024 / 1024).toFixed(1)} MB 以内，已放入原件` };
  } catch {
    return { kind: 'failed', reason: '图片无法解码，已放入原件，网报平台可能不接受' };
  }
}
