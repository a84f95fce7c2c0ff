// The one shape every indicator-table format is read into (xlsx, xls, csv, a Word table), so the
// same analysis and the same preview serve them all: a grid of visual cells where a merged area
// reads as its master's text everywhere and every cell of it knows the whole area.

export interface GridCell {
  text: string;
  /** Identifies one visual cell: the address of the merge master (the cell itself when not merged). */
  master: string;
  merged: boolean;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** One sheet (or one Word table), rows and columns 1-based. */
export interface SheetGrid {
  name: string;
  grid: GridCell[][];
  cols: number;
  hidden?: boolean;
}

export interface MergeBox {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const EMPTY_CELL: GridCell = { text: '', master: '', merged: false, top: 0, bottom: 0, left: 0, right: 0 };
/** The cell at row r, column c; outside the sheet an empty one. */
export const at = (grid: GridCell[][], r: number, c: number): GridCell => grid[r]?.[c] ?? EMPTY_CELL;

/** A-Z, AA … as Excel names columns; the clerk sets roles by these letters. */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function columnIndex(letter: string): number | null {
  if (!/^[A-Z]{1,3}$/i.test(letter)) return null;
  return [...letter.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

/** The grid of plain values (rows[r-1][c-1]) with merge areas; a merge takes its top-left value. */
export function buildGrid(name: string, rows: string[][], merges: MergeBox[], maxCols: number): SheetGrid {
  const cols = Math.min(maxCols, Math.max(0, ...rows.map((r) => r.length), ...merges.map((m) => m.right)));
  const nrows = Math.max(rows.length, ...merges.map((m) => m.bottom), 0);
  const grid: GridCell[][] = [[]];
  for (let r = 1; r <= nrows; r++) {
    const line: GridCell[] = [];
    for (let c = 1; c <= cols; c++) {
      const master = `${columnLetter(c)}${r}`;
      line[c] = { text: (rows[r - 1]?.[c - 1] ?? '').trim(), master, merged: false, top: r, bottom: r, left: c, right: c };
    }
    grid[r] = line;
  }
  for (const m of merges) {
    if (m.bottom === m.top && m.right === m.left) continue;
    const right = Math.min(m.right, cols);
    if (m.left > right) continue;
    const master = grid[m.top][m.left];
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= right; c++) {
        grid[r][c] = { text: master.text, master: master.master, merged: true, top: m.top, bottom: m.bottom, left: m.left, right };
      }
    }
  }
  return { name, grid, cols };
}
