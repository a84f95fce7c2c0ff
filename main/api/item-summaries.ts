// Items as list rows: one query over items with counts and the first thumbnail, no file details,
// so that the list of a 10,000-item archive arrives in one round trip.
import { sql, sqlList, type Queryable } from '../archive/db';
import { SUBMISSION_COLUMNS, itemCondition, submissionOf, type SubmissionRow } from '../archive/items-repo';
import type { ReviewState } from '../../shared/domain';
import { thumbRel } from '../archive/store';
import type { ItemSummary } from '../../shared/api';
import type { ItemKind } from '../../shared/domain';
import { IMAGE_TYPES } from '../../shared/domain';

// Counted as the dossier prints them: images in the 照片 role (isCaptionedPhoto).
const PHOTO_TYPES = sqlList([...IMAGE_TYPES]);

export interface SummaryQuery {
  /** Items linked to any of these indicators (an indicator and the ones below it). */
  indicatorIds?: number[];
  inbox?: boolean;
  trash?: boolean;
  ids?: number[];
  department?: string;
  review?: ReviewState;
}

interface Row extends SubmissionRow {
  id: number;
  kind: ItemKind;
  title: string;
  title_supplied: number;
  date: string | null;
  department: string;
  participants: number | null;
  deleted_at: string | null;
  files: number;
  photos: number;
  warnings: number;
  thumb_sha: string | null;
  codes: string | null;
}

export async function itemSummaries(db: Queryable, q: SummaryQuery = {}): Promise<ItemSummary[]> {
  const base = itemCondition({ deleted: q.trash ? 'only' : 'live', inbox: q.inbox, ids: q.ids, department: q.department, review: q.review });
  const cond = q.indicatorIds
    ? sql`${base} AND EXISTS (SELECT 1 FROM links l WHERE l.item_id = i.id AND l.indicator_id IN (${sqlList(q.indicatorIds)}))`
    : base;
  const rows = await db.all<Row>(sql`
    SELECT i.id, i.kind, i.title, i.title_supplied, i.date, i.department, i.participants, i.deleted_at, ${SUBMISSION_COLUMNS},
      (SELECT count(*) FROM files f WHERE f.item_id = i.id) AS files,
      (SELECT count(*) FROM files f JOIN blobs b ON b.sha256 = f.sha256 WHERE f.item_id = i.id AND f.role = 'photo' AND b.type IN (${PHOTO_TYPES})) AS photos,
      (SELECT count(*) FROM files f JOIN blobs b ON b.sha256 = f.sha256 WHERE f.item_id = i.id AND b.warning IS NOT NULL) AS warnings,
      (SELECT f.sha256 FROM files f JOIN blobs b ON b.sha256 = f.sha256 WHERE f.item_id = i.id AND b.has_thumb
        ORDER BY f.position LIMIT 1) AS thumb_sha,
      (SELECT group_concat(code, char(31)) FROM (SELECT n.code FROM links l JOIN indicators n ON n.id = l.indicator_id
        WHERE l.item_id = i.id ORDER BY l.rowid)) AS codes
    FROM items i WHERE ${cond}
    ORDER BY coalesce(i.date, '9999'), i.id`);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    titleSupplied: r.title_supplied === 1,
    date: r.date,
    department: r.department,
    participants: r.participants,
    indicators: r.codes ? r.codes.split('\u001f') : [],
    files: r.files,
    photos: r.photos,
    thumb: r.thumb_sha ? thumbRel(r.thumb_sha) : null,
    warnings: r.warnings,
    deletedAt: r.deleted_at,
    submission: submissionOf(r),
  }));
}
