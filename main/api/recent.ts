// The archives opened lately, newest first, kept in the app's own folder (not in any archive:
// an archive on a USB stick should not carry the clerk's other paths). Each keeps its campaign's
// name as it was when last opened, so the list reads as the clerk knows the archives (every
// archive folder tends to be called 档案) without opening any of them.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RecentArchive } from '../../shared/api';

const MAX = 10;

export class RecentArchives {
  private readonly file: string;
  constructor(stateDir: string) {
    this.file = path.join(stateDir, 'recent-archives.json');
  }

  async list(): Promise<RecentArchive[]> {
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(this.file, 'utf8'));
      if (!Array.isArray(parsed)) return [];
      const entries = parsed.map((e: unknown): RecentArchive | null => {
        // Earlier versions kept the bare paths: the campaign name comes back at the next opening.
        if (typeof e === 'string') return { dir: e, name: '' };
        if (e && typeof e === 'object' && typeof (e as RecentArchive).dir === 'string') {
          const { dir, name } = e as RecentArchive;
          return { dir, name: typeof name === 'string' ? name : '' };
        }
        return null;
      });
      return entries.filter((e): e is RecentArchive => e != null).slice(0, MAX);
    } catch {
      return [];
    }
  }

  async add(dir: string, name: string): Promise<void> {
    const list = [{ dir, name }, ...(await this.list()).filter((d) => d.dir !== dir)].slice(0, MAX);
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(list, null, 2));
    await fs.rename(tmp, this.file);
  }
}
