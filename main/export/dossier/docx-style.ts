// How a Word paragraph prints in the dossier: as it looks in Word where Word says so (centred
// titles stay centred titles at their size, right-aligned 落款 stays right, bold, indents), and
// headings in the faces GB/T 9704 gives their markers: 「一、」 黑体, 「（一）」 楷体, 「1.」「（1）」 仿宋.
import type { FaceRole, TextSpan } from '../pdf/fonts';
import { BODY_PITCH, PT } from '../pdf/geometry';
import type { Block, ParaFormat } from './docx-blocks';
import type { ParaStyle } from './text';
import { BODY, TITLE } from './text';

/** GB/T 9704 heading levels by their markers: 1 「一、」, 2 「（一）」, 3 「1.」, 4 「（1）」. */
export function headingMarker(text: string): 1 | 2 | 3 | 4 | null {
  if (/^[一二三四五六七八九十百零〇]+、/.test(text)) return 1;
  if (/^[（(][一二三四五六七八九十百零〇]+[）)]/.test(text)) return 2;
  if (/^[0-9０-９]{1,2}[.．、](?![0-9０-９])/.test(text)) return 3;
  if (/^[（(][0-9０-９]{1,2}[）)]/.test(text)) return 4;
  return null;
}

const MARKER_FACE: Record<1 | 2 | 3 | 4, FaceRole> = { 1: 'hei', 2: 'kai', 3: 'fang', 4: 'fang' };

export interface PrintedPara {
  /** The text, or its parts in their faces (a heading sentence, then body text). */
  spans: TextSpan[];
  style: ParaStyle;
  /** Kept whole on a page (titles and headings). */
  keep: boolean;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Line pitch for a size: the body's fixed pitch scaled, or Word's own when it states one. */
function pitchFor(size: number, f: ParaFormat | undefined): number {
  const own = f?.pitch;
  if (own && own >= size && own <= size * 3) return own;
  return (BODY_PITCH * size) / PT.san;
}

/**
 * A heading sentence in its face and the rest of the paragraph in 仿宋: 「（一）加强组织领导。县委成立……」
 * sets 「（一）加强组织领导。」 in 楷体. A paragraph that is all heading is all in the heading face.
 */
function headingSpans(text: string, face: FaceRole): TextSpan[] {
  const end = /^[^。！？：:]{1,60}[。！？：:]/.exec(text)?.[0].length ?? 0;
  if (end > 0 && end < text.length) return [{ text: text.slice(0, end), role: face }, { text: text.slice(end), role: 'fang' }];
  if (end === text.length || [...text].length <= 60) return [{ text, role: face }];
  // A long numbered paragraph with no heading sentence is body text that happens to be numbered.
  return [{ text, role: 'fang' }];
}

/** The printed form of a DOCX paragraph or heading block. */
export function printedPara(b: Extract<Block, { kind: 'paragraph' | 'heading' }>): PrintedPara {
  const f = b.format;
  const text = b.text;
  const size = f?.size ? clamp(f.size, PT.wu, 26) : undefined;
  const marker = headingMarker(text);
  const centred = f?.align === 'center';

  // A title: centred and large (or in 小标宋), or Word's Title / 标题 1 style without a marker.
  const bigCentred = centred && ((size ?? 0) >= PT.xiaoEr || f?.face === 'title');
  const styledTitle = b.kind === 'heading' && b.level === 1 && !marker && (!f?.align || centred);
  if (bigCentred || styledTitle) {
    const s = size && size >= PT.si ? size : PT.er;
    return { spans: [{ text }], style: { ...TITLE, size: s, pitch: Math.max(s * 1.5, f?.pitch ?? 0), after: f?.after ?? TITLE.after }, keep: true };
  }

  const bodySize = size ?? PT.san;
  const base: ParaStyle = { ...BODY, size: bodySize, pitch: pitchFor(bodySize, f), after: f?.after };
  const ownFace: FaceRole | undefined = f?.face === 'title' ? 'song' : f?.face;
  const plainRole: FaceRole = ownFace ?? (f?.bold || (b.kind === 'paragraph' && b.bold) ? 'hei' : 'fang');

  if (centred) return { spans: [{ text }], style: { ...base, role: plainRole, align: 'center', indentChars: 0, grid: false }, keep: b.kind === 'heading' };
  if (f?.align === 'right') return { spans: [{ text }], style: { ...base, role: plainRole, align: 'right', indentChars: 0, grid: false }, keep: false };

  // Word's own first-line indent; a hanging indent prints flush left (the layout has no hanging
  // lines); none stated: two characters (GB/T 9704), but a salutation — 主送机关 「各乡镇人民政府：」,
  // 「同志们：」 — stands flush left as GB/T 9704 sets it.
  const salutation = /^[^。；：:\n]{1,40}[：:]$/.test(text) && !marker && b.kind === 'paragraph';
  const indentChars = f?.indentChars !== undefined ? Math.max(0, f.indentChars) : salutation ? 0 : 2;
  if (marker) {
    const face = MARKER_FACE[marker];
    // Kept whole when short: a heading is not left alone at the foot of a page, a long paragraph runs on.
    return { spans: headingSpans(text, face), style: { ...base, role: face, indentChars }, keep: [...text].length <= 56 };
  }
  if (b.kind === 'heading') {
    // Word's heading styles without a marker: 标题 2 as 「一、」, 标题 3 and below as 「（一）」.
    const face: FaceRole = b.level === 1 ? 'hei' : b.level === 2 ? 'hei' : 'kai';
    return { spans: [{ text }], style: { ...base, role: face, indentChars }, keep: true };
  }
  return { spans: [{ text }], style: { ...base, role: plainRole, indentChars }, keep: false };
}
