// The dossier's images at print size, and the queue that makes them ahead of the page being
// written. The layout pass records every image it places (which file, how large) in print
// order; the write pass then keeps the next ones decoding and downscaling on the other cores
// (sharp works on libuv's threads) while the main thread writes the current page, so the
// export costs little more than the downscaling itself.
import os from 'node:os';
import sharp from 'sharp';
import type { Archive } from '../../archive/archive';

/** One image as the dossier prints it: the stored original fitted into a box of pixels. */
export interface ImageRequest {
  storePath: string;
  width: number;
  height: number;
}

/** The request for drawing a file into a box of `widthPt` × `heightPt` at the chosen resolution. */
export function imageRequest(storePath: string, widthPt: number, heightPt: number, dpi: number): ImageRequest {
  const px = (pt: number) => Math.max(16, Math.round((pt / 72) * dpi));
  return { storePath, width: px(widthPt), height: px(heightPt) };
}

/** Downscaled to its box, upright, on white, as JPEG; the original stays untouched. */
export async function printImage(archive: Archive, r: ImageRequest, quality: number): Promise<Buffer> {
  return sharp(await archive.store.checkedAbs(r.storePath), { failOn: 'error' })
    .rotate()
    .resize({ width: r.width, height: r.height, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality, mozjpeg: false })
    .toBuffer();
}

function same(a: ImageRequest, b: ImageRequest): boolean {
  return a.storePath === b.storePath && a.width === b.width && a.height === b.height;
}

/**
 * Images made in print order ahead of the writer: as many at a time as the machine has cores,
 * and no more made and not yet drawn than `window` images or `maxBytes` of JPEG, so memory stays
 * flat however many photos the dossier has. The cap is high enough that the cores keep working
 * through the whole layout pass, which places pages far faster than images are made. Requests are added as the layout pass places them (`plan`), so the first images
 * are made while the layout pass is still running; the write pass then `take`s them in order.
 */
export class ImageQueue {
  private readonly requests: ImageRequest[] = [];
  private readonly made = new Map<number, Promise<Buffer>>();
  /** Index of the request the writer asks for next. */
  private next = 0;
  /** Requests before this index have been started (or skipped). */
  private started = 0;
  private running = 0;
  /** JPEG bytes made and not yet taken. */
  private held = 0;
  private stopped = false;
  /** Images made at a time: none until `begin` (a layout made only for its page numbers makes none). */
  private lanes = 0;

  constructor(
    private readonly make: (r: ImageRequest) => Promise<Buffer>,
    private readonly window = 2000,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  /** From now on images are made ahead, `lanes` at a time (one per core by default). */
  begin(lanes = Math.max(1, os.availableParallelism())): void {
    this.lanes = lanes;
    this.fill();
  }

  /** The layout pass placed this image: it will be asked for after the ones planned before it. */
  plan(r: ImageRequest): void {
    this.requests.push(r);
    this.fill();
  }

  /** The image for `r`: made ahead when it is the one expected, else now. */
  take(r: ImageRequest): Promise<Buffer> {
    const i = this.next;
    if (this.stopped || i >= this.requests.length || !same(this.requests[i], r)) {
      // The write pass asked for something the layout pass did not place there: not expected,
      // but then the queue no longer knows what comes next and stops guessing.
      this.stop();
      return this.make(r);
    }
    this.next++;
    const made = this.made.get(i);
    this.made.delete(i);
    if (!made) {
      this.fill();
      return this.make(r);
    }
    return made.then(
      (b) => {
        this.held -= b.length;
        this.fill();
        return b;
      },
      (e: unknown) => {
        this.fill();
        throw e;
      },
    );
  }

  /** Nothing more is started; what is in flight ends on its own and is dropped. */
  stop(): void {
    this.stopped = true;
    this.made.clear();
    this.held = 0;
  }

  private fill(): void {
    this.started = Math.max(this.started, this.next);
    while (!this.stopped && this.running < this.lanes && this.started < this.requests.length && this.started - this.next < this.window && this.held < this.maxBytes) {
      const k = this.started++;
      this.running++;
      const p = this.make(this.requests[k]);
      // Seen by the writer when it takes it; a queue stopped early must not leave it unhandled.
      p.then(
        (b) => {
          this.running--;
          // Held until taken (this handler runs before the one `take` adds; a stopped queue holds nothing).
          if (!this.stopped) this.held += b.length;
          this.fill();
        },
        () => {
          this.running--;
          this.fill();
        },
      );
      this.made.set(k, p);
    }
  }
}
