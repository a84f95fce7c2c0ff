// What was dropped: the desktop needs only the top-level files and folders (the shell knows their
// real paths); a browser must read every file, so folders are walked with webkitGetAsEntry and
// each file keeps its path inside the dropped folder (the import maps folder names to indicators).
import { isDesktop } from '../../api/client';

export interface Dropped {
  files: File[];
  /** Path of each file relative to the drop, with '/' (e.g. 三、科普活动/2023-03-08 培训/签到.jpg). */
  relativePaths: string[] | undefined;
}

/** True when a drag carries files (not text or a link). */
export function hasFiles(dt: DataTransfer | null): boolean {
  return !!dt && Array.from(dt.types).includes('Files');
}

/** Reads a drop. Call it synchronously in the drop handler: the entries are only valid there. */
export function readDrop(dt: DataTransfer): Promise<Dropped> {
  if (isDesktop) return Promise.resolve({ files: Array.from(dt.files), relativePaths: undefined });
  const entries = Array.from(dt.items)
    .filter((i) => i.kind === 'file')
    .map((i) => i.webkitGetAsEntry?.() ?? null);
  if (entries.some((e) => e == null)) {
    // No entry API: plain files only.
    const files = Array.from(dt.files);
    return Promise.resolve({ files, relativePaths: files.map((f) => f.name) });
  }
  return walk(entries as FileSystemEntry[]);
}

async function walk(roots: FileSystemEntry[]): Promise<Dropped> {
  const files: File[] = [];
  const relativePaths: string[] = [];
  const visit = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      if (skip(entry.name)) return;
      files.push(file);
      relativePaths.push(prefix + entry.name);
    } else if (entry.isDirectory) {
      const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
      children.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
      for (const c of children) await visit(c, `${prefix}${entry.name}/`);
    }
  };
  for (const r of roots) await visit(r, '');
  return { files, relativePaths };
}

/** readEntries returns at most 100 entries a call: read until it returns none. */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** System clutter that is never evidence. */
function skip(name: string): boolean {
  return name === '.DS_Store' || name === 'Thumbs.db' || name === 'desktop.ini' || name.startsWith('~$');
}

/** Files chosen with <input type=file> (webkitdirectory keeps the folder in webkitRelativePath). */
export function fromInput(list: FileList): Dropped {
  const files = Array.from(list).filter((f) => !skip(f.name));
  return { files, relativePaths: isDesktop ? undefined : files.map((f) => f.webkitRelativePath || f.name) };
}

/** The drag type of items dragged from the list (their ids, JSON): onto a tree node they are filed there. */
export const ITEMS_DRAG = 'application/x-taizhang-items';

/** True when a drag carries items of the list (readable on dragover, unlike the ids). */
export function isItemsDrag(dt: DataTransfer | null): boolean {
  return !!dt && Array.from(dt.types).includes(ITEMS_DRAG);
}

/** The ids an item drag carries (on drop). */
export function draggedItems(dt: DataTransfer): number[] {
  try {
    const ids = JSON.parse(dt.getData(ITEMS_DRAG)) as unknown;
    return Array.isArray(ids) ? ids.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
}
