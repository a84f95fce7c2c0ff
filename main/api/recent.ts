// The archives opened lately, newest first, kept in the app's own folder (not in any archive:
// an archive on a USB stick should not carry the clerk's other paths).
import fs from 'node:fs/promises';
import path from 'node:path';

const MAX = 10;

export class RecentArchives {
  private readonly file: string;
  constructor(stateDir: string) {
    this.file = path.join(stateDir, 'recent-archives.json');
  }

  async list(): Promise<string[]> {
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(this.file, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string').slice(0, MAX) : [];
    } catch {
      return [];
    }
  }

  async add(dir: string): Promise<void> {
    const list = [dir, ...(await this.list()).filter((d) => d !== dir)].slice(0, MAX);
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(list, null, 2));
    await fs.rename(tmp, this.file);
  }
}
