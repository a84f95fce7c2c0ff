// Which indicator a folder name means. Clerks name folders after indicators the way the table
// prints them ("一、加强组织领导（20分）", "1.2 召开推进会", "Ⅱ-1"), so both sides are reduced
// to a key (list markers, score notes, width and spaces gone) and compared by code or title.
import { nameKey, normalizeWidth, stripListMarker } from '../../shared/names';
import type { Indicator } from '../../shared/domain';

export class IndicatorMatcher {
  private readonly children = new Map<number | null, Indicator[]>();
  private readonly byId = new Map<number, Indicator>();

  constructor(indicators: Indicator[]) {
    for (const i of indicators) {
      if (i.removed) continue;
      this.byId.set(i.id, i);
      const list = this.children.get(i.parentId) ?? [];
      list.push(i);
      this.children.set(i.parentId, list);
    }
  }

  get(id: number): Indicator | undefined {
    return this.byId.get(id);
  }

  /** Follows an indicator down while it has exactly one sub-indicator. */
  soleDescendant(id: number): number {
    let cur = id;
    for (let kids = this.children.get(cur) ?? []; kids.length === 1; kids = this.children.get(cur) ?? []) cur = kids[0].id;
    return cur;
  }

  /** Descendants of `root` (or the whole tree when null), nearest levels first. */
  private descendants(root: number | null): Indicator[] {
    const out: Indicator[] = [];
    let frontier = this.children.get(root) ?? [];
    while (frontier.length) {
      out.push(...frontier);
      frontier = frontier.flatMap((i) => this.children.get(i.id) ?? []);
    }
    return out;
  }

  /**
   * The indicator a folder name maps to, searched below `within` (the whole tree when null).
   * A code match wins over a title match; among title matches the shallowest wins.
   */
  match(folderName: string, within: number | null = null): Indicator | null {
    const candidates = this.descendants(within);
    const plain = normalizeWidth(folderName).replace(/\s+/g, '');
    const { text, numericCode } = stripListMarker(folderName);
    const key = nameKey(folderName);
    const codeOf = (c: string) => normalizeWidth(c).replace(/\s+/g, '').replace(/[—–－]/g, '-').toLowerCase();
    const plainCode = codeOf(plain);
    const byCode = candidates.filter((i) => codeOf(i.code) === plainCode);
    if (byCode.length) return byCode[0];
    const byTitle = candidates.filter((i) => key !== '' && nameKey(i.title) === key);
    if (byTitle.length) {
      // "1.2 召开推进会": when a number is given too, prefer the indicator that carries it.
      return byTitle.find((i) => numericCode != null && i.code === numericCode) ?? byTitle[0];
    }
    // A folder named by code and a title that differs ("1.2 推进会材料"): the code alone decides,
    // but only when the rest of the name is not some other indicator's title.
    if (numericCode && text) {
      const coded = candidates.find((i) => i.code === numericCode);
      if (coded && !this.descendants(null).some((i) => nameKey(i.title) === key)) return coded;
    }
    return null;
  }
}
