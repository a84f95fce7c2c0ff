// DA/T 22: a title the archivist wrote (not taken from the document) prints in square brackets.
// Titles made from a folder name or a camera file's folder are such titles.
export const name = 'title-supplied';
export const up = `
ALTER TABLE items ADD COLUMN title_supplied INTEGER NOT NULL DEFAULT 0 CHECK (title_supplied IN (0, 1));
`;
