// The text read from each stored file, page by page: a PDF's own text layer, or offline OCR of a
// scan or a photo of a document, with the line boxes (a searchable dossier prints them back at
// their places). Kept per original (sha256), like the file's other facts; text_state says where
// reading stands, so the background reader resumes after a restart; signed_rows is the number of
// signed rows read on a sign-in sheet.
export const name = 'page-text';
export const up = `
ALTER TABLE blobs ADD COLUMN text_state TEXT CHECK (text_state IN ('pending','done','scene','failed'));
ALTER TABLE blobs ADD COLUMN text_error TEXT;
ALTER TABLE blobs ADD COLUMN signed_rows INTEGER;
CREATE INDEX blobs_text_state ON blobs(text_state) WHERE text_state IS NOT NULL;
CREATE TABLE blob_pages (
  sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE CASCADE,
  page INTEGER NOT NULL CHECK (page >= 1),
  source TEXT NOT NULL CHECK (source IN ('pdf','ocr')),
  engine TEXT NOT NULL DEFAULT '',
  width REAL NOT NULL,
  height REAL NOT NULL,
  text TEXT NOT NULL,
  lines TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (sha256, page)
);
`;
