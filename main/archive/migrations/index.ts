import type { Queryable } from '../db';
import * as m001 from './001-initial';
import * as m002 from './002-title-supplied';
import * as m003 from './003-settings-and-change-log';
import * as m004 from './004-statements-and-photo-hashes';
import * as m005 from './005-page-text';
import * as m006 from './006-search-chars';
import * as m007 from './007-collection';

export interface Migration {
  version: number;
  name: string;
  up: string;
  /** Work SQL alone cannot do (filling a new index from existing rows), in the same transaction. */
  after?: (tx: Queryable) => Promise<void>;
}

/** In order; the schema version of an archive is the number of migrations applied to it. */
export const MIGRATIONS: Migration[] = [
  { version: 1, ...m001 },
  { version: 2, ...m002 },
  { version: 3, ...m003 },
  { version: 4, ...m004 },
  { version: 5, ...m005 },
  { version: 6, ...m006 },
  { version: 7, ...m007 },
];
export const SCHEMA_VERSION = MIGRATIONS.length;
