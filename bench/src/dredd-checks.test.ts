// Counting what Dredd checked: one status, Content-Type plus each required header, every example key.
import { describe, expect, it } from 'vitest';
import type { DreddPlan, PlanEntry } from '../../dredd/plan.js';
import type { DreddTransactionResult } from '../../dredd/run.js';
import { countDreddChecks, exampleKeys } from './dredd-checks.js';

describe('exampleKeys', () => {
  const table: Array<[string, unknown, number]> = [
    ['a scalar', 'x', 0],
    ['an empty object', {}, 0],
    ['a flat object', { a: 1, b: null, c: 'x' }, 3],
    ['nested objects', { a: { b: { c: 1 } } }, 3],
    ['objects inside an array, each element counted', { data: [{ id: 1, x: 2 }, { id: 2 }], has_more: false }, 5],
    ['an array of scalars', { tags: ['a', 'b'] }, 1],
    ['a top-level array', [{ a: 1 }, { b: 2 }], 2],
  ];
  for (const [given, value, want] of table) it(`${given}: ${want}`, () => expect(exampleKeys(value)).toBe(want));
});

const entry = (operationId: string, status: string, example: string, headers: string[], body: unknown): PlanEntry => ({
  key: `k ${operationId} ${status}`,
  operationId,
  status,
  example,
  request: { method: 'GET', path: '/x', uri: '/x', example: { path: {}, query: {}, header: {} } },
  expected: { mediaType: 'application/json', headers, body },
});
const plan: DreddPlan = {
  documents: ['Parley API'],
  canonicalIds: { all: [], created: [] },
  entries: [
    entry('getAccount', '200', 'account', ['X-Request-Id', 'RateLimit'], { id: 'a', balance: { amount: 1, currency: 'USD' } }),
    entry('getCall', '404', 'not-found', ['X-Request-Id'], { type: 't', title: 't', status: 404 }),
    { key: 'k getCall 401', operationId: 'getCall', status: '401', skip: 'probe only' },
  ],
};
const result = (
  operationId: string,
  status: string,
  example: string | undefined,
  r: DreddTransactionResult['result'],
): DreddTransactionResult => ({ name: operationId, operationId, status, example, result: r, message: '' });

describe('countDreddChecks', () => {
  it('counts status, Content-Type + required headers and body keys of every transaction sent, failed ones too', () => {
    const count = countDreddChecks(plan, [
      result('getAccount', '200', 'account', 'pass'),
      result('getCall', '404', 'not-found', 'fail'),
      result('getCall', '401', undefined, 'skip'),
    ]);
    // getAccount: 1 + (1 + 2) + 4 keys; getCall 404: 1 + (1 + 1) + 3 keys; the skipped 401 nothing.
    expect(count).toEqual({ transactions: 2, status: 2, headers: 5, bodyKeys: 7, assertions: 14, verdicts: 6 });
  });

  it('counts only the status of a transaction missing from the plan', () => {
    expect(countDreddChecks(plan, [result('somethingNew', '200', 'x', 'pass')])).toEqual({
      transactions: 1,
      status: 1,
      headers: 0,
      bodyKeys: 0,
      assertions: 1,
      verdicts: 1,
    });
  });

  it('counts nothing when nothing was sent', () => {
    expect(countDreddChecks(plan, [result('getCall', '401', undefined, 'skip')]).assertions).toBe(0);
  });
});
