// How many columns a string takes where Chinese characters are twice as wide as Latin ones:
// terminal tables, Excel column widths.

/** East Asian Wide and Fullwidth ranges. */
function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd)
  );
}

/** Ambiguous-width signs (· × ÷ ° ±, dashes, quotes, arrows …): wide in a Chinese font, narrow in most terminals. */
function isAmbiguous(c: number): boolean {
  return c === 0xb7 || c === 0xd7 || c === 0xf7 || c === 0xb0 || c === 0xb1 || (c >= 0x2010 && c <= 0x2e7f);
}

export function displayWidth(s: string, opts: { ambiguousWide?: boolean } = {}): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += isWide(c) || (opts.ambiguousWide === true && isAmbiguous(c)) ? 2 : 1;
  }
  return w;
}
