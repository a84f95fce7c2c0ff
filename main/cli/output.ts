// What the command prints for people: aligned tables (Chinese characters are two columns wide)
// and a progress bar on stderr when it is a terminal.
import type { Progress } from '../../shared/jobs';
import { displayWidth } from '../../shared/text-width';

export { displayWidth };

function fit(s: string, width: number): string {
  width = Math.max(0, width);
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > width) return out.slice(0, -1) + '…' + ' '.repeat(Math.max(0, width - w));
    out += ch;
    w += cw;
  }
  return out + ' '.repeat(width - w);
}

/** Rows as an aligned table; columns wider than maxWidth are cut with an ellipsis. */
export function table(header: string[], rows: (string | number | null | undefined)[][], maxWidth = 40): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c == null ? '' : String(c)).replace(/\s+/g, ' ')))];
  const widths = header.map((_, i) => Math.min(maxWidth, Math.max(...cells.map((r) => displayWidth(r[i] ?? '')))));
  const line = (r: string[]) => r.map((c, i) => fit(c ?? '', widths[i])).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export interface ProgressBar {
  update(p: Progress): void;
  done(): void;
}

/** A one-line bar redrawn in place; silent when stderr is not a terminal (scripts, CI, --json pipes). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  // A terminal that reports no width (a pipe through `script`, some IDE consoles) gets 80.
  const columns = () => Math.max(20, (stream.columns || 80) - 1);
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 80 && p.done < p.total) return;
      last = now;
      const width = 24;
      const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      const filled = Math.round(frac * width);
      const text = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}% ${p.phase} ${p.done}/${p.total}`;
      stream.write(`\r${fit(text, columns())}`);
      shown = true;
    },
    done() {
      if (shown) stream.write(`\r${' '.repeat(columns())}\r`);
    },
  };
}
