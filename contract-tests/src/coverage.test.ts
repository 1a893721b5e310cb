// Coverage of the documented contract: given operations and case outcomes, want each dimension's
// covered/total/uncovered; --min-coverage parsed in both forms (and refused readably); shortfalls
// named with what is not covered.
import { describe, expect, it } from 'vitest';
import { coverageLine, coverageOf, coverageShortfalls, parseCoverageMinimum } from './coverage.js';
import type { CaseSummary, CheckResult, OperationSummary } from './types.js';

const ops: OperationSummary[] = [
  { operationId: 'getThing', method: 'get', path: '/v1/things/{id}', statuses: ['200', '401', '404'], pairs: ['thing', 'not-found'] },
  { operationId: 'listThings', method: 'get', path: '/v1/things', statuses: ['200'], pairs: ['things-page'] },
];
const c = (operationId: string, status: string, kind: CaseSummary['kind'], example: string): CaseSummary => ({
  id: `${operationId} ${example}`,
  kind,
  operationId,
  method: 'get',
  path: '/',
  example,
  status,
});
const ran = (status: CheckResult['status']): CheckResult[] => [{ check: 'status-code', status }];

describe('coverageOf', () => {
  it('counts a unit when a check ran on it, passed or failed; skipped everywhere is not covered', () => {
    const coverage = coverageOf(ops, [
      { case: c('getThing', '200', 'example', 'thing'), results: ran('failed') },
      { case: c('getThing', '401', 'probe', 'missing-key'), results: ran('passed') },
      { case: c('getThing', '404', 'example', 'not-found'), results: ran('skipped') },
      { case: c('listThings', '200', 'example', 'things-page'), results: [] },
    ]);
    expect(coverage.operations).toEqual({ covered: 1, total: 2, percent: 50, uncovered: ['listThings'] });
    expect(coverage.statuses).toEqual({ covered: 2, total: 4, percent: 50, uncovered: ['getThing 404', 'listThings 200'] });
    // A probe covers its status, not an example pair.
    expect(coverage.pairs).toEqual({ covered: 1, total: 3, percent: 33.3, uncovered: ['getThing not-found', 'listThings things-page'] });
    expect(coverageLine(coverage)).toBe('operations 1/2 (50%), statuses 2/4 (50%), pairs 1/3 (33.3%)');
  });

  it('is 100% of nothing', () => {
    expect(coverageOf([], []).pairs).toEqual({ covered: 0, total: 0, percent: 100, uncovered: [] });
  });
});

describe('--min-coverage', () => {
  it.each([
    ['90', { operations: 90, statuses: 90, pairs: 90 }],
    ['statuses=80,pairs=100', { statuses: 80, pairs: 100 }],
    ['operations = 99.5', { operations: 99.5 }],
  ])('%s', (given, want) => expect(parseCoverageMinimum(given)).toEqual(want));

  it.each([
    ['lots', /"lots" is not a percentage/],
    ['120', /"120" is not a percentage/],
    ['paths=90', /unknown dimension "paths" \(one of operations, statuses, pairs\)/],
    ['statuses=', /statuses: "" is not a percentage/],
  ])('%s is refused', (given, message) => expect(() => parseCoverageMinimum(given)).toThrow(message));

  it('names each dimension below its minimum and what it misses', () => {
    const coverage = coverageOf(ops, [{ case: c('getThing', '200', 'example', 'thing'), results: ran('passed') }]);
    expect(coverageShortfalls(coverage, { operations: 50, statuses: 50 })).toEqual([
      'statuses coverage 25% (1/4) is below --min-coverage 50%; not covered: getThing 401, getThing 404, listThings 200',
    ]);
    expect(coverageShortfalls(coverage, { operations: 50 })).toEqual([]);
  });
});
