// Collecting from the departments (责任单位): who owes evidence for which indicator and by when,
// the packets sent out and received back, what the 创建办 decided on each submitted item, the
// accounts of the LAN server and its audit log.
// - Every item gets a uid that stays the same across archives: a returned item goes out in a
//   packet, comes back corrected, and replaces its earlier version by it.
// - The archive gets an identity of its own (archive_uid): a return packet names the archive it
//   answers and is refused by any other.
// - Departments are named by the indicators' 责任单位; a row here exists once the clerk has given
//   one a contact, a deadline or a packet (so renaming an indicator's text loses nothing stored).
export const name = 'collection';
export const up = `
ALTER TABLE campaign ADD COLUMN archive_uid TEXT NOT NULL DEFAULT '';
UPDATE campaign SET archive_uid = lower(hex(randomblob(16)));
-- office: the 创建办's archive; department: a packet opened by a department (填报模式).
ALTER TABLE campaign ADD COLUMN mode TEXT NOT NULL DEFAULT 'office' CHECK (mode IN ('office', 'department'));
-- 0: only items the 创建办 accepted count; 1: everything submitted (not returned) counts.
ALTER TABLE campaign ADD COLUMN count_submitted INTEGER NOT NULL DEFAULT 0 CHECK (count_submitted IN (0, 1));

ALTER TABLE items ADD COLUMN uid TEXT;
UPDATE items SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX items_uid ON items(uid);
-- Every way an item is made (import, split, a merged packet without one) gets its uid here.
CREATE TRIGGER items_uid_fill AFTER INSERT ON items WHEN NEW.uid IS NULL
BEGIN UPDATE items SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  contact TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  -- What the 创建办 tells this department (printed in its packet and on the 催报单).
  note TEXT NOT NULL DEFAULT '',
  -- Signs the packets exchanged with this department (HMAC-SHA256), given to it in its task packet.
  packet_key TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

-- A department × indicator pair the clerk has said something about. Pairs named by an indicator's
-- 责任单位 exist without a row; assigned = 1 adds a pair the 责任单位 does not name.
CREATE TABLE assignments (
  department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  assigned INTEGER NOT NULL DEFAULT 0 CHECK (assigned IN (0, 1)),
  deadline TEXT,
  note TEXT NOT NULL DEFAULT '',
  -- The department's 结论性说明 as last received.
  conclusion TEXT NOT NULL DEFAULT '',
  submitted_at TEXT,
  -- The whole assignment returned (退回) with a reason, and when.
  returned_reason TEXT NOT NULL DEFAULT '',
  returned_at TEXT,
  PRIMARY KEY (department_id, indicator_id)
);
CREATE INDEX assignments_indicator ON assignments(indicator_id);

-- Who submitted an item and what the 创建办 decided. NULL submitted_by: the 创建办's own item.
ALTER TABLE items ADD COLUMN submitted_by INTEGER REFERENCES departments(id);
ALTER TABLE items ADD COLUMN submitted_at TEXT;
ALTER TABLE items ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE items ADD COLUMN review TEXT CHECK (review IS NULL OR review IN ('pending', 'accepted', 'returned'));
ALTER TABLE items ADD COLUMN review_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN reviewed_at TEXT;
ALTER TABLE items ADD COLUMN reviewed_by TEXT NOT NULL DEFAULT '';
CREATE INDEX items_submitted ON items(submitted_by, review);

-- An item's earlier versions, replaced by a corrected submission: the item and its files as JSON.
CREATE TABLE item_versions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  replaced_at TEXT NOT NULL,
  snapshot TEXT NOT NULL
);
CREATE INDEX item_versions_item ON item_versions(item_id, version);

-- Packets written (out: a 任务包; back: a 回传包 merged). A return packet names the task packet it
-- answers and its own sequence number: one already merged, or older than one merged, changes nothing.
CREATE TABLE packets (
  id TEXT PRIMARY KEY,
  department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
  direction TEXT NOT NULL CHECK (direction IN ('out', 'back')),
  task_id TEXT,
  sequence INTEGER NOT NULL DEFAULT 0,
  at TEXT NOT NULL,
  sha256 TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX packets_department ON packets(department_id, direction, sequence);

-- Accounts of the LAN server.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('office', 'department', 'reviewer')),
  department_id INTEGER REFERENCES departments(id),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  CHECK ((role = 'department') = (department_id IS NOT NULL))
);

-- Every write, by whom, through which door: the 创建办 reads it in the interface.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user TEXT NOT NULL,
  role TEXT NOT NULL,
  department TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  detail TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
`;
