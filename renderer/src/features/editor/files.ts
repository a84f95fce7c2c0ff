// How a stored file is described in the editor.
import type { FileType, StoredFile } from '../../../../shared/domain';
import { sizeText } from '../../format';

const IMAGE: FileType[] = ['jpeg', 'png', 'gif', 'bmp', 'webp'];

/** The browser can show the original itself. */
export function showsInBrowser(f: StoredFile): boolean {
  return IMAGE.includes(f.type) && !f.warning;
}


const TYPE_LABELS: Partial<Record<FileType, string>> = {
  jpeg: 'JPG 图片',
  png: 'PNG 图片',
  gif: 'GIF 图片',
  bmp: 'BMP 图片',
  tiff: 'TIFF 图片',
  webp: 'WebP 图片',
  heic: 'HEIC 照片',
  pdf: 'PDF',
  docx: 'Word 文档',
  xlsx: 'Excel 表格',
  pptx: 'PPT 演示文稿',
  zip: '压缩包',
  wps: 'WPS 文档',
  et: 'WPS 表格',
  doc: '旧版 Word 文档',
  xls: '旧版 Excel 表格',
  ppt: '旧版 PPT',
  ole: 'Office 旧格式文件',
  video: '视频',
  audio: '音频',
  text: '文本',
  unknown: '未知格式',
};

export function typeLabel(t: FileType): string {
  return TYPE_LABELS[t] ?? t;
}

/** "JPG 图片 · 4032×3024 · 2.1 MB" or "PDF · 12 页 · 800 KB". */
export function fileFacts(f: StoredFile): string {
  return [
    typeLabel(f.type),
    f.width && f.height ? `${f.width}×${f.height}` : '',
    f.pages ? `${f.pages} 页` : '',
    sizeText(f.size),
  ]
    .filter(Boolean)
    .join(' · ');
}
