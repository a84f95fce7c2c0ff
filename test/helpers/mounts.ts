// Real file systems with real limits for fault tests: a small tmpfs is a full disk, a tmpfs
// remounted read-only is a write-protected stick. Mounting needs root, which tests run as.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Mounts a tmpfs of `size` (e.g. '2m') at a new folder under root; unmounted after the test file's tests. */
export function smallDisk(root: string, name: string, size: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounted.push(dir);
  return dir;
}

const mounted: string[] = [];
// Registered when a test file imports this module, so it runs before that file's tmpDir removal.
afterAll(() => {
  for (const dir of mounted.splice(0)) {
    try {
      execFileSync('umount', ['-l', dir]);
    } catch {
      // already unmounted by the test
    }
  }
});

export function remountReadOnly(dir: string): void {
  execFileSync('mount', ['-o', 'remount,ro', dir]);
}

export function remountWritable(dir: string): void {
  execFileSync('mount', ['-o', 'remount,rw', dir]);
}

/** Fills the file system holding dir until a write fails; returns the filler file. */
export function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = fs.openSync(filler, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch {
    // ENOSPC: full
  }
  try {
    for (;;) fs.writeSync(fd, block.subarray(0, 512));
  } catch {
    // the last bytes too
  }
  fs.closeSync(fd);
  return filler;
}
