// GB/T 9704-2012 page geometry: A4, top margin 37 mm, binding-side margin 28 mm, text area
// 156 × 225 mm; the page number 7 mm below the text area, odd pages right, even pages left.
export const MM = 72 / 25.4;
export const A4 = { width: 210 * MM, height: 297 * MM };
export const TEXT_AREA = { width: 156 * MM, height: 225 * MM };
export const TOP_MARGIN = 37 * MM;
export const BINDING_MARGIN = 28 * MM;
export const OUTER_MARGIN = A4.width - BINDING_MARGIN - TEXT_AREA.width; // 26 mm

/** Point sizes of the Chinese type sizes (号). */
export const PT = { er: 22, xiaoEr: 18, san: 16, si: 14, xiaoSi: 12, wu: 10.5 } as const;

/** 22 lines on 225 mm: the fixed line pitch of body text. */
export const BODY_PITCH = TEXT_AREA.height / 22;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The text area of a physical page. In duplex printing the binding side alternates: left on odd
 * (front) pages, right on even (back) pages; simplex pages all bind on the left.
 */
export function textBox(physicalPage: number, duplex: boolean): Box {
  const bindLeft = !duplex || physicalPage % 2 === 1;
  return { x: bindLeft ? BINDING_MARGIN : OUTER_MARGIN, y: TOP_MARGIN, width: TEXT_AREA.width, height: TEXT_AREA.height };
}

/** "— 7 —" */
export function pageNumberText(n: number): string {
  return `— ${n} —`;
}
