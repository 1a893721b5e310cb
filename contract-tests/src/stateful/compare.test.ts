// The stateful comparison rules and checks as tables: given what was created, sent, ended or paged
// and what the server then showed, want the differences (or none), and each check's verdict.
import { describe, expect, it } from 'vitest';
import { runChecks } from '../checks/index.js';
import { ctxFor, exchange, problem } from '../testing/fixtures/exchanges.js';
import { dateTimeMoved, endedStateDifferences, readBackDifferences, updateDifferences, walkDifferences } from './compare.js';
import { exclusive } from './lock.js';
import type { EndedField, ReadBackRules, StatefulEvidence, WalkEvidence } from './model.js';
import { uniqueValue, withUniqueFields } from './unique.js';
import { walkCap, walkLimit } from './walk.js';

const rules: ReadBackRules = { shownOnce: ['secret'], documentedChanges: ['status'], dateTimes: ['created_at', 'answered_at'] };
const created = {
  id: 'x_1',
  name: 'A',
  status: 'queued',
  secret: 's3cr3t',
  tags: ['a'],
  metadata: { k: 'v' },
  created_at: '2026-11-20T10:00:00Z',
  answered_at: null,
};
const pointers = (d: Array<{ pointer: string }>) => d.map((x) => x.pointer);

describe('read back after create', () => {
  it.each([
    { given: 'the create answer itself', read: created, want: [] },
    { given: 'the secret left out (shown once)', read: { ...created, secret: undefined }, want: [] },
    { given: 'a documented change (status)', read: { ...created, status: 'in_progress' }, want: [] },
    { given: 'a date-time in another notation', read: { ...created, created_at: '2026-11-20T10:00:00.000Z' }, want: [] },
    { given: 'a null date-time that got a value', read: { ...created, answered_at: '2026-11-20T10:00:04Z' }, want: [] },
    { given: 'a date-time moved back', read: { ...created, created_at: '2026-11-20T09:00:00Z' }, want: ['/created_at'] },
    { given: 'a field changed', read: { ...created, name: 'B' }, want: ['/name'] },
    { given: 'metadata lost', read: { ...created, metadata: {} }, want: ['/metadata'] },
    { given: 'an array reordered', read: { ...created, tags: ['b', 'a'] }, want: ['/tags'] },
    { given: 'a field left out', read: Object.fromEntries(Object.entries(created).filter(([k]) => k !== 'name')), want: ['/name'] },
    { given: 'a field the create did not show', read: { ...created, extra: 1 }, want: [] },
  ])('$given → $want', ({ read, want }) => {
    const shown = Object.fromEntries(Object.entries(read).filter(([, v]) => v !== undefined));
    expect(pointers(readBackDifferences(created, shown, rules))).toEqual(want);
  });

  it.each([
    { created: null, read: null, want: undefined },
    { created: null, read: '2026-01-01T00:00:00Z', want: undefined },
    { created: '2026-01-01T00:00:00Z', read: '2026-01-01T00:00:01Z', want: undefined },
    { created: '2026-01-01T00:00:01Z', read: '2026-01-01T00:00:00Z', want: 'moved back in time' },
    { created: '2026-01-01T00:00:00Z', read: null, want: 'went from a date-time to none' },
    { created: null, read: 'soon', want: 'is not a date-time' },
  ])('date-time $created → $read: $want', ({ created: a, read: b, want }) => expect(dateTimeMoved(a, b)).toBe(want));
});

describe('read after update', () => {
  it.each([
    { given: 'every field shown', sent: { tags: ['a', 'b'], name: 'N' }, read: { tags: ['a', 'b'], name: 'N', other: 1 }, want: [] },
    { given: 'an object merged into more keys', sent: { metadata: { a: '1' } }, read: { metadata: { a: '1', b: '2' } }, want: [] },
    { given: 'a merged key removed by null', sent: { metadata: { a: null } }, read: { metadata: { b: '2' } }, want: [] },
    { given: 'the old value kept', sent: { name: 'N' }, read: { name: 'Old' }, want: ['/name'] },
    { given: 'an array not replaced', sent: { tags: ['a', 'b'] }, read: { tags: ['a'] }, want: ['/tags'] },
    { given: 'a merged key missing', sent: { metadata: { a: '1' } }, read: { metadata: {} }, want: ['/metadata/a'] },
  ])('$given → $want', ({ sent, read, want }) => expect(pointers(updateDifferences(sent, read))).toEqual(want));
});

describe('ended state', () => {
  const state: EndedField[] = [
    { field: 'status', equals: 'completed' },
    { field: 'ended_at', nonNull: true },
  ];
  it.each([
    { given: 'completed with an end', item: { status: 'completed', ended_at: '2026-01-01T00:00:00Z' }, want: [] },
    { given: 'still in progress', item: { status: 'in_progress', ended_at: '2026-01-01T00:00:00Z' }, want: ['/status'] },
    { given: 'no end time', item: { status: 'completed', ended_at: null }, want: ['/ended_at'] },
  ])('$given → $want', ({ item, want }) => expect(pointers(endedStateDifferences(item, state))).toEqual(want));
});

describe('walking pages', () => {
  const walk = (o: Partial<WalkEvidence>): WalkEvidence => ({
    kind: 'page-walk',
    limit: 1,
    expected: ['a', 'b', 'c'],
    expectedComplete: true,
    pages: [['a'], ['b'], ['c']],
    stoppedBy: 'end',
    cap: 5,
    ...o,
  });
  it.each([
    { given: 'every item once, in order', w: walk({}), want: [] },
    { given: 'a repeated item (inclusive cursor)', w: walk({ pages: [['a'], ['a'], ['b'], ['c']] }), want: ['more than once'] },
    { given: 'a skipped item', w: walk({ pages: [['a'], ['c']] }), want: ['skips b'] },
    { given: 'another order', w: walk({ pages: [['b'], ['a'], ['c']] }), want: ['another order'] },
    { given: 'an item not in the big page', w: walk({ pages: [['a'], ['b'], ['c'], ['d']] }), want: ['shows d'] },
    {
      given: 'a walk that does not end',
      w: walk({ pages: [['a'], ['a'], ['a'], ['a'], ['a']], stoppedBy: 'cap' }),
      want: ['more than once', 'has_more still true'],
    },
    {
      given: 'has_more without a cursor',
      w: walk({ pages: [['a']], stoppedBy: 'no-cursor' }),
      want: ['next_cursor is missing', 'skips b, c'],
    },
    {
      given: 'a page refused mid-walk',
      w: walk({ pages: [['a']], stoppedBy: 'error', error: '422 VALIDATION_ERROR' }),
      want: ['page 2 of the walk answered 422'],
    },
    {
      given: 'a big page that is not the whole list',
      w: walk({ expected: ['a', 'b'], expectedComplete: false, pages: [['a'], ['b']], stoppedBy: 'enough' }),
      want: [],
    },
  ])('$given', ({ w, want }) => {
    const got = walkDifferences(w).map((d) => d.message);
    expect(got).toHaveLength(want.length);
    for (const [i, text] of want.entries()) expect(got[i]).toContain(text);
  });

  it.each([
    { n: 2, limit: 1, cap: 4 },
    { n: 3, limit: 1, cap: 5 },
    { n: 10, limit: 3, cap: 6 },
    { n: 100, limit: 33, cap: 6 },
  ])('$n items: pages of $limit, at most $cap', ({ n, limit, cap }) =>
    expect([walkLimit(n), walkCap(n, walkLimit(n))]).toEqual([limit, cap]),
  );
});

describe('one family at a time', () => {
  it('runs tasks of one key in call order, other keys alongside, after a failure too', async () => {
    const owner = {};
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`${name}+`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${name}-`);
        if (fail) throw new Error(name);
      };
    await Promise.allSettled([
      exclusive(owner, 'a', task('a1', 20, true)),
      exclusive(owner, 'a', task('a2', 1)),
      exclusive(owner, 'b', task('b1', 5)),
    ]);
    expect(log).toEqual(['a1+', 'b1+', 'b1-', 'a1-', 'a2+', 'a2-']);
  });
});

describe('unique values', () => {
  const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  it.each([
    { given: 'a phone number (shaped)', value: '+14155550123', field: { field: 'phone_number', shaped: true }, want: /^\+14155\d{6}$/ },
    {
      given: 'a URL (shaped)',
      value: 'https://hooks.acme.example/parley',
      field: { field: 'url', shaped: true },
      want: /^https:\/\/hooks\.acme\.example\/[a-z]{6}$/,
    },
    { given: 'free text', value: 'Appointment reminder', field: { field: 'name', shaped: false }, want: /^Appointment reminder st-abc$/ },
    { given: 'free text at its maxLength', value: 'abcdef', field: { field: 'name', shaped: false, maxLength: 8 }, want: /^a st-abc$/ },
  ])('$given', ({ value, field, want }) => {
    const got = uniqueValue(value, field, bytes, 'st-abc');
    expect(got).toMatch(want);
    expect(got).not.toBe(value);
  });

  it('draws again when the value lands on a test-mode input', () => {
    let draws = 0;
    const draw = () => ({ entropy: Uint8Array.from(draws++ ? [9, 9, 9, 9, 9, 9] : [0, 0, 0, 0, 0, 9]), token: 't' });
    const out = withUniqueFields({ to: '+15005550009', x: 1 }, [{ field: 'to', shaped: true }], draw, new Set(['+15005900000']));
    expect(out).toEqual({ to: '+15005999999', x: 1 });
    expect(draws).toBe(2);
  });
});

describe('the stateful checks', () => {
  const ctx = (evidence: StatefulEvidence) => ctxFor('getAgent', 'agent', { evidence });
  const ok = exchange({
    status: 200,
    body: {
      id: 'x_1',
      name: 'A',
      status: 'queued',
      tags: ['a'],
      metadata: { k: 'v' },
      created_at: '2026-11-20T10:00:00Z',
      answered_at: null,
    },
  });
  const notFound = exchange({ status: 404, body: problem(404, 'NOT_FOUND') });
  const conflict = exchange({ status: 409, body: problem(409, 'CONFLICT') });
  const page = (n: number) =>
    exchange({
      status: 200,
      body: { object: 'list', data: Array.from({ length: n }, (_, i) => ({ id: `x_${i}` })), has_more: false, next_cursor: null },
    });
  const verdict = (check: string, evidence: StatefulEvidence, ex = ok) => {
    const [r] = runChecks([check], ctx(evidence), ex);
    return r.status === 'failed' ? r.message : r.status;
  };
  const walk: WalkEvidence = {
    kind: 'page-walk',
    limit: 1,
    expected: ['a', 'b'],
    expectedComplete: true,
    pages: [['a'], ['b']],
    stoppedBy: 'end',
    cap: 4,
  };
  const refusal = { status: '422', code: 'VALIDATION_ERROR', field: 'query.starting_after' };
  const rejected = (field: string) =>
    exchange({ status: 422, body: { ...problem(422, 'VALIDATION_ERROR'), errors: [{ field, message: 'is not a cursor of this list' }] } });

  it.each([
    {
      check: 'read-after-create',
      given: 'the read equals the create',
      evidence: { kind: 'read-back', created: { name: 'A', tags: ['a'] }, rules },
      want: 'passed',
    },
    {
      check: 'read-after-create',
      given: 'the read differs',
      evidence: { kind: 'read-back', created: { name: 'Z' }, rules },
      want: '/name: the create answered "Z", the read shows "A"',
    },
    {
      check: 'read-after-create',
      given: 'the read is a 404',
      evidence: { kind: 'read-back', created: {}, rules },
      ex: notFound,
      want: 'the created resource does not read back: 404 NOT_FOUND: Details.',
    },
    {
      check: 'read-after-create',
      given: 'listed',
      evidence: { kind: 'listed', id: 'x_1', found: { id: 'x_1' }, complete: true, pages: 1, want: 'present' },
      want: 'passed',
    },
    {
      check: 'read-after-create',
      given: 'not listed',
      evidence: { kind: 'listed', id: 'x_1', complete: true, pages: 2, want: 'present' },
      want: 'x_1 reads back but is not in its list (2 pages, has_more false)',
    },
    {
      check: 'read-after-create',
      given: 'not within the bound',
      evidence: { kind: 'listed', id: 'x_1', complete: false, pages: 10, want: 'present' },
      want: 'skipped',
    },
    {
      check: 'read-after-update',
      given: 'the update shown',
      evidence: { kind: 'read-after-update', sent: { tags: ['a'], metadata: { k: 'v' } }, readable: ['tags', 'metadata'] },
      want: 'passed',
    },
    {
      check: 'read-after-update',
      given: 'the old value kept',
      evidence: { kind: 'read-after-update', sent: { name: 'B' }, readable: ['name'] },
      want: 'after the update, /name: the update sent "B", the read shows "A"',
    },
    {
      check: 'read-after-update',
      given: 'a write-only field',
      evidence: { kind: 'read-after-update', sent: { password: 'p' }, readable: ['name'] },
      want: 'passed',
    },
    {
      check: 'use-after-delete',
      given: 'read after a delete: 404',
      evidence: { kind: 'read-after-end', want: { status: '404', code: 'NOT_FOUND' }, endedState: [], endedBy: 'deleteX' },
      ex: notFound,
      want: 'passed',
    },
    {
      check: 'use-after-delete',
      given: 'read after a delete: still there',
      evidence: { kind: 'read-after-end', want: { status: '404', code: 'NOT_FOUND' }, endedState: [], endedBy: 'deleteX' },
      want: 'reading after deleteX: documented 404 NOT_FOUND, received 200',
    },
    {
      check: 'use-after-delete',
      given: 'read after an ending: not ended',
      evidence: {
        kind: 'read-after-end',
        want: { status: '200' },
        endedState: [{ field: 'status', equals: 'completed' }],
        endedBy: 'hangupX',
      },
      want: 'reading after hangupX: /status: ended, it should read "completed", it reads "queued"',
    },
    {
      check: 'use-after-delete',
      given: 'ending again: the documented 409',
      evidence: { kind: 'end-again', want: { status: '409', code: 'CONFLICT' }, endedState: [], endedBy: 'revokeX' },
      ex: conflict,
      want: 'passed',
    },
    {
      check: 'use-after-delete',
      given: 'ending again succeeds',
      evidence: { kind: 'end-again', want: { status: '404', code: 'NOT_FOUND' }, endedState: [], endedBy: 'deleteX' },
      want: 'deleteX again: documented 404 NOT_FOUND, received 200',
    },
    {
      check: 'use-after-delete',
      given: 'deleted, still listed',
      evidence: { kind: 'listed', id: 'x_1', found: { id: 'x_1' }, complete: true, pages: 1, want: 'absent' },
      want: 'x_1 is still listed after it was deleted',
    },
    {
      check: 'use-after-delete',
      given: 'ended, listed ended',
      evidence: {
        kind: 'listed',
        id: 'x_1',
        found: { id: 'x_1', status: 'completed' },
        complete: true,
        pages: 1,
        want: 'absent-or-ended',
        endedState: [{ field: 'status', equals: 'completed' }],
      },
      want: 'passed',
    },
    {
      check: 'limit-honoured',
      given: 'pages within the limit',
      evidence: { kind: 'page-limit', limit: 2, sizes: [2, 2, 1] },
      ex: page(2),
      want: 'passed',
    },
    {
      check: 'limit-honoured',
      given: 'a page over the limit',
      evidence: { kind: 'page-limit', limit: 2, sizes: [5] },
      ex: page(5),
      want: 'page 1 asked for limit=2 and holds 5 items',
    },
    { check: 'cursor-walk', given: 'every item once', evidence: walk, ex: page(1), want: 'passed' },
    {
      check: 'cursor-walk',
      given: 'a repeat',
      evidence: { ...walk, pages: [['a'], ['a'], ['b']] },
      ex: page(1),
      want: 'the walk visits a more than once',
    },
    {
      check: 'unknown-cursor-refused',
      given: 'the documented 422 naming the cursor',
      evidence: { kind: 'unknown-cursor', cursor: 'x_0', want: refusal },
      ex: rejected('query.starting_after'),
      want: 'passed',
    },
    {
      check: 'unknown-cursor-refused',
      given: 'the first page',
      evidence: { kind: 'unknown-cursor', cursor: 'x_0', want: refusal },
      ex: page(2),
      want: 'starting_after=x_0: documented 422 VALIDATION_ERROR, received 200',
    },
    {
      check: 'unknown-cursor-refused',
      given: 'a 422 naming another field',
      evidence: { kind: 'unknown-cursor', cursor: 'x_0', want: refusal },
      ex: rejected('query.limit'),
      want: 'the error does not name query.starting_after in errors[].field',
    },
  ] as Array<{ check: string; given: string; evidence: StatefulEvidence; ex?: ReturnType<typeof exchange>; want: string }>)(
    '$check: $given',
    ({ check, evidence, ex, want }) => expect(verdict(check, evidence, ex)).toBe(want),
  );

  it('skips an observation that carries another step', () =>
    expect(verdict('cursor-walk', { kind: 'page-limit', limit: 1, sizes: [1] })).toBe('skipped'));
});
