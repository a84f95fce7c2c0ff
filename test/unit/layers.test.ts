import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importsOf, violations } from '../../scripts/check-layers';

test('the repository keeps its layers', () => {
  expect(violations()).toEqual([]);
});

test('the checker sees every form of import', () => {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tz-layers-')), 'x.ts');
  fs.writeFileSync(f, [
    "import a from 'node:fs';",
    "import { b } from '../main/archive/db';",
    "import type { C } from './c';",
    "export * from './d';",
    "import './side-effect';",
    "const e = require('electron');",
    "const g = await import('../renderer/x');",
    "// import nothing from './commented';",
  ].join('\n'));
  expect(importsOf(f)).toEqual(['node:fs', '../main/archive/db', './c', './d', './side-effect', 'electron', '../renderer/x']);
});
