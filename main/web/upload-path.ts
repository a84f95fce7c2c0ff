// Where an uploaded file lands: <uploads>/<batch>/<the path the browser gave>, with every
// segment checked, so an upload can never write outside its batch folder. The folder names are
// kept as they were: the import maps them to indicators and dated events.
import path from 'node:path';

// What no file system takes; Windows also refuses <>:"|?* and a trailing dot or space, which
// are legal names on Linux and macOS (a photo called "会议 10:30.jpg" is fine there).
const NEVER = /[\u0000-\u001f/\\]|^\.{1,2}$|^$/;
const WINDOWS = /[<>:"|?*]|[. ]$/;

export interface UploadTarget {
  file: string;
  /** What the import is given: the dropped file, or the top folder it came in. */
  root: string;
}

export type UploadCheck = { ok: true; target: UploadTarget } | { ok: false; reason: string };

export function checkUploadPath(uploadRoot: string, batch: string, rel: string, platform: NodeJS.Platform = process.platform): UploadCheck {
  if (!/^[a-z0-9]{6,40}$/.test(batch)) return { ok: false, reason: '上传批次编号不正确，请刷新页面后重试。' };
  const segments = rel.split('/');
  const name = segments[segments.length - 1] || rel;
  if (segments.length > 32 || rel.length > 1000) return { ok: false, reason: `“${name}”所在的文件夹层次太深或路径太长，请把它移到浅一些的文件夹再导入。` };
  for (const s of segments) {
    if (NEVER.test(s) || s.length > 255) return { ok: false, reason: `文件名“${s.slice(0, 80)}”无法保存，请重命名后单独导入。` };
    if (platform === 'win32' && WINDOWS.test(s)) return { ok: false, reason: `文件名“${s.slice(0, 80)}”含有 Windows 不允许的字符（< > : " | ? * 或结尾的点、空格），请重命名后单独导入。` };
  }
  const batchDir = path.join(path.resolve(uploadRoot), batch);
  const file = path.join(batchDir, ...segments);
  if (!file.startsWith(batchDir + path.sep)) return { ok: false, reason: `文件名“${name}”无法保存，请重命名后单独导入。` };
  return { ok: true, target: { file, root: path.join(batchDir, segments[0]) } };
}

/** The batch folder an upload root lies in, or null when the path is not an upload. */
export function uploadBatchOf(uploadRoot: string, p: string): string | null {
  const root = path.resolve(uploadRoot) + path.sep;
  const abs = path.resolve(p);
  if (!abs.startsWith(root)) return null;
  const batch = abs.slice(root.length).split(path.sep)[0];
  return batch ? path.join(root, batch) : null;
}
