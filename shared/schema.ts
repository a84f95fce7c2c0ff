// A small runtime schema: every argument that crosses a door (IPC, HTTP) is parsed with one of
// these before a service sees it. Hand-written because shared/ imports nothing; the types the
// schemas produce are the types the services take, so the two cannot drift apart.

export class SchemaError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    // The clerk reads this beside a field: say what is wanted; the path is for logs and tests.
    super(`输入有误：应为${expected}。`);
    this.name = 'SchemaError';
  }
}

export interface Schema<T> {
  parse(value: unknown, path?: string): T;
  /** What the value should be, in Chinese, for messages. */
  readonly expected: string;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function schema<T>(expected: string, parse: (v: unknown, path: string) => T): Schema<T> {
  return { expected, parse: (v, path = '') => parse(v, path) };
}

// Control characters have no place in anything a clerk types; newlines are allowed where text is long.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function string(opts: { max?: number; min?: number; pattern?: RegExp; what?: string } = {}): Schema<string> {
  const max = opts.max ?? 2000;
  const what = opts.what ?? `不超过 ${max} 个字符的文字`;
  return schema(what, (v, path) => {
    if (typeof v !== 'string' || v.length > max || v.length < (opts.min ?? 0) || CONTROL.test(v)) throw new SchemaError(path, what);
    if (opts.pattern && !opts.pattern.test(v)) throw new SchemaError(path, what);
    return v;
  });
}

export function int(opts: { min?: number; max?: number } = {}): Schema<number> {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const what =
    max === Number.MAX_SAFE_INTEGER ? (min === Number.MIN_SAFE_INTEGER ? '整数' : `不小于 ${min} 的整数`) : `${min} 到 ${max} 之间的整数`;
  return schema(what, (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new SchemaError(path, what);
    return v;
  });
}

export const boolean: Schema<boolean> = schema('是或否', (v, path) => {
  if (typeof v !== 'boolean') throw new SchemaError(path, '是或否');
  return v;
});

export function oneOf<const T extends readonly (string | number)[]>(values: T): Schema<T[number]> {
  const what = `以下之一：${values.join('、')}`;
  return schema(what, (v, path) => {
    if (!values.includes(v as T[number])) throw new SchemaError(path, what);
    return v as T[number];
  });
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return schema(inner.expected, (v, path) => (v === undefined ? undefined : inner.parse(v, path)));
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return schema(`${inner.expected}或空`, (v, path) => (v === null ? null : inner.parse(v, path)));
}

export function array<T>(inner: Schema<T>, opts: { max?: number; min?: number } = {}): Schema<T[]> {
  const max = opts.max ?? 100_000;
  const what = `列表（${opts.min ? `至少 ${opts.min} 项，` : ''}最多 ${max} 项）`;
  return schema(what, (v, path) => {
    if (!Array.isArray(v) || v.length > max || v.length < (opts.min ?? 0)) throw new SchemaError(path, what);
    return v.map((x, i) => inner.parse(x, `${path}[${i}]`));
  });
}

/** A plain object of keys matching `key` (e.g. column letters) to values of `inner`, at most `max` entries. */
export function record<T>(key: RegExp, inner: Schema<T>, opts: { max?: number } = {}): Schema<Record<string, T>> {
  const max = opts.max ?? 100;
  const what = `对象（最多 ${max} 项，每项的名称和值都有效）`;
  return schema(what, (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) throw new SchemaError(path, what);
    const keys = Object.keys(v);
    if (keys.length > max) throw new SchemaError(path, what);
    const out: Record<string, T> = {};
    for (const k of keys) {
      if (!key.test(k)) throw new SchemaError(path ? `${path}.${k.slice(0, 40)}` : k.slice(0, 40), what);
      out[k] = inner.parse((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    }
    return out;
  });
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

/** A plain object with exactly these keys: unknown keys are refused, not ignored, so a typo is an error. */
export function object<S extends Shape>(shape: S): Schema<{ [K in keyof ObjectOf<S>]: ObjectOf<S>[K] }> {
  return schema('对象', (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) {
      throw new SchemaError(path, '对象');
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      if (!Object.prototype.hasOwnProperty.call(shape, key)) throw new SchemaError(path ? `${path}.${key}` : key, `不含未知项“${key.slice(0, 40)}”的数据`);
    }
    for (const [key, inner] of Object.entries(shape)) {
      const parsed = inner.parse((v as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (parsed !== undefined) out[key] = parsed;
    }
    return out as { [K in keyof ObjectOf<S>]: ObjectOf<S>[K] };
  });
}
