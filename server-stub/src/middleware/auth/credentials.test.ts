import { describe, expect, it } from 'vitest';
import { keyInBody, keyInQuery, readCredentials } from './credentials.js';

const KEY = `pl_test_${'a'.repeat(40)}`;
const OTHER = `pl_test_${'b'.repeat(40)}`;

describe('readCredentials', () => {
  // given request headers; want what the request presents as credentials
  const table: Array<[string, Record<string, string>, ReturnType<typeof readCredentials>]> = [
    ['nothing', {}, { kind: 'none' }],
    ['Bearer', { authorization: `Bearer ${KEY}` }, { kind: 'key', secret: KEY }],
    ['bearer in lower case', { authorization: `bearer ${KEY}` }, { kind: 'key', secret: KEY }],
    ['BEARER with extra spaces', { authorization: `BEARER   ${KEY} ` }, { kind: 'key', secret: KEY }],
    ['X-API-Key', { 'x-api-key': KEY }, { kind: 'key', secret: KEY }],
    ['both, same key', { authorization: `Bearer ${KEY}`, 'x-api-key': KEY }, { kind: 'key', secret: KEY }],
    ['both, different keys', { authorization: `Bearer ${KEY}`, 'x-api-key': OTHER }, { kind: 'conflict' }],
    ['Basic only', { authorization: 'Basic dXNlcjpwYXNz' }, { kind: 'key', secret: '' }],
    ['a bare key in Authorization', { authorization: KEY }, { kind: 'key', secret: '' }],
    ['Basic and X-API-Key', { authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': KEY }, { kind: 'key', secret: KEY }],
    ['an empty Bearer', { authorization: 'Bearer ' }, { kind: 'key', secret: '' }],
    ['an empty X-API-Key', { 'x-api-key': '' }, { kind: 'none' }],
  ];
  it.each(table)('%s', (_given, headers, want) => expect(readCredentials(headers)).toEqual(want));
});

describe('keyInQuery / keyInBody', () => {
  it.each([
    [{ api_key: 'x' }, true],
    [{ API_KEY: 'x' }, true],
    [{ apikey: 'x' }, true],
    [{ access_token: 'x' }, true],
    [{ token: 'x' }, true],
    [{ key: 'x' }, true],
    [{ q: KEY }, true],
    [{ q: ['a', `prefix-${KEY}`] }, true],
    [{ limit: '20', status: 'active' }, false],
    [{ token: '' }, false],
  ])('query %j → %s', (query, want) => expect(keyInQuery(query)).toBe(want));

  it.each([
    [{ api_key: KEY }, true],
    [{ token: 'anything' }, true],
    [{ metadata: { note: KEY } }, true],
    [{ name: 'Backend', scopes: ['calls:read'] }, false],
    [{ key: 42 }, false],
    [['pl_test_short'], false],
  ])('body %j → %s', (body, want) => expect(keyInBody(JSON.stringify(body), body)).toBe(want));
});
