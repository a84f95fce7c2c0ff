// Where an uploaded file lands: <uploads>/<batch>/<the path the browser gave>, with every
// segment checked, so an upload can never write outside its batch folder. The folder names are
// kept as they were: the import maps them to indicators and dated events.
import path from 'node:path';

const BAD_SEGMENT = /[\u0000-\u001f<>:"|?*\\]|^\.{1,2}$|^$/;

export function safeUploadPath(uploadRoot: string, batch: string, rel: string): { file: string; root: string } | null {
  if (!/^[a-z0-9]{6,40}$/.test(batch)) return null;
  const segments = rel.split('/');
  if (segments.length > 32 || rel.length > 1000 || segments.some((s) => BAD_SEGMENT.test(s) || s.length > 255)) return null;
  const batchDir = path.join(path.resolve(uploadRoot), batch);
  const file = path.join(batchDir, ...segments);
  if (!file.startsWith(batchDir + path.sep)) return null;
  // What the import is given: the dropped file, or the top folder it came in.
  return { file, root: path.join(batchDir, segments[0]) };
}
