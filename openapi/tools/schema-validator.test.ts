// The validator the stub and the runner share: JSON Schema's verdicts where ajv's own code is wrong.
import { describe, expect, it } from 'vitest';
import { createSchemaValidator } from './schema-validator.js';
import type { Spec } from './spec.js';

const validator = createSchemaValidator({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} } as unknown as Spec);
const strings = { type: 'array', items: { type: 'string' }, uniqueItems: true };
const anything = { type: 'array', uniqueItems: true };

describe('uniqueItems', () => {
  it.each([
    ['two "__proto__" strings', strings, ['__proto__', '__proto__']],
    ['two "constructor" strings', strings, ['a', 'constructor', 'constructor']],
    ['two "toString" strings', strings, ['toString', 'toString']],
    ['equal numbers written differently', anything, [1, 1.0]],
    [
      'equal objects with keys in another order',
      anything,
      [
        { a: 1, b: [2] },
        { b: [2], a: 1 },
      ],
    ],
    ['equal objects holding a "__proto__" key', anything, [JSON.parse('{"__proto__":1}'), JSON.parse('{"__proto__":1}')]],
    ['two nulls', anything, [null, null]],
  ])('rejects %s, naming both items', (_label, schema, value) => {
    const errors = validator.validate(schema, value);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/^must NOT have duplicate items \(items ## \d+ and \d+ are identical\)$/);
  });

  it.each([
    ['distinct "__proto__"-like strings', strings, ['__proto__', 'constructor', 'toString']],
    ['a number and its string', anything, [1, '1']],
    ['objects that differ in one key', anything, [{ a: 1 }, { a: 1, b: 2 }]],
    ['false, 0, null and ""', anything, [false, 0, null, '']],
    ['an empty array', strings, []],
  ])('accepts %s', (_label, schema, value) => {
    expect(validator.validate(schema, value)).toEqual([]);
  });

  it('reports the pointer of the array, as ajv does', () => {
    const body = { type: 'object', properties: { tags: strings } };
    expect(validator.validate(body, { tags: ['x', 'x'] })).toEqual([
      { pointer: '/tags', message: 'must NOT have duplicate items (items ## 1 and 0 are identical)' },
    ]);
  });

  it('is off when the schema says false', () => {
    expect(validator.validate({ type: 'array', uniqueItems: false }, ['a', 'a'])).toEqual([]);
  });
});
