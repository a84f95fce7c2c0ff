import { API, JOB_SPEC, isApiMethod } from '../../shared/api';
import { SchemaError, array, int, object, oneOf, optional, string } from '../../shared/schema';

describe('schemas', () => {
  const s = object({ id: int({ min: 1 }), name: optional(string({ max: 5 })), tags: optional(array(oneOf(['a', 'b'] as const))) });

  test('accepts what the shape says and drops nothing it knows', () => {
    expect(s.parse({ id: 3, name: 'abc', tags: ['a'] })).toEqual({ id: 3, name: 'abc', tags: ['a'] });
    expect(s.parse({ id: 3 })).toEqual({ id: 3 });
  });

  test.each([
    [{ id: 0 }, 'id'],
    [{ id: 1.5 }, 'id'],
    [{ id: '1' }, 'id'],
    [{ id: 1, name: 'abcdef' }, 'name'],
    [{ id: 1, name: 'a\u0000b' }, 'name'],
    [{ id: 1, tags: ['c'] }, 'tags[0]'],
    [{ id: 1, extra: true }, 'extra'],
    [null, ''],
    [[1], ''],
  ])('refuses %j at %s with a Chinese message', (value, where) => {
    try {
      s.parse(value);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(SchemaError);
      expect((e as SchemaError).path).toBe(where);
      expect((e as SchemaError).message).toMatch(/^输入有误：应为.+。$/);
    }
  });

  test('an object that is not a plain object (a prototype trick) is refused', () => {
    expect(() => s.parse(Object.create({ id: 1 }))).toThrow(SchemaError);
  });

  test('every method of the contract has a schema that refuses an unknown key', () => {
    for (const [name, spec] of Object.entries(API)) {
      expect(isApiMethod(name)).toBe(true);
      expect(() => spec.args.parse({ surelyUnknown: 1 })).toThrow(SchemaError);
    }
    expect(isApiMethod('constructor')).toBe(false);
    expect(isApiMethod('__proto__')).toBe(false);
  });

  test('job specs: spine widths and photo counts are the printable ones', () => {
    expect(JOB_SPEC.parse({ kind: 'export-boxes', spine: 30, capacity: 200 })).toEqual({ kind: 'export-boxes', spine: 30, capacity: 200 });
    expect(() => JOB_SPEC.parse({ kind: 'export-boxes', spine: 25 })).toThrow(SchemaError);
    expect(() => JOB_SPEC.parse({ kind: 'export-pdf', photosPerPage: 3 })).toThrow(SchemaError);
    expect(() => JOB_SPEC.parse({ kind: 'delete-everything' })).toThrow(SchemaError);
  });
});
