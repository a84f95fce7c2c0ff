// A small promise wrapper over node-sqlite3. SQL is only ever written with the `sql` tag, which
// turns every interpolation into a bound parameter, so no query can be built from strings.
// sqlite3 runs statements on libuv's pool; one connection is shared, and `transaction` holds a
// queue lock so that statements of other callers never interleave with an open transaction.
import { AsyncLocalStorage } from 'node:async_hooks';
import sqlite3 from 'sqlite3';

export type SqlValue = string | number | bigint | null | Buffer;

const SQL_BRAND = Symbol('sql');

/** A statement with its parameters; only sql``, sqlList, sqlJoin and trustedSql make one. */
export interface Sql {
  readonly text: string;
  readonly params: SqlValue[];
  readonly [SQL_BRAND]: true;
}

type SqlPart = SqlValue | boolean | undefined | Sql;

function isSql(v: unknown): v is Sql {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[SQL_BRAND] === true;
}

function make(text: string, params: SqlValue[]): Sql {
  return Object.freeze({ text, params, [SQL_BRAND]: true as const });
}

/** Tagged template: sql`SELECT * FROM items WHERE id = ${id}`. Nested sql fragments are spliced. */
export function sql(strings: TemplateStringsArray, ...values: SqlPart[]): Sql {
  let text = strings[0];
  const params: SqlValue[] = [];
  values.forEach((v, i) => {
    if (isSql(v)) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);
    }
    text += strings[i + 1];
  });
  return make(text, params);
}

/** A list of values for `IN (…)`: sql`… WHERE id IN (${sqlList(ids)})`. */
export function sqlList(values: SqlValue[]): Sql {
  if (values.length === 0) return make('NULL', []);
  return make(values.map(() => '?').join(', '), values);
}

/** Joins fragments with a separator given as trusted SQL text (e.g. ' AND '). */
export function sqlJoin(parts: Sql[], separator: string): Sql {
  return make(parts.map((p) => p.text).join(separator), parts.flatMap((p) => p.params));
}

/** Raw SQL text for statements that have no parameters and come from this codebase (migrations). */
export function trustedSql(text: string): Sql {
  return make(text, []);
}

export type Row = Record<string, SqlValue>;

export interface Queryable {
  run(q: Sql): Promise<{ lastID: number; changes: number }>;
  get<T = Row>(q: Sql): Promise<T | undefined>;
  all<T = Row>(q: Sql): Promise<T[]>;
  exec(q: Sql): Promise<void>;
}

class Lock {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

/** Which Db's transaction the current async context is inside. */
const inTransaction = new AsyncLocalStorage<Db>();

/** Taken before every transaction: the archive's writer lock, or a refusal for a read-only archive. */
export type WriteGuard = () => Promise<() => Promise<void>>;

export class Db implements Queryable {
  private readonly lock = new Lock();
  private guard: WriteGuard | null = null;
  private constructor(private readonly raw: sqlite3.Database) {}

  /**
   * 'readonly': the file is only read (SQLite mode=ro); 'immutable': the medium cannot change at
   * all (a disc, a write-protected stick), so SQLite takes no locks and needs no -shm file.
   */
  static open(file: string, mode: 'readwrite' | 'create' | 'readonly' | 'immutable' = 'readwrite'): Promise<Db> {
    let name = file;
    let flags = sqlite3.OPEN_READWRITE | (mode === 'create' ? sqlite3.OPEN_CREATE : 0);
    if (mode === 'readonly' || mode === 'immutable') {
      flags = sqlite3.OPEN_READONLY | sqlite3.OPEN_URI;
      const uriPath = encodeURI(file.replace(/\\/g, '/')).replace(/\?/g, '%3f').replace(/#/g, '%23');
      name = `file:${uriPath.startsWith('/') ? '' : '/'}${uriPath}?mode=ro${mode === 'immutable' ? '&immutable=1' : ''}`;
    }
    return new Promise((resolve, reject) => {
      const raw = new sqlite3.Database(name, flags, (err) => (err ? reject(err) : resolve(new Db(raw))));
    });
  }

  setWriteGuard(guard: WriteGuard | null): void {
    this.guard = guard;
  }

  // The raw calls, without the lock: used inside a transaction, which already holds it.
  private rawRun(q: Sql): Promise<{ lastID: number; changes: number }> {
    return new Promise((resolve, reject) => {
      this.raw.run(q.text, q.params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ lastID: this.lastID, changes: this.changes });
      });
    });
  }
  private rawGet<T>(q: Sql): Promise<T | undefined> {
    return new Promise((resolve, reject) =>
      this.raw.get(q.text, q.params, (err: Error | null, row: T) => (err ? reject(err) : resolve(row))),
    );
  }
  private rawAll<T>(q: Sql): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.raw.all(q.text, q.params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))),
    );
  }
  private rawExec(q: Sql): Promise<void> {
    if (q.params.length) return this.rawRun(q).then(() => undefined);
    return new Promise((resolve, reject) => this.raw.exec(q.text, (err) => (err ? reject(err) : resolve())));
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    // Inside a transaction callback the Db itself would wait for the lock that callback holds:
    // a silent deadlock. Say so instead; the callback must use its `tx`.
    if (inTransaction.getStore() === this) throw new Error('inside a transaction, use its tx handle, not the Db (this call would deadlock)');
    const release = await this.lock.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  run(q: Sql) {
    return this.locked(() => this.rawRun(q));
  }
  get<T = Row>(q: Sql) {
    return this.locked(() => this.rawGet<T>(q));
  }
  all<T = Row>(q: Sql) {
    return this.locked(() => this.rawAll<T>(q));
  }
  exec(q: Sql) {
    return this.locked(() => this.rawExec(q));
  }

  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>, kind: 'IMMEDIATE' | 'EXCLUSIVE' = 'IMMEDIATE'): Promise<T> {
    if (inTransaction.getStore() === this) throw new Error('inside a transaction, use its tx handle, not the Db (this call would deadlock)');
    const release = this.guard ? await this.guard() : null;
    try {
      return await this.inTransaction(fn, kind);
    } finally {
      await release?.();
    }
  }

  private inTransaction<T>(fn: (tx: Queryable) => Promise<T>, kind: 'IMMEDIATE' | 'EXCLUSIVE'): Promise<T> {
    return this.locked(async () => {
      const tx: Queryable = {
        run: (q) => this.rawRun(q),
        get: (q) => this.rawGet(q),
        all: (q) => this.rawAll(q),
        exec: (q) => this.rawExec(q),
      };
      await this.rawExec(trustedSql(kind === 'EXCLUSIVE' ? 'BEGIN EXCLUSIVE' : 'BEGIN IMMEDIATE'));
      try {
        const result = await inTransaction.run(this, () => fn(tx));
        await this.rawExec(trustedSql('COMMIT'));
        return result;
      } catch (e) {
        await this.rawExec(trustedSql('ROLLBACK')).catch(() => undefined);
        throw e;
      }
    });
  }

  close(): Promise<void> {
    return this.locked(() => new Promise<void>((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve()))));
  }
}
