// The spec multiplier: copies of every path item under renamed paths, operationIds and tags, components shared.
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../openapi/tools/spec.js';
import { copiedPath, multiplySpec, operationCount, originalOperationId } from './spec-multiplier.js';

const tiny = {
  openapi: '3.1.0',
  tags: [{ name: 'Account' }],
  paths: {
    '/v1/account': {
      get: { operationId: 'getAccount', tags: ['Account'], responses: { 200: { $ref: '#/components/responses/Ok' } } },
    },
    '/v1/calls/{call_id}': {
      parameters: [{ $ref: '#/components/parameters/CallId' }],
      get: { operationId: 'getCall', tags: ['Account'], responses: {} },
      delete: { operationId: 'deleteCall', tags: ['Account'], responses: {} },
    },
    '/health': { get: { operationId: 'health', responses: {} } },
  },
  components: { responses: { Ok: { description: 'ok' } }, parameters: { CallId: { name: 'call_id', in: 'path' } } },
};

describe('copiedPath / originalOperationId', () => {
  const paths: Array<[string, number, string]> = [
    ['/v1/account', 2, '/v1/copy2/account'],
    ['/v1/calls/{call_id}', 10, '/v1/copy10/calls/{call_id}'],
    ['/health', 3, '/copy3/health'],
  ];
  for (const [given, copy, want] of paths) it(`${given} copy ${copy} → ${want}`, () => expect(copiedPath(given, copy)).toBe(want));
  const ids: Array<[string, string]> = [
    ['getAccountCopy7', 'getAccount'],
    ['getAccount', 'getAccount'],
    ['listCopyJobsCopy2', 'listCopyJobs'],
  ];
  for (const [given, want] of ids) it(`${given} → ${want}`, () => expect(originalOperationId(given)).toBe(want));
});

describe('multiplySpec', () => {
  it('×1 is the spec itself', () => expect(multiplySpec(tiny, 1)).toEqual(tiny));

  it('×3 has 3× the operations, renamed, with shared components and declared tags', () => {
    const got = multiplySpec(tiny, 3);
    expect(operationCount(got)).toBe(3 * operationCount(tiny));
    expect(Object.keys(got.paths)).toEqual([
      '/v1/account',
      '/v1/calls/{call_id}',
      '/health',
      '/v1/copy2/account',
      '/v1/copy2/calls/{call_id}',
      '/copy2/health',
      '/v1/copy3/account',
      '/v1/copy3/calls/{call_id}',
      '/copy3/health',
    ]);
    expect(got.paths['/v1/copy3/calls/{call_id}']).toEqual({
      parameters: [{ $ref: '#/components/parameters/CallId' }],
      get: { operationId: 'getCallCopy3', tags: ['Account (copy 3)'], responses: {} },
      delete: { operationId: 'deleteCallCopy3', tags: ['Account (copy 3)'], responses: {} },
    });
    expect(got.paths['/v1/copy2/account'].get.responses[200]).toEqual({ $ref: '#/components/responses/Ok' });
    expect(got.components).toEqual(tiny.components);
    expect(got.tags.map((t: { name: string }) => t.name)).toEqual(['Account', 'Account (copy 2)', 'Account (copy 3)']);
    expect(tiny.paths['/v1/account'].get.operationId).toBe('getAccount'); // the input is untouched
  });

  it('keeps operationIds unique on the real spec ×10', () => {
    const spec = loadSpec();
    const got = multiplySpec(spec, 10);
    const ids: string[] = [];
    for (const item of Object.values<any>(got.paths))
      for (const op of Object.values<any>(item)) if (op?.operationId) ids.push(op.operationId);
    expect(ids).toHaveLength(10 * operationCount(spec));
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const bad of [0, 1.5, -2]) it(`refuses factor ${bad}`, () => expect(() => multiplySpec(tiny, bad)).toThrow());
});
