import * as m001 from './001-initial';
import * as m002 from './002-title-supplied';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** In order; the schema version of an archive is the number of migrations applied to it. */
export const MIGRATIONS: Migration[] = [
  { version: 1, ...m001 },
  { version: 2, ...m002 },
];
export const SCHEMA_VERSION = MIGRATIONS.length;
