// Settings the clerk chose once and the app should remember (the column roles of an indicator
// table, for the next import of its revised version), and a change log: what was changed in the
// archive, when and by whom, for the 创建办 and for anyone asking later how the tree came to be.
export const name = 'settings-and-change-log';
export const up = `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE change_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX change_log_at ON change_log (at);
`;
