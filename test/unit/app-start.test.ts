// `npm start`: finds the Electron binary the way electron's own index.js does, without its
// download-on-the-spot; without one it prints one line and exits 0.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { NO_ELECTRON, electronBinary } from '../../scripts/start';
import { tmpDir } from '../helpers/tmp';

const repo = path.resolve(__dirname, '..', '..');
const dir = tmpDir('tz-start-');

test('no path.txt, or a path.txt naming a missing binary: no Electron', () => {
  const e = path.join(dir, 'a');
  fs.mkdirSync(e);
  expect(electronBinary(e, {})).toBeNull();
  fs.writeFileSync(path.join(e, 'path.txt'), 'electron');
  expect(electronBinary(e, {})).toBeNull();
});

test('a downloaded binary is found, also through ELECTRON_OVERRIDE_DIST_PATH', () => {
  const e = path.join(dir, 'b');
  fs.mkdirSync(path.join(e, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(e, 'path.txt'), 'electron');
  fs.writeFileSync(path.join(e, 'dist', 'electron'), '');
  expect(electronBinary(e, {})).toBe(path.join(e, 'dist', 'electron'));
  const override = path.join(dir, 'override');
  fs.mkdirSync(override);
  expect(electronBinary(e, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBeNull();
  fs.writeFileSync(path.join(override, 'electron'), '');
  expect(electronBinary(path.join(dir, 'none'), { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(path.join(override, 'electron'));
});

test('without Electron, npm start says so in one line, points to web mode, exits 0', () => {
  if (electronBinary(path.join(repo, 'node_modules', 'electron'))) return; // a machine that has it would start the app
  const out = execFileSync(path.join(repo, 'node_modules', '.bin', 'tsx'), [path.join(repo, 'scripts', 'start.ts')], { cwd: repo, encoding: 'utf8' });
  expect(out.trim().split('\n')).toEqual([NO_ELECTRON]);
  expect(NO_ELECTRON).toMatch(/Electron 未安装.*npm run web/);
});
