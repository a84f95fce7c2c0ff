// The layer rule of DESIGN.md, checked on every test run: shared/ imports only shared/;
// the renderer never imports main/ (nor Node or Electron); main/ never imports the renderer;
// only main/app/ (the Electron shell) imports electron.
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';

const root = path.resolve(__dirname, '..');
const IMPORT_RE = /(?:^|[^.\w])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;
const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function files(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes('node_modules'))
    .map((f) => path.join(abs, f));
}

export function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  return [...text.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function area(abs: string): string {
  return path.relative(root, abs).split(path.sep)[0];
}

export function violations(): string[] {
  const out: string[] = [];
  for (const dir of ['shared', 'renderer', 'main']) {
    for (const file of files(dir)) {
      const rel = path.relative(root, file);
      for (const spec of importsOf(file)) {
        const target = spec.startsWith('.') ? area(path.resolve(path.dirname(file), spec)) : null;
        const isNode = NODE.has(spec) || NODE.has(spec.split('/')[0]);
        if (dir === 'shared' && (target !== 'shared' || spec === '')) out.push(`${rel}: shared/ may import only shared/, not "${spec}"`);
        if (dir === 'renderer' && (target === 'main' || isNode || spec === 'electron')) out.push(`${rel}: the renderer may not import "${spec}"`);
        if (dir === 'main' && target === 'renderer') out.push(`${rel}: main/ may not import the renderer ("${spec}")`);
        if (spec === 'electron' && !rel.startsWith(path.join('main', 'app'))) out.push(`${rel}: only main/app/ may import electron`);
      }
    }
  }
  return out;
}

if (require.main === module) {
  const v = violations();
  for (const line of v) console.error(line);
  if (v.length) process.exit(1);
  console.log('layers: ok');
}
