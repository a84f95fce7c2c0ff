// What offices' folders really hold, and what an import must do with it (issue 9, intake side):
// links out of the chosen folder, pipes and devices, a 2 GB scan, names from a Windows zip and
// trees deeper than the system's path limit. Each is filed or skipped with the true reason, and
// the import always finishes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Archive } from '../../main/archive/archive';
import { sql } from '../../main/archive/db';
import { listItems } from '../../main/archive/items-repo';
import { importPaths, type ImportReport } from '../../main/intake/import';
import { makeArchive } from '../helpers/archive';
import { runCli } from '../helpers/cli';
import { tmpDir } from '../helpers/tmp';

const root = tmpDir('tz-faults-intake-');
let serial = 0;

/** A folder the clerk chose, holding one ordinary file so that "the rest is filed" can be seen. */
function evidenceFolder(): string {
  const dir = path.join(root, `case-${++serial}`, '杂项材料');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '工作总结.txt'), `第 ${serial} 份工作总结。\n`);
  return dir;
}

interface Outcome {
  report: ImportReport;
  files: number;
  tmpLeft: string[];
  archive: Archive;
}

async function importInto(folder: string): Promise<Outcome> {
  const archive = await makeArchive(path.dirname(folder), 'archive');
  const report = await importPaths(archive, [folder]);
  const files = (await archive.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM files`))!.n;
  return { report, files, tmpLeft: fs.readdirSync(path.join(archive.dir, 'tmp')), archive };
}

/** '会议纪要' as a Chinese Windows zip writes it: GBK bytes, not UTF-8. */
const GBK_MINUTES = Buffer.from([0xbb, 0xe1, 0xd2, 0xe9, 0xbc, 0xcd, 0xd2, 0xaa]);
/** '推进会' in GBK. */
const GBK_MEETING = Buffer.from([0xcd, 0xc6, 0xbd, 0xf8, 0xbb, 0xe1]);

function bufPath(dir: string, ...names: (string | Buffer)[]): Buffer {
  return Buffer.concat([Buffer.from(dir), ...names.flatMap((n) => [Buffer.from('/'), Buffer.isBuffer(n) ? n : Buffer.from(n)])]);
}

interface Case {
  name: string;
  make: (dir: string) => void | (() => void);
  /** Files filed, the ordinary one included. */
  files: number;
  /** Files the import went through, when some were the same bytes as another. */
  seen?: number;
  skipped: { path: string; reason: RegExp }[];
  warnings?: RegExp[];
  titles?: string[];
}

const cases: Case[] = [
  {
    name: 'a link to a file outside the chosen folder is not followed',
    make: (d) => fs.symlinkSync('/etc/passwd', path.join(d, 'passwd')),
    files: 1,
    skipped: [{ path: '杂项材料/passwd', reason: /^链接指向所选文件夹之外（\/etc\/passwd），未导入/ }],
  },
  {
    name: 'a link to a folder outside the chosen folder is not followed',
    make: (d) => fs.symlinkSync('/etc', path.join(d, '系统配置')),
    files: 1,
    skipped: [{ path: '杂项材料/系统配置', reason: /^链接指向所选文件夹之外（\/etc），未导入/ }],
  },
  {
    name: 'a link that stays inside the chosen folder is followed',
    make: (d) => {
      fs.mkdirSync(path.join(d, '原件'));
      fs.writeFileSync(path.join(d, '原件', '方案.txt'), '实施方案\n');
      fs.symlinkSync(path.join('原件', '方案.txt'), path.join(d, '方案的快捷方式.txt'));
    },
    files: 2, // the shortcut is read, and found to be the same bytes as 方案.txt
    seen: 3,
    skipped: [],
  },
  {
    name: 'a link to /dev/zero is skipped, not read',
    make: (d) => fs.symlinkSync('/dev/zero', path.join(d, '照片.jpg')),
    files: 1,
    skipped: [{ path: '杂项材料/照片.jpg', reason: /^链接指向所选文件夹之外（\/dev\/zero）/ }],
  },
  {
    name: 'a FIFO is skipped without being opened',
    make: (d) => execFileSync('mkfifo', [path.join(d, '会议记录.docx')]),
    files: 1,
    skipped: [{ path: '杂项材料/会议记录.docx', reason: /^这是管道文件，不是普通文件，未导入/ }],
  },
  {
    name: 'a link inside the folder to a FIFO inside it is skipped too',
    make: (d) => {
      execFileSync('mkfifo', [path.join(d, 'pipe')]);
      fs.symlinkSync('pipe', path.join(d, '签到表.pdf'));
    },
    files: 1,
    skipped: [
      { path: '杂项材料/签到表.pdf', reason: /管道文件/ },
      { path: '杂项材料/pipe', reason: /管道文件/ },
    ],
  },
  {
    name: 'a character device is skipped without being opened',
    make: (d) => execFileSync('mknod', [path.join(d, 'zero'), 'c', '1', '5']),
    files: 1,
    skipped: [{ path: '杂项材料/zero', reason: /^这是设备文件，不是普通文件，未导入/ }],
  },
  {
    name: 'a socket is skipped',
    make: (d) => {
      const server = net.createServer().listen(path.join(d, 'agent.sock'));
      return () => server.close();
    },
    files: 1,
    skipped: [{ path: '杂项材料/agent.sock', reason: /^这是套接字文件，不是普通文件，未导入/ }],
  },
  {
    name: 'a dangling link is reported as a broken link',
    make: (d) => fs.symlinkSync(path.join(d, '已删除.pdf'), path.join(d, '通知.pdf')),
    files: 1,
    skipped: [{ path: '杂项材料/通知.pdf', reason: /^链接失效/ }],
  },
  {
    name: 'a link loop is reported as a loop',
    make: (d) => {
      fs.symlinkSync('b', path.join(d, 'a'));
      fs.symlinkSync('a', path.join(d, 'b'));
    },
    files: 1,
    skipped: [
      { path: '杂项材料/a', reason: /^链接循环/ },
      { path: '杂项材料/b', reason: /^链接循环/ },
    ],
  },
  {
    name: 'GBK names from a Windows zip are filed under their Chinese names',
    make: (d) => {
      fs.writeFileSync(bufPath(d, Buffer.concat([GBK_MINUTES, Buffer.from('.txt')])), '会议纪要正文\n');
      fs.mkdirSync(bufPath(d, Buffer.concat([Buffer.from('2023-03-08 '), GBK_MEETING])));
      fs.writeFileSync(bufPath(d, Buffer.concat([Buffer.from('2023-03-08 '), GBK_MEETING]), '签到.txt'), '签到名单\n');
    },
    files: 3,
    skipped: [],
    warnings: [/^文件名不是 UTF-8 编码，已按 GBK 读作“2023-03-08 推进会”/, /^文件名不是 UTF-8 编码，已按 GBK 读作“会议纪要\.txt”/],
    titles: ['推进会', '会议纪要', '工作总结'],
  },
];

describe('what offices put in evidence folders', () => {
  test.each(cases)('$name', async (c) => {
    const dir = evidenceFolder();
    const cleanup = c.make(dir);
    try {
      const out = await importInto(dir);
      expect(out.report.skipped.map((s) => s.path)).toEqual(c.skipped.map((s) => s.path));
      c.skipped.forEach((s, i) => expect(out.report.skipped[i].reason).toMatch(s.reason));
      expect(out.report.skipped.map((s) => s.reason).join('\n')).not.toContain('链接失效或没有权限');
      expect(out.files).toBe(c.files);
      expect(out.report.files).toBe(c.seen ?? c.files);
      expect(out.tmpLeft).toEqual([]);
      if (c.warnings) expect(out.report.warnings.map((w) => w.reason).sort()).toEqual(c.warnings.map((w) => expect.stringMatching(w)));
      if (c.titles) expect((await listItems(out.archive.db)).map((i) => i.title).sort()).toEqual([...c.titles].sort());
      // Nothing from outside reached the store (the passwd file, zeros from /dev/zero).
      for (const sha of await out.archive.store.list()) {
        const bytes = fs.readFileSync(out.archive.store.abs(`files/${sha.slice(0, 2)}/${sha}`));
        expect(bytes.length).toBeLessThan(1024);
        expect(bytes.toString()).not.toContain('root:');
      }
      await out.archive.close();
    } finally {
      if (typeof cleanup === 'function') cleanup();
    }
  }, 20_000);
});

describe('a tree deeper than the system path limit', () => {
  // Made step by step in a child process (chdir, then relative names), as no absolute path reaches
  // the bottom; removed by rm, as rmSync of such a tree fails.
  const deepRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tz-deep-'));
  afterAll(() => execFileSync('rm', ['-rf', deepRoot]));

  test('files beyond the limit are skipped as 路径太长, the rest is filed', async () => {
    const dir = path.join(deepRoot, '杂项材料');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '浅处的总结.txt'), '总结\n');
    const level = '很深的文件夹'.repeat(13); // 234 bytes, under the 255-byte name limit
    const script = `process.chdir(process.argv[1]); for (let i = 0; i < 20; i++) { fs.mkdirSync(process.argv[2]); process.chdir(process.argv[2]); } fs.writeFileSync('深处的记录.txt', '深处');`;
    execFileSync(process.execPath, ['-e', script, dir, level]);
    const out = await importInto(dir);
    expect(out.files).toBe(1);
    expect(out.report.skipped).toHaveLength(1);
    expect(out.report.skipped[0].reason).toMatch(/^路径太长/);
    expect(out.tmpLeft).toEqual([]);
    await out.archive.close();
  });
});

describe('a 2 GB scan among ordinary files', () => {
  test('is stored with a warning saying why it was not read, and the rest is filed', async () => {
    const dir = evidenceFolder();
    fs.writeFileSync(path.join(dir, '会议记录.txt'), '会议记录\n');
    const big = path.join(dir, 'x.pdf');
    // Sparse: a PDF header, then 2.1 GB that cost no disk in the source folder.
    fs.writeFileSync(big, '%PDF-1.4\n');
    fs.truncateSync(big, Math.floor(2.1 * 1024 ** 3));
    const out = await importInto(dir);
    expect(out.report.skipped).toEqual([]);
    expect(out.files).toBe(3);
    expect(out.report.items).toBe(3);
    const warned = out.report.warnings.filter((w) => w.path.endsWith('x.pdf'));
    expect(warned).toEqual([{ path: '杂项材料/x.pdf', reason: expect.stringMatching(/超过 512 MB/) }]);
    const stored = (await listItems(out.archive.db)).flatMap((i) => i.files).find((f) => f.name === 'x.pdf')!;
    expect(stored).toMatchObject({ type: 'pdf', pages: null });
    expect(out.tmpLeft).toEqual([]);
    await out.archive.close();
    fs.rmSync(out.archive.dir, { recursive: true, force: true }); // 2 GB of real bytes in the store
  }, 180_000);
});

describe('the taizhang command', () => {
  test('imports a folder with a link out, a pipe and a device, exits 0 and says what it skipped', async () => {
    const dir = evidenceFolder();
    fs.symlinkSync('/etc/passwd', path.join(dir, 'passwd'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.jpg'));
    execFileSync('mkfifo', [path.join(dir, '会议记录.docx')]);
    const archive = await makeArchive(path.dirname(dir), 'archive');
    await archive.close();
    const r = runCli(['import', archive.dir, dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('导入 1 个文件');
    expect(r.stdout).toContain('跳过：杂项材料/passwd（链接指向所选文件夹之外（/etc/passwd），未导入');
    expect(r.stdout).toContain('跳过：杂项材料/zero.jpg（链接指向所选文件夹之外（/dev/zero），未导入');
    expect(r.stdout).toContain('跳过：杂项材料/会议记录.docx（这是管道文件，不是普通文件，未导入');
  }, 60_000);
});
