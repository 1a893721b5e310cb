import { describe, expect, it } from 'vitest';
import { coerce, fieldErrors, fieldName } from './validate.js';

describe('coerce', () => {
  // given a raw value and the schema type; want the typed value (or the raw one, for ajv to refuse)
  const table: Array<[string | string[], { type?: string; itemType?: string }, unknown]> = [
    ['20', { type: 'integer' }, 20],
    ['-3', { type: 'integer' }, -3],
    ['2.5', { type: 'integer' }, '2.5'],
    ['ten', { type: 'integer' }, 'ten'],
    ['2.5', { type: 'number' }, 2.5],
    ['1e3', { type: 'number' }, 1000],
    ['true', { type: 'boolean' }, true],
    ['false', { type: 'boolean' }, false],
    ['yes', { type: 'boolean' }, 'yes'],
    ['007', { type: 'string' }, '007'],
    ['a,b', { type: 'array', itemType: 'string' }, ['a', 'b']],
    [['1', '2'], { type: 'array', itemType: 'integer' }, [1, 2]],
    ['', { type: 'array', itemType: 'string' }, []],
    [['1', '2'], { type: 'integer' }, [1, 2]],
  ];
  it.each(table)('%j as %j → %j', (raw, param, want) => expect(coerce(raw, { type: param.type, itemType: param.itemType })).toEqual(want));
});

describe('fieldName', () => {
  it.each([
    ['body', '/', 'body'],
    ['body', '/to', 'body.to'],
    ['body', '/entries/1/value', 'body.entries[1].value'],
    ['body', '/metadata/a~1b', 'body.metadata.a/b'],
    ['query.limit', '/', 'query.limit'],
  ])('%s + %s → %s', (prefix, pointer, want) => expect(fieldName(prefix, pointer)).toBe(want));
});

describe('fieldErrors', () => {
  it('names required and unknown properties, one entry per field, anyOf summary over its branches', () => {
    expect(
      fieldErrors('body', [
        { pointer: '/', message: "must have required property 'to'" },
        { pointer: '/', message: 'must NOT have additional properties (colour)' },
        { pointer: '/entries/0/value', message: 'must match pattern "^v4$"' },
        { pointer: '/entries/0/value', message: 'must match pattern "^v6$"' },
        { pointer: '/entries/0/value', message: 'must match a schema in anyOf' },
        { pointer: '/name', message: 'must be string' },
        { pointer: '/name', message: 'must NOT have fewer than 1 characters' },
      ]),
    ).toEqual([
      { field: 'body.to', message: 'is required' },
      { field: 'body.colour', message: 'is not allowed' },
      { field: 'body.entries[0].value', message: 'must match a schema in anyOf' },
      { field: 'body.name', message: 'must be string' },
    ]);
  });
});
