// A pdfkit document's bytes once it ends, for the sheets written whole into memory (box sheets,
// the 催报单) and then to their file atomically.

/** Starts collecting at once (before anything is drawn); resolves when doc.end() has flushed. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // A run stopped before doc.end() (cancelled, failed) never settles it: no unhandled rejection.
  ended.catch(() => undefined);
  return ended;
}
