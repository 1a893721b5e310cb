// Request bodies: nesting is refused before anything recursive sees it, and a client that goes
// away mid-body is a client error, not an unexpected one.
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/problem.js';
import { collect, MAX_JSON_DEPTH, nestsDeeperThan, readJsonBody } from './body.js';

function request(body: string | undefined, headers: Record<string, string> = {}): IncomingMessage & PassThrough {
  const stream = new PassThrough() as unknown as IncomingMessage & PassThrough;
  const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  Object.assign(stream, { headers: { 'content-type': 'application/json', ...length, ...headers }, complete: false });
  if (body !== undefined) {
    stream.on('end', () => Object.assign(stream, { complete: true }));
    stream.end(body);
  }
  return stream;
}

const spec = { limit: 1 << 20, rootType: 'object' } as Parameters<typeof readJsonBody>[1];

describe('nestsDeeperThan', () => {
  it.each([
    ['{"a":[1,{"b":2}]}', 3, false],
    ['{"a":[1,{"b":2}]}', 2, true],
    ['{"a":"[[[[[[[[[["}', 1, false],
    ['{"a":"\\"[[[[[[[["}', 1, false],
    ['[[[[', 3, true],
    ['[]'.repeat(10_000), 1, false],
  ])('%s deeper than %i → %s', (text, max, want) => expect(nestsDeeperThan(text, max)).toBe(want));
});

describe('readJsonBody', () => {
  it(`refuses a body nested deeper than ${MAX_JSON_DEPTH} levels with a 400, at any depth up to 100k`, async () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 10_000, 100_000]) {
      const body = `{"tags":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const err = await readJsonBody(request(body), spec).catch((e) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({
        status: 400,
        code: 'MALFORMED_REQUEST',
        detail: `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`,
      });
    }
  });

  it(`parses a body nested ${MAX_JSON_DEPTH} levels`, async () => {
    const depth = MAX_JSON_DEPTH - 1;
    const body = `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect((await readJsonBody(request(body), spec))?.value).toEqual(JSON.parse(body));
  });
});

describe('collect', () => {
  it('answers a body the client stopped sending with a 400, not an unexpected error', async () => {
    const req = request(undefined, { 'content-length': '100' });
    req.write('{"a":');
    const pending = collect(req, 1_000);
    req.destroy();
    await expect(pending).rejects.toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
  });
});
