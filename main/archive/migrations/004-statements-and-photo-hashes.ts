// The clerk's statement per indicator (结论性说明, 自评分, 实际完成 with its reason), kept by the
// indicator's id so renumbering keeps it; and a perceptual hash per image, so a photo filed
// twice under different names or sizes is found (computed lazily by the self-check).
export const name = 'statements-and-photo-hashes';
export const up = `
CREATE TABLE indicator_statements (
  indicator_id INTEGER PRIMARY KEY REFERENCES indicators(id) ON DELETE CASCADE,
  conclusion TEXT NOT NULL DEFAULT '',
  self_score REAL,
  actual REAL,
  actual_reason TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  actor TEXT NOT NULL DEFAULT ''
);
ALTER TABLE blobs ADD COLUMN phash TEXT;
`;
