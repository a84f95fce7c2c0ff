// What a file-system entry is, in the clerk's words, for the places that refuse anything but a
// regular file (the store, intake, indicator tables): opening a pipe waits forever, a device reads
// without end.
interface Kinds {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSymbolicLink(): boolean;
}

/** null for a regular file; else what it is (管道文件, 设备文件, 文件夹 …). */
export function specialKind(st: Kinds): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return '文件夹';
  if (st.isFIFO()) return '管道文件';
  if (st.isSocket()) return '套接字文件';
  if (st.isCharacterDevice() || st.isBlockDevice()) return '设备文件';
  if (st.isSymbolicLink()) return '链接';
  return '特殊文件';
}
