// An image as the OCR engines want it: upright as displayed, grey, no larger than needed.
import sharp from 'sharp';
import { TaizhangError } from '../../../shared/errors';

/**
 * The long side of the image the engines read. Measured with paddle on a sign-in sheet with 10
 * names photographed in a 3000×4000 frame: with the sheet filling three quarters of the frame's
 * height every size from 1024 up reads all 35 lines; with it filling half, 1024 reads 14 lines and
 * 1280 18 (the row numbers are lost; the names survive), 1600 and 2000 all 34. Processor time
 * grows with the pixels (one thread, per page: about 1.0 s at 1280, 1.5 s at 1600, 2.7 s at 2000).
 */
export const OCR_MAX_SIDE = 1600;

export interface PreparedImage {
  /** PNG, grey (in three equal channels, as ocr-common reads every image as RGBA), upright, long side at most OCR_MAX_SIDE. */
  image: Buffer;
  /** The upright image as displayed at full size (EXIF orientation applied): the space the boxes are given in. */
  width: number;
  height: number;
  /** Multiply a pixel position in `image` by this to get full-size displayed pixels (≥ 1). */
  scale: number;
}

export interface PrepareOptions {
  /** 1-based page of a multi-page TIFF (a scanned document); 1 by default. */
  page?: number;
  maxSide?: number;
}

export async function prepareForOcr(input: string | Buffer, opts: PrepareOptions = {}): Promise<PreparedImage> {
  const maxSide = opts.maxSide ?? OCR_MAX_SIDE;
  const page = (opts.page ?? 1) - 1;
  try {
    const pages = (await sharp(input).metadata()).pages ?? 1;
    if (page < 0 || page >= pages) throw new TaizhangError('BAD_INPUT', `这个文件只有 ${pages} 页，没有第 ${page + 1} 页。`);
    const meta = await sharp(input, { page }).metadata();
    if (!meta.width || !meta.height) throw new Error('no size');
    // Orientations 5–8 turn the stored pixels a quarter: the displayed width is the stored height.
    const turned = (meta.orientation ?? 1) >= 5;
    const width = turned ? meta.height : meta.width;
    const height = turned ? meta.width : meta.height;
    const k = Math.min(1, maxSide / Math.max(width, height));
    const w = Math.max(1, Math.round(width * k));
    const h = Math.max(1, Math.round(height * k));
    // failOn 'error' as at intake: a photo cut short by a failed copy is refused, not read as half a page of grey.
    const image = await sharp(input, { failOn: 'error', page })
      .rotate()
      .resize(w, h, { fit: 'fill' })
      .greyscale()
      .png({ compressionLevel: 1 })
      .toBuffer();
    return { image, width, height, scale: width / w };
  } catch (e) {
    throw e instanceof TaizhangError ? e : unreadable(e);
  }
}

/** The clerk's reason a file cannot be read: missing, not an image, or damaged. */
function unreadable(e: unknown): TaizhangError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/ENOENT|Input file is missing/.test(msg)) return new TaizhangError('NOT_FOUND', '找不到图片文件，无法识别文字：请检查文件是否已被移动或删除。');
  if (/unsupported image format/i.test(msg)) return new TaizhangError('BAD_INPUT', '不是可识别的图片格式，无法识别文字：请另存为 JPEG 或 PNG 后再导入。');
  return new TaizhangError('BAD_INPUT', '图片已损坏或不完整，无法识别文字：请重新拍摄或扫描后再导入。');
}
