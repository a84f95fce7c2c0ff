import fs from 'node:fs';
import path from 'node:path';

/** A stand-in for the built interface: an index page and one script, enough for the web server's routes. */
export function staticSite(root: string): string {
  const dir = path.join(root, 'static');
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>创建台账</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}
