// The first schema. Migrations are append-only: never edit one that has shipped, add the next.
export const name = 'initial';
export const up = `
CREATE TABLE campaign (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  fonds TEXT NOT NULL DEFAULT '',
  year INTEGER,
  window_start TEXT,
  window_end TEXT,
  retention TEXT NOT NULL DEFAULT 'D30' CHECK (retention IN ('Y', 'D30', 'D10')),
  org_code TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES indicators(id) ON DELETE RESTRICT,
  code TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  requirement TEXT NOT NULL DEFAULT '',
  score REAL,
  basis TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  target_count REAL,
  target_unit TEXT,
  level INTEGER NOT NULL CHECK (level >= 1),
  position INTEGER NOT NULL,
  removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))
);
CREATE INDEX indicators_parent ON indicators(parent_id, position);

-- One row per distinct content (SHA-256): what probing found is a property of the bytes.
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size INTEGER NOT NULL,
  type TEXT NOT NULL,
  mime TEXT NOT NULL DEFAULT 'application/octet-stream',
  pages INTEGER,
  width INTEGER,
  height INTEGER,
  orientation INTEGER,
  exif_time TEXT,
  encrypted INTEGER NOT NULL DEFAULT 0,
  warning TEXT,
  has_thumb INTEGER NOT NULL DEFAULT 0,
  text TEXT,
  stored_at TEXT NOT NULL
);

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('meeting','activity','training','document','plan','report','photos','other')),
  title TEXT NOT NULL,
  date TEXT,
  location TEXT NOT NULL DEFAULT '',
  responsible TEXT NOT NULL DEFAULT '',
  doc_number TEXT NOT NULL DEFAULT '',
  participants INTEGER,
  description TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  secrecy TEXT NOT NULL DEFAULT '',
  retention TEXT CHECK (retention IS NULL OR retention IN ('Y', 'D30', 'D10')),
  source TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX items_date ON items(date);

CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('body','notice','signin','minutes','photo','attachment')),
  position INTEGER NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  caption_title TEXT NOT NULL DEFAULT '',
  caption_time TEXT NOT NULL DEFAULT '',
  caption_place TEXT NOT NULL DEFAULT '',
  caption_people TEXT NOT NULL DEFAULT '',
  caption_subject TEXT NOT NULL DEFAULT '',
  caption_photographer TEXT NOT NULL DEFAULT ''
);
CREATE INDEX files_item ON files(item_id, position);
CREATE INDEX files_sha ON files(sha256);

CREATE TABLE links (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE RESTRICT,
  position INTEGER NOT NULL,
  PRIMARY KEY (item_id, indicator_id)
);
CREATE INDEX links_indicator ON links(indicator_id, position);

-- Full-text search. trigram finds any substring of three or more characters, which is what
-- Chinese needs (no word breaks); shorter queries fall back to a substring scan (see search.ts).
CREATE VIRTUAL TABLE search USING fts5(text, item_id UNINDEXED, file_id UNINDEXED, field UNINDEXED, tokenize = 'trigram');
`;
