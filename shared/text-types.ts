// What the app reads from its evidence: the text of each page (a PDF's own text layer or offline
// OCR of a scan or photo), and what it suggests from that text. Shared by the main process (which
// reads, stores and ranks) and the interface (which offers the suggestions for one click).
import { ITEM_KIND_LABELS, type Item, type ItemKind } from './domain';

/** A corner of a box, in the page's own units (image pixels for OCR, PDF points for a text layer; origin top left). */
export type Point = [number, number];

/** One line of text as found on the page, with its quadrilateral: top-left, top-right, bottom-right, bottom-left. */
export interface TextLine {
  text: string;
  box: [Point, Point, Point, Point];
  /** The recogniser's confidence, 0–1 (1 for a PDF's text layer). */
  score: number;
}

/** The text of one page of a stored file. `width` × `height` is the space the boxes are in. */
export interface PageText {
  /** 1-based. */
  page: number;
  width: number;
  height: number;
  source: 'pdf' | 'ocr';
  /** Which engine read it: pdfjs, paddle (PP-OCRv4 on onnxruntime), tesseract. */
  engine: string;
  /** The lines joined in reading order, one per line. */
  text: string;
  lines: TextLine[];
}

/**
 * Where a stored file stands with reading: null — nothing to read (a video, a DOCX read at
 * intake); pending — waiting for OCR; done — text kept; scene — a photo of an event, not a
 * document (no page text kept, found by its caption); failed — could not be read (the reason in
 * the reader's report).
 */
export type TextState = 'pending' | 'done' | 'scene' | 'failed';

/** The background reader (文字识别) of the open archive. */
export interface TextProgress {
  state: 'idle' | 'running' | 'paused';
  /** Files read in this run, and all files that were waiting when it began (or were added since). */
  done: number;
  total: number;
  /** The file being read now. */
  current: string | null;
  /** Files that could not be read (in this archive, not only this run). */
  failed: number;
  /** Files still waiting (in this archive). */
  pending: number;
}

export const SUGGESTION_FIELDS = ['date', 'docNumber', 'responsible', 'title', 'participants', 'kind'] as const;
export type SuggestionField = (typeof SUGGESTION_FIELDS)[number];

export const SUGGESTION_LABELS: Record<SuggestionField, string> = {
  date: '日期',
  docNumber: '文号',
  responsible: '责任者',
  title: '题名',
  participants: '参与人数',
  kind: '类别',
};

/** Kinds the app gives when it cannot tell (a photo, 其他): a suggestion may replace them without asking. */
export const STOPGAP_KINDS: readonly ItemKind[] = ['photos', 'other'];

/**
 * Whether a field holds nothing the clerk (or a document) decided, so 接受建议 and 填入空白项 may
 * fill it: empty, or what the app put there on its own — a title made from a file's or folder's
 * name, the date a photo was taken (EXIF), 类别 照片/其他. `value` is the field's value now (the
 * stored item's, or the form's while typing).
 */
export function isFillable(item: Pick<Item, 'titleSupplied' | 'files'>, field: SuggestionField, value: string | number | null): boolean {
  if (value == null || value === '') return true;
  switch (field) {
    case 'title':
      return item.titleSupplied || item.files.some((f) => f.name.replace(/\.[^.]+$/, '') === value);
    case 'date':
      return item.files.some((f) => f.exifTime?.slice(0, 10) === value);
    case 'kind':
      return STOPGAP_KINDS.includes(value as ItemKind);
    default:
      return false;
  }
}

/** A suggested or current value as the clerk reads it: 类别 by its name (文件), the rest as written. */
export function suggestionText(field: SuggestionField, value: string | number | null): string {
  if (value == null) return '';
  return field === 'kind' ? (ITEM_KIND_LABELS[value as ItemKind] ?? String(value)) : String(value);
}

/** A value read from an item's text, offered to the clerk; never written without a click. */
export interface FieldSuggestion {
  field: SuggestionField;
  /** ISO date for date, a number for participants, an ItemKind for kind, text otherwise. */
  value: string | number;
  /** Where it was read: 通知.pdf 第 1 页. */
  from: string;
  /** The words it was read from, as printed: 2023年2月10日, 某政办〔2023〕5号. */
  evidence: string;
  /** What the item has now in that field ('' / null when empty); the suggestion equals it when already taken. */
  current: string | number | null;
}

/** A lowest-level indicator that an item's text and title match, best first. */
export interface FilingSuggestion {
  code: string;
  title: string;
  /** 0–1, relative to the best possible match. */
  score: number;
  /** The words both share, for the tooltip: 科普, 讲座. */
  words: string[];
}

export interface ItemSuggestions {
  itemId: number;
  fields: FieldSuggestion[];
  filing: FilingSuggestion[];
  /** Signed rows counted on the item's sign-in sheets, or null when it has none that were read. */
  signed: number | null;
}
