// Where the dossier's faces come from: the office's installed fonts (found by file name in the
// system font folders, and on Linux/macOS also through fc-list), else the open faces that ship
// with the app (assets/fonts, and Noto Serif SC from its npm package).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { assetPath } from '../../assets';
import type { FkFont } from './font-kit';
import { fontkit, isCollection } from './font-kit';

export type FaceRole = 'fang' | 'hei' | 'kai' | 'song' | 'title';
export const FACE_ROLES: readonly FaceRole[] = ['fang', 'hei', 'kai', 'song', 'title'];

/** A face in the set: roles, the full-coverage fallback and the rare-character faces after it. */
export type Slot = FaceRole | 'fallback' | 'extra';

export interface FaceFile {
  file: string;
  source: 'system' | 'bundled';
  /** For a collection (.ttc): the face's PostScript name. */
  postscriptName?: string;
}

export interface OpenFace extends FaceFile {
  font: FkFont;
}

// ---------------------------------------------------------------------------------------------
// Bundled faces

/** The Noto Serif SC weights used; a packaged app has them copied into assets/fonts. */
const NOTO_PACKAGE = '@expo-google-fonts/noto-serif-sc';

/**
 * Path of a Noto Serif SC weight ("400Regular", "700Bold"): assets/fonts/NotoSerifSC_<w>.ttf when
 * a packaged app carries it there, else the file inside the npm package (source checkout, CI).
 */
export function notoSerifFile(weight: '400Regular' | '700Bold'): string {
  const name = `NotoSerifSC_${weight}.ttf`;
  const asset = assetPath('fonts', name);
  if (fs.existsSync(asset)) return asset;
  try {
    const pkg = path.dirname(require.resolve(`${NOTO_PACKAGE}/package.json`));
    return path.join(pkg, weight, name);
  } catch {
    return asset; // reported as missing by the loader
  }
}

/** The open faces of every slot (files under assets/fonts are committed; see its README.md). */
export function bundledFiles(): Record<Slot, string> {
  const regular = notoSerifFile('400Regular');
  return {
    fang: assetPath('fonts', 'FandolFang-Regular.otf'),
    hei: assetPath('fonts', 'FandolHei-Regular.otf'),
    kai: assetPath('fonts', 'LXGWWenKai-Regular.ttf'),
    song: regular,
    title: notoSerifFile('700Bold'),
    fallback: regular,
    // 霞鹜文楷 has 1,169 characters beyond the BMP (𠮷 among them) that Noto Serif SC lacks.
    extra: assetPath('fonts', 'LXGWWenKai-Regular.ttf'),
  };
}

// ---------------------------------------------------------------------------------------------
// Installed faces

interface Candidate {
  file: string;
  postscriptName?: string;
}

/**
 * File names (lower case) of the faces inspectors expect, best first. Windows names; the same
 * files copied onto Linux or macOS are found too.
 */
const FILE_NAMES: Record<Slot, (string | RegExp)[]> = {
  fang: ['simfang.ttf', '仿宋_gb2312.ttf', 'fs_gb2312.ttf', 'fzfsk.ttf', 'fzfsjw.ttf', 'stfangso.ttf'],
  hei: ['simhei.ttf', 'fzhtk.ttf', 'fzhtjw.ttf'],
  kai: ['simkai.ttf', '楷体_gb2312.ttf', 'kt_gb2312.ttf', 'fzktk.ttf', 'fzktjw.ttf', 'stkaiti.ttf'],
  song: ['simsun.ttc', 'simsun.ttf', 'fzssk.ttf', 'stsong.ttf'],
  // 方正小标宋: the GBK edition first (more characters), then 简体, then any other file so named.
  title: ['fzxbsk.ttf', '方正小标宋_gbk.ttf', 'fzxbsjw.ttf', 'fzxbsjw--gb1-0.ttf', '方正小标宋简体.ttf', /^(fzxbs|方正小标宋).*\.(ttf|otf)$/],
  fallback: ['simsun.ttc', 'simsun.ttf'],
  extra: ['simsunb.ttf'],
};

/** fc-list family names per slot (matched against each of a face's family names). */
const FAMILIES: Record<Slot, RegExp> = {
  fang: /^(FangSong|仿宋|FZFangSong|方正仿宋|STFangsong|华文仿宋)/i,
  hei: /^(SimHei|黑体|FZHei|方正黑体)/i,
  kai: /^(KaiTi|楷体|FZKai|方正楷体|STKaiti|华文楷体)/i,
  song: /^(SimSun$|宋体$|FZShuSong|方正书宋|STSong|华文宋体)/i,
  title: /(小标宋|XiaoBiaoSong|FZXBS)/i,
  fallback: /^(SimSun$|宋体$|Noto Serif CJK SC$|Source Han Serif SC$|思源宋体$)/i,
  extra: /^(SimSun-ExtB$)/i,
};

/** PostScript names preferred inside collections (simsun.ttc holds SimSun and NSimSun). */
const PREFERRED_PS: Record<Slot, RegExp> = {
  fang: /FangSong/i,
  hei: /SimHei|Hei/i,
  kai: /KaiTi|Kai/i,
  song: /^SimSun$|Song/i,
  title: /XBS|XiaoBiao/i,
  fallback: /^SimSun$|Serif/i,
  extra: /ExtB/i,
};

/** Characters a face must have to be taken for a slot. */
const PROBES: Record<Slot, string> = {
  fang: '国一的文明',
  hei: '国一的文明',
  kai: '国一的文明',
  song: '国一的文明',
  title: '国一的文明',
  // The fallback must cover GBK beyond GB2312 (names: 堃 喆 昇 珺; 丂 is the first GBK ideograph).
  fallback: '国堃喆昇珺丂',
  extra: '\u{20000}\u{20bb7}',
};

export function defaultSystemDirs(): string[] {
  const home = os.homedir();
  if (process.platform === 'win32') {
    const dirs = [path.join(process.env.WINDIR ?? process.env.SystemRoot ?? 'C:\\Windows', 'Fonts')];
    // Fonts installed "for this user only" (Windows 10 1809 and later) — often where 方正小标宋 lands.
    if (process.env.LOCALAPPDATA) dirs.push(path.join(process.env.LOCALAPPDATA, 'Microsoft', 'Windows', 'Fonts'));
    return dirs;
  }
  if (process.platform === 'darwin') {
    return ['/System/Library/Fonts', '/Library/Fonts', path.join(home, 'Library', 'Fonts')];
  }
  return ['/usr/share/fonts', '/usr/local/share/fonts', path.join(home, '.local', 'share', 'fonts'), path.join(home, '.fonts')];
}

const FONT_EXT = /\.(ttf|otf|ttc)$/i;

/** Font files under the folders, by lower-case file name (first found wins); a few levels deep. */
export function scanDirs(dirs: readonly string[], maxDepth = 4): Map<string, string> {
  const found = new Map<string, string>();
  let budget = 50_000;
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (--budget < 0) return;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < maxDepth) walk(full, depth + 1);
      } else if (FONT_EXT.test(e.name)) {
        const key = e.name.toLowerCase();
        if (!found.has(key)) found.set(key, full);
      }
    }
  };
  for (const d of dirs) walk(d, 0);
  return found;
}

interface FcEntry {
  file: string;
  families: string[];
  postscriptName: string;
}

/** Chinese faces fontconfig knows of; empty when fc-list is missing or fails. */
export function fcList(timeoutMs = 5000): Promise<FcEntry[]> {
  return new Promise((resolve) => {
    execFile(
      'fc-list',
      [':lang=zh', '-f', '%{file}\t%{family}\t%{postscriptname}\n'],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout) => {
        if (err) return resolve([]);
        const out: FcEntry[] = [];
        for (const line of stdout.split('\n')) {
          const [file, family = '', ps = ''] = line.split('\t');
          if (!file || !FONT_EXT.test(file)) continue;
          out.push({ file, families: family.split(',').map((f) => f.trim()).filter(Boolean), postscriptName: ps });
        }
        resolve(out);
      },
    );
  });
}

function candidatesFor(slot: Slot, byName: Map<string, string>, fc: FcEntry[]): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate): void => {
    const key = `${c.file}#${c.postscriptName ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  };
  for (const n of FILE_NAMES[slot]) {
    if (typeof n === 'string') {
      const f = byName.get(n);
      if (f) add({ file: f });
    } else {
      for (const [name, f] of byName) if (n.test(name)) add({ file: f });
    }
  }
  for (const e of fc) if (e.families.some((f) => FAMILIES[slot].test(f))) add({ file: e.file, postscriptName: e.postscriptName || undefined });
  return out;
}

/** Reads of one loading pass, so that a file wanted for two slots is read once. */
export type ReadCache = Map<string, Promise<Buffer>>;

function readFont(file: string, cache?: ReadCache): Promise<Buffer> {
  let p = cache?.get(file);
  if (!p) {
    p = fs.promises.readFile(file);
    cache?.set(file, p);
  }
  return p;
}

/** Why a face may not be used, or null. */
function unusable(font: FkFont, probe: string): string | null {
  const fsType = font['OS/2']?.fsType;
  if (fsType?.noEmbedding) return 'its licence forbids embedding (fsType restricted)';
  if (fsType?.noSubsetting) return 'its licence forbids subsetting';
  if (fsType?.bitmapOnly) return 'it allows bitmap embedding only';
  for (const ch of probe) if (!font.hasGlyphForCodePoint(ch.codePointAt(0)!)) return `it lacks ${ch}`;
  return null;
}

/**
 * Opens a face. For a collection the face is picked by PostScript name (when given), else by the
 * slot's preference, else the first.
 */
export async function openFace(file: string, slot: Slot, postscriptName?: string, cache?: ReadCache): Promise<FkFont> {
  const buf = await readFont(file, cache);
  const f = fontkit.create(buf);
  if (!f) throw new Error('not a font fontkit can read');
  if (!isCollection(f)) return f;
  const fonts = f.fonts;
  const pick =
    (postscriptName && fonts.find((x) => x.postscriptName === postscriptName)) ||
    fonts.find((x) => PREFERRED_PS[slot].test(x.postscriptName ?? '')) ||
    fonts[0];
  if (!pick) throw new Error('empty font collection');
  return pick;
}

export interface SystemFaces {
  faces: Partial<Record<Slot, OpenFace>>;
  /** What was found but not taken, and why. */
  notes: string[];
}

/**
 * The installed faces per slot. With `dirs` only those folders are scanned (by file name, no
 * fc-list); without, the platform's font folders and, off Windows, fc-list.
 */
export async function findSystemFaces(dirs?: readonly string[], cache: ReadCache = new Map()): Promise<SystemFaces> {
  const byName = scanDirs(dirs ?? defaultSystemDirs());
  const fc = dirs || process.platform === 'win32' ? [] : await fcList();
  const faces: Partial<Record<Slot, OpenFace>> = {};
  const notes: string[] = [];
  const slots: Slot[] = [...FACE_ROLES, 'fallback', 'extra'];
  await Promise.all(
    slots.map(async (slot) => {
      for (const c of candidatesFor(slot, byName, fc)) {
        try {
          const font = await openFace(c.file, slot, c.postscriptName, cache);
          const why = unusable(font, PROBES[slot]);
          if (why) {
            notes.push(`${c.file} not used for ${slot}: ${why}`);
            continue;
          }
          faces[slot] = { file: c.file, source: 'system', postscriptName: font.postscriptName, font };
          return;
        } catch (e) {
          notes.push(`${c.file} not used for ${slot}: ${(e as Error).message}`);
        }
      }
    }),
  );
  return { faces, notes };
}

/** Opens a bundled face, or explains why it cannot be. */
export async function openBundled(file: string, slot: Slot, cache?: ReadCache): Promise<OpenFace> {
  if (!fs.existsSync(file)) {
    throw new Error(
      `font file missing: ${file} (assets/fonts is part of the repository; Noto Serif SC comes from npm ${NOTO_PACKAGE}: run npm install)`,
    );
  }
  const font = await openFace(file, slot, undefined, cache);
  return { file, source: 'bundled', postscriptName: font.postscriptName, font };
}
