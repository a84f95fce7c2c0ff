import fs from 'node:fs';
import path from 'node:path';
import { realStoredPath, storedPath } from '../../main/api/stored-path';
import { checkUploadPath, uploadBatchOf } from '../../main/web/upload-path';
import { tmpDir } from '../helpers/tmp';

const SHA = 'ab'.padEnd(64, 'c');
const root = tmpDir('tz-stored-');
const archive = path.join(root, 'archive');
fs.mkdirSync(path.join(archive, 'files', 'ab'), { recursive: true });
fs.mkdirSync(path.join(archive, 'thumbs', 'ab'), { recursive: true });
fs.writeFileSync(path.join(archive, 'files', 'ab', SHA), 'x');
fs.writeFileSync(path.join(archive, 'thumbs', 'ab', `${SHA}.jpg`), 'x');
fs.writeFileSync(path.join(root, 'secret.txt'), 'outside');

describe('which archive files a door serves', () => {
  test('stored files and thumbnails by the names the API hands out', async () => {
    expect(storedPath(archive, `files/ab/${SHA}`)).toBe(path.join(archive, 'files', 'ab', SHA));
    expect(await realStoredPath(archive, `thumbs/ab/${SHA}.jpg`)).toBe(fs.realpathSync(path.join(archive, 'thumbs', 'ab', `${SHA}.jpg`)));
  });

  test.each([
    ['parent folder', `files/ab/../../secret.txt`],
    ['dot segments', `files/ab/./${SHA}`],
    ['encoded dots and slash', `files%2fab%2f..%2f..%2fsecret.txt`],
    ['encoded separator', `files%2Fab%2F${SHA}`.replace(/%2F/g, '%252F')],
    ['double-encoded parent', `%252e%252e/secret.txt`],
    ['absolute path', '/etc/passwd'],
    ['windows absolute path', 'C:\\Windows\\win.ini'],
    ['backslashes', `files\\ab\\${SHA}`],
    ['the database', 'archive.sqlite'],
    ['a folder', 'files/ab'],
    ['wrong prefix', `tmp/ab/${SHA}`],
    ['bad percent', 'files/%zz'],
    ['NUL', `files/ab/${SHA}%00`],
  ])('refuses %s', (_what, rel) => {
    expect(storedPath(archive, rel)).toBeNull();
  });

  test('a stored name that is a link out of the archive is refused once links are followed', async () => {
    const sha = 'cd'.padEnd(64, 'e');
    fs.mkdirSync(path.join(archive, 'files', 'cd'), { recursive: true });
    fs.symlinkSync(path.join(root, 'secret.txt'), path.join(archive, 'files', 'cd', sha));
    expect(storedPath(archive, `files/cd/${sha}`)).not.toBeNull();
    expect(await realStoredPath(archive, `files/cd/${sha}`)).toBeNull();
  });

  test('a stored name that is a link to a file inside the archive (its database) is refused too', async () => {
    const sha = 'ce'.padEnd(64, 'f');
    fs.mkdirSync(path.join(archive, 'files', 'ce'), { recursive: true });
    fs.writeFileSync(path.join(archive, 'archive.sqlite'), 'SQLite format 3');
    fs.symlinkSync(path.join(archive, 'archive.sqlite'), path.join(archive, 'files', 'ce', sha));
    expect(await realStoredPath(archive, `files/ce/${sha}`)).toBeNull();
  });
});

describe('where uploads land', () => {
  const up = path.join(root, 'uploads');
  const target = (rel: string, platform: NodeJS.Platform = 'linux') => {
    const r = checkUploadPath(up, 'batch01', rel, platform);
    return r.ok ? r.target : null;
  };
  test('keeps the dropped folder structure inside its batch', () => {
    const r = target('一、组织领导/2023-03-08 推进会/签到表.jpg')!;
    expect(r.file).toBe(path.join(up, 'batch01', '一、组织领导', '2023-03-08 推进会', '签到表.jpg'));
    expect(r.root).toBe(path.join(up, 'batch01', '一、组织领导'));
    expect(uploadBatchOf(up, r.file)).toBe(path.join(up, 'batch01'));
    expect(uploadBatchOf(up, '/elsewhere/x')).toBeNull();
  });
  test.each([['../x.jpg'], ['a/../../x'], ['/etc/passwd'], ['a\\..\\b'], ['a//b'], ['a\u0001b'], ['']])('refuses %j', (rel) => {
    expect(target(rel)).toBeNull();
  });
  test('names legal on Linux pass there and are refused, with the name, on Windows', () => {
    expect(target('会议 10:30.jpg')).not.toBeNull();
    const r = checkUploadPath(up, 'batch01', '会议 10:30.jpg', 'win32');
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('“会议 10:30.jpg”') });
    expect(checkUploadPath(up, 'batch01', 'CON./a.jpg', 'win32').ok).toBe(false);
  });
  test('refuses a batch name that could be a path', () => {
    expect(checkUploadPath(up, '../x', 'a.jpg').ok).toBe(false);
  });
});
