// electron-builder.yml says what the issue asks for: the targets, the Chinese installer, the
// native parts outside the asar, fonts/templates/licences as resources. (The packed layout itself
// is checked by test/integration/packaging.test.ts.)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const repo = path.resolve(__dirname, '..', '..');
// electron-builder's own YAML parser (js-yaml 4, a dependency of app-builder-lib).
const yaml = createRequire(require.resolve('app-builder-lib'))('js-yaml') as { load(text: string): unknown };

interface Target {
  target: string;
  arch?: string[];
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const config = yaml.load(fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8')) as any;
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));

const targets = (list: Target[] | string): Target[] => (typeof list === 'string' ? [{ target: list }] : list);
const archsOf = (list: Target[], name: string) => list.find((t) => t.target === name)?.arch ?? [];

test('product name 创建台账, in the config and in package.json', () => {
  expect(config.productName).toBe('创建台账');
  expect(pkg.productName).toBe('创建台账');
});

test('Windows: NSIS x64, a Chinese installer', () => {
  expect(targets(config.win.target)).toEqual([{ target: 'nsis', arch: ['x64'] }]);
  expect(String(config.nsis.language)).toBe('2052');
  expect(config.nsis.installerLanguages).toEqual(['zh_CN']);
  expect(config.nsis.multiLanguageInstaller).toBe(false);
  expect(config.nsis.shortcutName).toBe('创建台账');
  expect(config.nsis.oneClick).toBe(false);
});

test('Linux: deb and AppImage for x64 and arm64', () => {
  const linux = targets(config.linux.target);
  expect(linux.map((t) => t.target).sort()).toEqual(['AppImage', 'deb']);
  expect(archsOf(linux, 'deb').sort()).toEqual(['arm64', 'x64']);
  expect(archsOf(linux, 'AppImage').sort()).toEqual(['arm64', 'x64']);
  expect(config.linux.maintainer).toBeTruthy();
  expect(config.linux.category).toBe('Office');
  expect(config.linux.executableName).toMatch(/^[a-z]+$/);
});

test('macOS: dmg', () => {
  expect(targets(config.mac.target).map((t) => t.target)).toEqual(['dmg']);
});

test('the app is the built code; sqlite3 and sharp stay outside the asar', () => {
  expect(config.files).toEqual(expect.arrayContaining(['build/app/**', 'build/renderer/**', 'package.json']));
  expect(pkg.main).toBe('build/app/electron-main.js');
  // electron-builder leaves buildResources out of the app: it must not be build/, where the code is.
  expect(config.directories.buildResources).not.toMatch(/^build\/?$/);
  const unpack: string[] = config.asarUnpack;
  expect(unpack.some((p) => p.startsWith('node_modules/sqlite3/'))).toBe(true);
  expect(unpack.some((p) => p.startsWith('node_modules/sharp/'))).toBe(true);
  expect(unpack.some((p) => p.startsWith('node_modules/@img/'))).toBe(true);
});

test('fonts, templates and licences are resources, and the sources they name exist', () => {
  const extra: { from: string; to: string }[] = config.extraResources;
  expect(extra).toContainEqual(expect.objectContaining({ from: 'assets', to: 'assets' }));
  for (const r of extra) expect(fs.existsSync(path.join(repo, r.from))).toBe(true);
  expect(extra.filter((r) => /licen[cs]e|OFL/i.test(r.to)).length).toBeGreaterThanOrEqual(2);
  expect(fs.existsSync(path.join(repo, 'assets', 'templates', 'kepu-shifan-xian.json'))).toBe(true);
});
