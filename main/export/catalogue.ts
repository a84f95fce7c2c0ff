// One entry of the 归档文件目录 (DA/T 22-2015) as every catalogue prints it: the Excel ledger's
// sheets and the 归档文件目录 / 盒内目录 of each archive box. 件号, 档号 and 页数 are the dossier's own
// (dossierPages), so a catalogue, the bound dossier and the boxes agree.
import type { DossierPages } from './dossier/dossier';
import { printsInDossier } from './dossier/item-pages';
import { exclusionMark } from '../check/evidence';
import { walk, type PrintIndicator, type PrintItem } from './dossier/plan';

export type ItemPages = DossierPages['items'];

/** Where each item is filed: printed in full under one indicator, cross-referenced under others. */
export interface Filing {
  filedUnder: Map<number, string>;
  seeAlso: Map<number, string[]>;
}

export interface CatalogueEntry {
  seq: number;
  /** 档号 */
  code: string;
  /** 文号 */
  docNumber: string;
  /** 责任者 */
  responsible: string;
  /** [题名] when the clerk wrote it (DA/T 22), on one line. */
  title: string;
  /** Eight digits, 20230308; empty when unknown. */
  date: string;
  /** 密级 */
  secrecy: string;
  /** 页数 as printed in the dossier; null when the layout gave none. */
  pages: number | null;
  /** Files printed as placeholder pages (unreadable, encrypted, video …). */
  unprintable: number;
  /** 备注 lines: the indicator, cross-references, dossier pages, placeholders. */
  notes: string[];
}

/** 12 or 12—15 */
export const pageRange = (first: number, last: number) => (first === last ? `${first}` : `${first}—${last}`);
/** 2023-03-08 → 20230308; empty when unknown. */
export const date8 = (iso: string | null) => (iso && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.replace(/-/g, '') : '');

export function filing(roots: PrintIndicator[]): Filing {
  const filedUnder = new Map<number, string>();
  const seeAlso = new Map<number, string[]>();
  for (const node of walk(roots)) {
    for (const e of node.entries) {
      const id = e.print.item.id;
      if (e.full && !filedUnder.has(id)) filedUnder.set(id, node.indicator.code);
      else if (!(seeAlso.get(id) ?? []).includes(node.indicator.code)) seeAlso.set(id, [...(seeAlso.get(id) ?? []), node.indicator.code]);
    }
  }
  return { filedUnder, seeAlso };
}

export function catalogueEntry(p: PrintItem, seq: number, pages: ItemPages, where: Filing): CatalogueEntry {
  const it = p.item;
  const pg = pages.get(it.id);
  const notes: string[] = [];
  // First, so it is not missed: an item the export was asked to include although it does not count.
  if (p.excluded) notes.push(exclusionMark(p.excluded));
  const under = where.filedUnder.get(it.id);
  if (under) notes.push(`指标 ${under}`);
  const also = where.seeAlso.get(it.id);
  if (also?.length) notes.push(`另见 ${also.join('、')}`);
  if (pg) notes.push(`台账第 ${pageRange(pg.first, pg.last)} 页`);
  const unprintable = it.files.filter((f) => !printsInDossier(f)).length;
  if (unprintable) notes.push(`${unprintable} 个文件未能打印（以占位页代替）`);
  // A title the clerk wrote (from a folder name), not taken from the document: [题名] (DA/T 22).
  // Control characters are left for the caller to strip (the sheet reports them).
  const title = it.title.replace(/[\r\n\t]+/g, ' ').trim();
  return {
    seq,
    code: p.code,
    docNumber: it.docNumber,
    responsible: it.responsible,
    title: it.titleSupplied ? `[${title}]` : title,
    date: date8(it.date),
    secrecy: it.secrecy,
    pages: pg ? pg.count : null,
    unprintable,
    notes,
  };
}
