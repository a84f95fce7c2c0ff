// Paper as a clerk's evidence arrives: a 红头 notice photographed with a phone (rendered from the
// notice PDF, turned 3°, JPEG-compressed, with the phone's EXIF), and the same notice scanned into
// a PDF that has no text layer (one image a page). Made by the tests themselves, read by real OCR.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { makeNoticePdf, type NoticeOptions } from '../../main/demo/sample-files';

export const NOTICE: NoticeOptions = {
  office: '某县人民政府办公室',
  docNumber: '某政办〔2023〕5号',
  title: '关于开展2023年科普宣传周活动的通知',
  addressee: '各乡镇人民政府，县直各单位：',
  body: [
    '为提高全民科学素质，经县政府同意，决定于2023年5月开展科普宣传周活动。现将有关事项通知如下。',
    '一、各单位要高度重视，精心组织，确保活动取得实效。',
    '二、活动结束后请于5月31日前报送活动总结。',
  ],
  date: '2023-02-10',
};

/** The notice rendered at `dpi` and photographed: turned `angle`°, grey border, JPEG q70, EXIF of the day `taken`. */
export async function makeNoticePhoto(file: string, o: NoticeOptions = NOTICE, opts: { dpi?: number; angle?: number; taken?: string } = {}): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tz-render-'));
  try {
    const pdf = path.join(dir, 'notice.pdf');
    await makeNoticePdf(pdf, o);
    execFileSync('pdftoppm', ['-r', String(opts.dpi ?? 110), '-f', '1', '-l', '1', '-png', pdf, path.join(dir, 'page')]);
    const png = fs.readdirSync(dir).find((n) => n.endsWith('.png'))!;
    // Photographed the day it arrived, or on `taken` (an ISO date): the camera's date is not the notice's.
    const exif = `${(opts.taken ?? o.date).replace(/-/g, ':')} 15:20:00`;
    await sharp(path.join(dir, png))
      .rotate(opts.angle ?? 3, { background: '#d8d4cc' })
      .withExif({ IFD0: { Make: 'Xiaomi', Model: '23049RAD8C', DateTime: exif }, IFD2: { DateTimeOriginal: exif } })
      .jpeg({ quality: 70 })
      .toFile(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A scanner's PDF: each image a full A4 page, no text layer. */
export async function makeScanPdf(file: string, images: string[]): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, info: { Creator: 'Canon DR-C225 Scan' } });
  const done = new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(file);
    out.on('finish', resolve).on('error', reject);
    doc.pipe(out);
  });
  for (const img of images) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(img, 0, 0, { width: doc.page.width, height: doc.page.height });
  }
  doc.end();
  await done;
}
