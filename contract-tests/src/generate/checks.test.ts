// The generated-input verdicts as tables (given a generated request's evidence and an answer, want
// pass, a failure naming the problem, or "not applicable"), the field matching they rely on, and
// the bounded shrinking of a run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkById, runChecks } from '../checks/index.js';
import { ctxFor, exchange, problem } from '../testing/fixtures/exchanges.js';
import { failingChecks, type VerdictRow, verdictTable } from '../testing/verdict-table.js';
import type { CheckContext, Exchange } from '../types.js';
import { asEvidence, type GeneratedEvidence } from './evidence.js';
import { type Location, namesLocation, normalizeField } from './fields.js';
import { type Attempt, caseSeed, runProperty } from './property.js';

const base = {
  run: 1,
  seed: 42,
  fcSeed: 7,
  input: '{"body":{}}',
  replay: "--seed 42 --generate 4 --only '^createContact probe:negative-data$'",
};
const negative = (
  field: string,
  location: Location,
  rule: GeneratedEvidence['broken'] extends infer B ? (B extends { rule: infer R } ? R : never) : never = 'maxLength',
): GeneratedEvidence => ({
  ...base,
  kind: 'negative',
  variant: 'string over maxLength',
  broken: { field, location, rule },
});
const positive: GeneratedEvidence = { ...base, kind: 'positive', variant: 'every field, non-ASCII text' };
const firstName = negative('body.first_name', { in: 'body', segments: ['first_name'] });
const pathId = negative('path.contact_id', { in: 'path', segments: ['contact_id'] }, 'pattern');
const wholeBody = negative('body', { in: 'body', segments: [] }, 'type');

const ctx = (evidence: GeneratedEvidence | undefined, operationId = 'createContact', example = 'validation-error'): CheckContext =>
  ctxFor(operationId, example, evidence ? { evidence: asEvidence(evidence) } : {});
const invalid = (...fields: string[]) => ({
  ...problem(422, 'VALIDATION_ERROR'),
  errors: fields.map((field) => ({ field, message: 'is wrong' })),
});

const rows: VerdictRow[] = [
  {
    check: 'negative-data-rejected',
    given: 'a 422 naming the field',
    ctx: ctx(firstName),
    ex: exchange({ status: 422, body: invalid('body.first_name') }),
    want: 'pass',
  },
  {
    check: 'negative-data-rejected',
    given: 'a 422 naming it as a JSON pointer',
    ctx: ctx(firstName),
    ex: exchange({ status: 422, body: invalid('/body/first_name') }),
    want: 'pass',
  },
  {
    check: 'negative-data-rejected',
    given: 'a 422 naming it without its part',
    ctx: ctx(firstName),
    ex: exchange({ status: 422, body: invalid('first_name') }),
    want: 'pass',
  },
  {
    check: 'negative-data-rejected',
    given: 'a 400 naming the field',
    ctx: ctx(firstName),
    ex: exchange({ status: 400, body: invalid('body.first_name') }),
    want: 'pass',
  },
  {
    check: 'negative-data-rejected',
    given: 'a 201',
    ctx: ctx(firstName),
    ex: exchange({ status: 201, body: {} }),
    want: { fail: 'accepted an input broken at body.first_name (maxLength) with 201; input {"body":{}}' },
  },
  {
    check: 'negative-data-rejected',
    given: 'a 422 naming another field',
    ctx: ctx(firstName),
    ex: exchange({ status: 422, body: invalid('body.last_name') }),
    want: { fail: 'the 422 refusal of an input broken at body.first_name (maxLength) names body.last_name' },
  },
  {
    check: 'negative-data-rejected',
    given: 'a 422 naming the body only',
    ctx: ctx(firstName),
    ex: exchange({ status: 422, body: invalid('body') }),
    want: { fail: 'names body' },
  },
  {
    check: 'negative-data-rejected',
    given: 'a 422 naming no field',
    ctx: ctx(firstName),
    ex: exchange({ status: 422, body: problem(422, 'VALIDATION_ERROR') }),
    want: { fail: 'names no field' },
  },
  {
    check: 'negative-data-rejected',
    given: 'a 409',
    ctx: ctx(firstName),
    ex: exchange({ status: 409, body: problem(409, 'CONFLICT') }),
    want: { fail: 'refused an input broken at body.first_name (maxLength) with 409 CONFLICT: Details., not a 400/422 naming the field' },
  },
  {
    check: 'negative-data-rejected',
    given: 'a 404 for a malformed path id',
    ctx: ctx(pathId, 'getContact', 'not-found'),
    ex: exchange({ status: 404, body: problem(404, 'NOT_FOUND') }),
    want: 'pass',
  },
  {
    check: 'negative-data-rejected',
    given: 'a 404 for a body field',
    ctx: ctx(firstName),
    ex: exchange({ status: 404, body: problem(404, 'NOT_FOUND') }),
    want: { fail: 'with 404 NOT_FOUND' },
  },
  {
    check: 'negative-data-rejected',
    given: 'a field-less 400 for a body of the wrong root type',
    ctx: ctx(wholeBody),
    ex: exchange({ status: 400, body: problem(400, 'MALFORMED_REQUEST') }),
    want: 'pass',
  },
  {
    check: 'negative-data-rejected',
    given: 'a field-less 400 for a field',
    ctx: ctx(firstName),
    ex: exchange({ status: 400, body: problem(400, 'MALFORMED_REQUEST') }),
    want: { fail: 'names no field' },
  },
  {
    check: 'negative-data-rejected',
    given: 'a 500 (not-a-server-error reports it)',
    ctx: ctx(firstName),
    ex: exchange({ status: 500, body: problem(500, 'INTERNAL_ERROR') }),
    want: 'na',
  },
  {
    check: 'negative-data-rejected',
    given: 'a 429 still there after waiting',
    ctx: ctx(firstName),
    ex: exchange({ status: 429, body: problem(429, 'RATE_LIMITED') }),
    want: 'skip',
  },
  { check: 'negative-data-rejected', given: 'a valid input', ctx: ctx(positive), ex: exchange({ status: 201, body: {} }), want: 'na' },

  { check: 'positive-data-accepted', given: 'a 201', ctx: ctx(positive), ex: exchange({ status: 201, body: {} }), want: 'pass' },
  {
    check: 'positive-data-accepted',
    given: 'a 422 for a rule the schema cannot express',
    ctx: ctx(positive),
    ex: exchange({ status: 422, body: invalid('body.phone_number') }),
    want: 'pass',
  },
  {
    check: 'positive-data-accepted',
    given: 'a 404 for an id that names nothing',
    ctx: ctx(positive),
    ex: exchange({ status: 404, body: problem(404, 'NOT_FOUND') }),
    want: 'pass',
  },
  {
    check: 'positive-data-accepted',
    given: 'a 400',
    ctx: ctx(positive),
    ex: exchange({ status: 400, body: problem(400, 'MALFORMED_REQUEST') }),
    want: { fail: 'refused a schema-valid input as unreadable (400): 400 MALFORMED_REQUEST' },
  },
  {
    check: 'positive-data-accepted',
    given: 'a 413',
    ctx: ctx(positive),
    ex: exchange({ status: 413, body: problem(413, 'PAYLOAD_TOO_LARGE') }),
    want: { fail: 'as too large (413)' },
  },
  {
    check: 'positive-data-accepted',
    given: 'a 415',
    ctx: ctx(positive),
    ex: exchange({ status: 415, body: problem(415, 'UNSUPPORTED_MEDIA_TYPE') }),
    want: { fail: 'of an unsupported media type (415)' },
  },
  {
    check: 'positive-data-accepted',
    given: 'a 500 (not-a-server-error reports it)',
    ctx: ctx(positive),
    ex: exchange({ status: 500, body: problem(500, 'INTERNAL_ERROR') }),
    want: 'na',
  },
  {
    check: 'positive-data-accepted',
    given: 'an invalid input',
    ctx: ctx(firstName),
    ex: exchange({ status: 400, body: problem(400, 'MALFORMED_REQUEST') }),
    want: 'na',
  },

  {
    check: 'not-a-server-error',
    given: 'a 422 to an invalid input',
    ctx: ctx(firstName),
    ex: exchange({ status: 422, body: invalid('body.first_name') }),
    want: 'pass',
  },
  {
    check: 'not-a-server-error',
    given: 'a 500 to an invalid input',
    ctx: ctx(firstName),
    ex: exchange({ status: 500, body: problem(500, 'INTERNAL_ERROR') }),
    want: {
      fail:
        '500 INTERNAL_ERROR: Details. to an input broken at body.first_name (maxLength); input {"body":{}} ' +
        '(run 1, string over maxLength; seed 42, fast-check seed 7); replay: --seed 42',
    },
  },
  {
    check: 'not-a-server-error',
    given: 'a 500 to a valid input',
    ctx: ctx(positive),
    ex: exchange({ status: 500, body: problem(500, 'INTERNAL_ERROR') }),
    want: { fail: 'to a schema-valid input' },
  },
  {
    check: 'not-a-server-error',
    given: 'a documented 502 (the carrier failed)',
    ctx: ctx(positive, 'sendMessage', 'upstream-error'),
    ex: exchange({ status: 502, body: problem(502, 'UPSTREAM_ERROR') }),
    want: 'pass',
  },
  {
    check: 'not-a-server-error',
    given: 'an undocumented 504',
    ctx: ctx(positive),
    ex: exchange({ status: 504, body: problem(504, 'INTERNAL_ERROR') }),
    want: { fail: '504' },
  },
  {
    check: 'not-a-server-error',
    given: 'a documented 503 (a store briefly unavailable)',
    ctx: ctx(positive),
    ex: exchange({ status: 503, body: problem(503, 'SERVICE_UNAVAILABLE') }),
    want: 'pass',
  },
  {
    check: 'not-a-server-error',
    given: 'a shrunk failure says how far',
    ctx: ctx({ ...positive, shrunk: { requests: 3, from: '{"long":"…"}', exhausted: true } }),
    ex: exchange({ status: 500, body: problem(500, 'INTERNAL_ERROR') }),
    want: { fail: 'shrunk in 3 requests (budget spent)' },
  },
  {
    check: 'not-a-server-error',
    given: 'a request that was not generated',
    ctx: ctx(undefined),
    ex: exchange({ status: 500, body: problem(500, 'INTERNAL_ERROR') }),
    want: 'na',
  },
];

describe('generated-input verdicts', () => {
  verdictTable(rows);

  it('has a failing row for every generated check', () => {
    const failing = failingChecks(rows);
    expect([...failing].sort()).toEqual(['negative-data-rejected', 'not-a-server-error', 'positive-data-accepted']);
  });
});

describe('naming the broken field', () => {
  const body = (...segments: string[]): Location => ({ in: 'body', segments });
  const table: Array<[string, Location, boolean]> = [
    ['body.schedule.start_at', body('schedule', 'start_at'), true],
    ['/body/schedule/start_at', body('schedule', 'start_at'), true],
    ['schedule.start_at', body('schedule', 'start_at'), true],
    ['start_at', body('schedule', 'start_at'), false],
    ['body.entries[0].value', body('entries', '0', 'value'), true],
    ['body.entries.0.value', body('entries', '0', 'value'), true],
    ['body.metadata...a.b', body('metadata', '..a.b'), true],
    ['query.limit', { in: 'query', segments: ['limit'] }, true],
    ['limit', { in: 'query', segments: ['limit'] }, true],
    ['header.idempotency-key', { in: 'header', segments: ['Idempotency-Key'] }, true],
    ['path.agent_id', { in: 'path', segments: ['agent_id'] }, true],
    ['body', body(), true],
    ['body', body('name'), false],
    ['body.first_name', body('name'), false],
    ['query.limit', body('limit'), false],
    ['body.schedule', body('schedule', 'start_at'), false],
  ];
  it.each(table)('%s names %j: %s', (field, loc, want) => expect(namesLocation(field, loc)).toBe(want));

  it('reads dotted fields and JSON pointers alike', () => {
    expect(normalizeField('/body/a~1b/0')).toBe('body.a/b.0');
    expect(normalizeField('body.a[0].c')).toBe('body.a.0.c');
  });
});

describe('a run and its shrinking', () => {
  /** A server that fails any string longer than 5 characters, seen through `attempt`. */
  const attempt =
    (sent: string[]) =>
    async (s: string): Promise<Attempt<string>> => {
      sent.push(s);
      return { input: s, exchange: exchange({ status: s.length > 5 ? 500 : 200 }), failed: s.length > 5 ? ['not-a-server-error'] : [] };
    };
  const long = fc.string({ minLength: 30, maxLength: 40 });

  it('shrinks a failure to a minimal input', async () => {
    const sent: string[] = [];
    const r = await runProperty(long, 1, attempt(sent), { left: 1000 });
    expect(r?.first.input.length).toBeGreaterThanOrEqual(30);
    expect(r?.final.input.length).toBe(30); // the arbitrary's minimum still fails
    expect(r?.shrinkRequests).toBe(sent.length - 1);
    expect(r?.exhausted).toBe(false);
  });

  it('stops shrinking when the request budget is spent', async () => {
    const sent: string[] = [];
    const budget = { left: 3 };
    const r = await runProperty(fc.string({ minLength: 101, maxLength: 400 }), 3, attempt(sent), budget);
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(budget.left).toBe(0);
    expect(r?.exhausted).toBe(true);
    expect(r?.final.failed).toEqual(['not-a-server-error']);
  });

  it('sends one request for an input that passes', async () => {
    const sent: string[] = [];
    const r = await runProperty(fc.string({ maxLength: 5 }), 9, attempt(sent), { left: 10 });
    expect(sent).toHaveLength(1);
    expect(r?.final).toBe(r?.first);
  });

  it('keeps to candidates that fail the same check', async () => {
    const other = async (s: string): Promise<Attempt<string>> => ({
      input: s,
      exchange: exchange({ status: 500 }),
      failed: s.length > 35 ? ['not-a-server-error'] : ['body-schema'],
    });
    const r = await runProperty(fc.string({ minLength: 36, maxLength: 60 }), 5, other, { left: 100 });
    expect(r?.final.failed).toContain('not-a-server-error');
    expect(r?.final.input.length).toBe(36);
  });

  it('seeds each case apart, the same for the same run seed', () => {
    expect(caseSeed(42, 'createContact probe:negative-data')).toBe(caseSeed(42, 'createContact probe:negative-data'));
    expect(caseSeed(42, 'createContact probe:negative-data')).not.toBe(caseSeed(43, 'createContact probe:negative-data'));
    expect(caseSeed(42, 'createContact probe:negative-data')).not.toBe(caseSeed(42, 'createContact probe:positive-data'));
    expect(caseSeed(2 ** 31 - 1, 'x')).toBeGreaterThanOrEqual(0);
  });
});
