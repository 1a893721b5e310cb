// The example-replay rules (openapi/README.md "Example replay: what reproduces an example") as
// given/want tables on a small fixture spec: what is compared exactly, what by schema only, how
// canonical ids are learnt and substituted.
import { describe, expect, it } from 'vitest';
import {
  canonicalIds,
  createdBy,
  type DocumentedResponse,
  learnIds,
  type ReplayOptions,
  reproduces,
  requestTarget,
  sameValue,
  stableMismatches,
  substitute,
} from './example-replay.js';
import { createSchemaValidator } from './schema-validator.js';
import type { Spec } from './spec.js';

const THING = 'thg_A1b2C3d4E5f6G7h8J9k0Lm';
const OTHER = 'thg_Z9y8X7w6V5u4T3s2R1q0Pn';
const OWNER = 'own_Q1w2E3r4T5y6U7i8O9p0As';
const thing = {
  id: THING,
  object: 'thing',
  status: 'active',
  name: 'Front desk',
  count: 3,
  owner_id: OWNER,
  tags: ['a', 'b'],
  secret: 'sk_7Hd2Lq9Xw4Kp7Tz1Nm8Rb3Vc',
  expires_at: '2026-12-31T00:00:00Z',
  ended_at: null,
  duration: 42,
  created_at: '2026-11-20T09:30:00Z',
};
const owner = { id: OWNER, object: 'owner', name: 'Acme' };
const json = (schema: unknown, examples: Record<string, unknown>) => ({
  content: { 'application/json': { schema, examples: Object.fromEntries(Object.entries(examples).map(([n, value]) => [n, { value }])) } },
});
const problem = {
  type: 'https://docs.example/errors/not-found',
  title: 'Not found',
  status: 404,
  code: 'NOT_FOUND',
  detail: `No thing ${THING}.`,
  request_id: 'req_8Hq2LmX7vTz4Nc9WpR3sKd',
};

const spec: Spec = {
  openapi: '3.1.0',
  paths: {
    '/things': {
      post: { operationId: 'createThing', responses: { '201': json({ $ref: '#/components/schemas/Thing' }, { created: thing }) } },
      get: {
        operationId: 'listThings',
        responses: {
          '200': json(
            { $ref: '#/components/schemas/ThingList' },
            { page: { object: 'list', data: [thing, { ...thing, id: OTHER, name: 'Back office' }] } },
          ),
        },
      },
    },
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        responses: {
          '200': json({ $ref: '#/components/schemas/Thing' }, { thing }),
          '404': json({ $ref: '#/components/schemas/Problem' }, { 'not-found': problem }),
        },
      },
    },
    '/owner': { get: { operationId: 'getOwner', responses: { '200': json({ $ref: '#/components/schemas/Owner' }, { owner }) } } },
    '/owners': {
      get: {
        operationId: 'listOwners',
        responses: { '200': json({ $ref: '#/components/schemas/OwnerList' }, { page: { object: 'list', data: [owner] } }) },
      },
    },
  },
  components: {
    schemas: {
      Timestamp: { type: 'string', format: 'date-time' },
      Thing: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^thg_[A-Za-z0-9]{16,32}$' },
          object: { type: 'string', const: 'thing' },
          status: { type: 'string', enum: ['active', 'paused'] },
          name: { type: 'string' },
          count: { type: 'integer' },
          owner_id: { type: 'string', pattern: '^own_[A-Za-z0-9]{16,32}$' },
          tags: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] } },
          secret: { type: 'string', pattern: '^sk_[A-Za-z0-9]{24}$' },
          expires_at: { $ref: '#/components/schemas/Timestamp' },
          ended_at: { oneOf: [{ $ref: '#/components/schemas/Timestamp' }, { type: 'null' }] },
          duration: { type: ['integer', 'null'] },
          created_at: { $ref: '#/components/schemas/Timestamp' },
        },
      },
      ThingList: {
        type: 'object',
        properties: { object: { const: 'list' }, data: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } },
      },
      Owner: { type: 'object', properties: { id: { type: 'string' }, object: { const: 'owner' }, name: { type: 'string' } } },
      OwnerList: {
        type: 'object',
        properties: { object: { const: 'list' }, data: { type: 'array', items: { $ref: '#/components/schemas/Owner' } } },
      },
      Problem: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          code: { type: 'string' },
          detail: { type: 'string' },
          request_id: { type: 'string' },
        },
      },
    },
  },
};

const response = (status: string, schema: string, value: unknown, mediaType = 'application/json'): DocumentedResponse => ({
  status,
  mediaType,
  value,
  schema: { $ref: `#/components/schemas/${schema}` },
});
const GET_THING = response('200', 'Thing', thing);
const CREATED = response('201', 'Thing', thing);
const LIST = response('200', 'ThingList', { object: 'list', data: [thing] });
const NOT_FOUND = response('404', 'Problem', problem, 'application/problem+json');
const REAL = 'thg_Real000000000000000001';
const known = () => new Map([[THING, REAL]]);
const as = (patch: Record<string, unknown>) => ({ ...thing, id: REAL, ...patch });

describe('stableMismatches', () => {
  const table: Array<{
    given: string;
    documented?: DocumentedResponse;
    body: unknown;
    sent?: ReplayOptions['sent'];
    exact?: boolean;
    want: string[];
  }> = [
    { given: 'the example, ids mapped', body: as({}), want: [] },
    {
      given: 'other generated values (timestamps, secrets)',
      body: as({ created_at: '2031-01-01T00:00:00Z', secret: 'sk_Other' }),
      want: [],
    },
    { given: 'another enum value', body: as({ status: 'paused' }), want: ['/status: documented "active", received "paused"'] },
    { given: 'another const', body: as({ object: 'other' }), want: ['/object: documented "thing", received "other"'] },
    { given: 'an enum set in another order', body: as({ tags: ['b', 'a'] }), want: [] },
    {
      given: 'an enum set with another member',
      body: as({ tags: ['a', 'c'] }),
      want: ['/tags: documented the set ["a","b"], received ["a","c"]'],
    },
    {
      given: 'a documented key missing',
      body: (({ name: _n, ...rest }) => rest)(as({})),
      want: ['/name: documented, missing from the answer'],
    },
    { given: 'state values changed (stable)', body: as({ name: 'Elsewhere', count: 4, ended_at: '2026-11-20T09:31:00Z' }), want: [] },
    { given: 'an extra key (stable)', body: as({ colour: 'red' }), want: [] },
    {
      given: 'echoed input changed',
      body: as({ name: 'Elsewhere' }),
      sent: { body: { name: 'Front desk' } },
      want: ['/name: the request sent "Front desk", the answer echoes "Elsewhere"'],
    },
    {
      given: 'an echoed query value changed',
      body: as({ status: 'active', count: 9 }),
      sent: { query: { count: 3 } },
      want: ['/count: the request sent 3, the answer echoes 9'],
    },
    {
      given: 'an echoed date-time, the same instant written otherwise',
      body: as({ expires_at: '2026-12-31T01:00:00+01:00' }),
      sent: { body: { expires_at: '2026-12-31T00:00:00Z' } },
      want: [],
    },
    {
      given: 'an echoed date-time, another instant',
      body: as({ expires_at: '2027-01-01T00:00:00Z' }),
      sent: { body: { expires_at: '2026-12-31T00:00:00Z' } },
      want: ['/expires_at: the request sent "2026-12-31T00:00:00Z", the answer echoes "2027-01-01T00:00:00Z"'],
    },
    {
      given: 'echoed input as the example shows it',
      body: as({ owner_id: 'own_Real000000000000000009' }),
      sent: { body: { owner_id: 'own_Real000000000000000009' } },
      want: [],
    },
    {
      given: 'state values changed (exact)',
      body: as({ name: 'Elsewhere', count: 4 }),
      exact: true,
      want: ['/name: documented "Front desk", received "Elsewhere"', '/count: documented 3, received 4'],
    },
    {
      given: 'a documented null filled in (exact)',
      body: as({ ended_at: '2026-11-20T09:31:00Z' }),
      exact: true,
      want: ['/ended_at: documented null, received "2026-11-20T09:31:00Z"'],
    },
    { given: 'a measured value (nullable) with another value (exact)', body: as({ duration: 0 }), exact: true, want: [] },
    {
      given: 'a measured value missing (exact)',
      body: as({ duration: null }),
      exact: true,
      want: ['/duration: documented a value, received null'],
    },
    {
      given: 'a generated value missing (exact)',
      body: as({ secret: null }),
      exact: true,
      want: ['/secret: documented a value, received null'],
    },
    { given: 'an extra key (exact)', body: as({ colour: 'red' }), exact: true, want: ['/colour: not in the example, received "red"'] },
    {
      given: 'a problem worded otherwise',
      documented: NOT_FOUND,
      body: { ...problem, detail: 'Gone.', request_id: 'req_Other0000000000000001', errors: [] },
      exact: true,
      want: [],
    },
    {
      given: 'a problem with another code',
      documented: NOT_FOUND,
      body: { ...problem, code: 'CONFLICT' },
      want: ['/code: documented "NOT_FOUND", received "CONFLICT"'],
    },
    {
      given: 'a problem without its title',
      documented: NOT_FOUND,
      body: { ...problem, title: undefined },
      want: ['/title: documented, missing from the answer'],
    },
  ];
  it.each(table)('$given', ({ documented = GET_THING, body, sent, exact, want }) => {
    const got = stableMismatches(documented, JSON.parse(JSON.stringify(body)), { spec, ids: known(), sent, exact });
    expect(got.map((m) => m.message)).toEqual(want);
  });

  it('answers typed mismatches: part, pointer, documented, received', () => {
    expect(stableMismatches(GET_THING, as({ status: 'paused' }), { spec, ids: known() })).toEqual([
      {
        part: 'value',
        pointer: '/status',
        documented: 'active',
        received: 'paused',
        message: '/status: documented "active", received "paused"',
      },
    ]);
  });
});

describe('canonical ids', () => {
  const table: Array<{
    given: string;
    documented: DocumentedResponse;
    body: unknown;
    ids: Record<string, string>;
    want: string[];
    learnt?: Record<string, string>;
  }> = [
    {
      given: 'a creation: its id is learnt',
      documented: CREATED,
      body: as({}),
      ids: {},
      want: [],
      learnt: { [THING]: REAL, [OWNER]: OWNER },
    },
    {
      given: 'a creation again: its id is learnt anew',
      documented: CREATED,
      body: as({ id: 'thg_Again00000000000000001' }),
      ids: { [THING]: REAL },
      want: [],
      learnt: { [THING]: 'thg_Again00000000000000001', [OWNER]: OWNER },
    },
    {
      given: 'a creation answering an id of another kind',
      documented: CREATED,
      body: as({ id: 'own_Real000000000000000001' }),
      ids: {},
      want: ['/id: documented a thg_ id, received "own_Real000000000000000001"'],
    },
    {
      given: 'a creation answering the id learnt for another',
      documented: CREATED,
      body: as({ id: REAL }),
      ids: { [OTHER]: REAL },
      want: [`/id: documented a new id for ${THING}, not the id learnt for ${OTHER}, received "${REAL}"`],
    },
    { given: 'a read of what was created', documented: GET_THING, body: as({}), ids: { [THING]: REAL }, want: [] },
    {
      given: 'a read answering another resource',
      documented: GET_THING,
      body: as({ id: 'thg_Other00000000000000001' }),
      ids: { [THING]: REAL },
      want: [`/id: documented ${THING}, the id learnt for it is ${REAL}, received "thg_Other00000000000000001"`],
    },
    {
      given: 'a read of what nothing created',
      documented: GET_THING,
      body: as({}),
      ids: {},
      want: [`/id: documented ${THING}, which no earlier answer created, received "${REAL}"`],
      learnt: { [OWNER]: OWNER },
    },
    {
      given: 'a read of what no answer of the replay created (partial)',
      documented: GET_THING,
      body: as({}),
      ids: {},
      want: [],
      learnt: { [OWNER]: OWNER },
    },
    {
      given: 'a read answering another resource than the one learnt (partial)',
      documented: GET_THING,
      body: as({ id: 'thg_Other00000000000000001' }),
      ids: { [THING]: REAL },
      want: [`/id: documented ${THING}, the id learnt for it is ${REAL}, received "thg_Other00000000000000001"`],
    },
    {
      given: 'a kind no answer creates: learnt where first seen',
      documented: response('200', 'Owner', owner),
      body: { ...owner, id: 'own_Real000000000000000001' },
      ids: {},
      want: [],
      learnt: { [OWNER]: 'own_Real000000000000000001' },
    },
    {
      given: 'a list: the item with the learnt id, extra items allowed',
      documented: LIST,
      body: { object: 'list', data: [as({ id: 'thg_Extra00000000000000001' }), as({})] },
      ids: { [THING]: REAL },
      want: [],
    },
    {
      given: 'a list without the learnt id',
      documented: LIST,
      body: { object: 'list', data: [as({ id: 'thg_Extra00000000000000001' })] },
      ids: { [THING]: REAL },
      want: [`/data: no item for ${THING} (${REAL}) among 1`],
    },
    {
      given: 'a list of what no answer of the replay created (partial)',
      documented: LIST,
      body: { object: 'list', data: [] },
      ids: {},
      want: [],
    },
    {
      given: 'a list answering a probe, another moment: its items are not compared (probe)',
      documented: LIST,
      body: { object: 'list', data: [as({ status: 'paused' })] },
      ids: { [THING]: REAL },
      want: [],
    },
    {
      given: 'a read answering a probe still compares its own values (probe)',
      documented: GET_THING,
      body: as({ status: 'paused' }),
      ids: { [THING]: REAL },
      want: ['/status: documented "active", received "paused"'],
    },
    {
      given: 'a list without the learnt id (partial)',
      documented: LIST,
      body: { object: 'list', data: [] },
      ids: { [THING]: REAL },
      want: [`/data: no item for ${THING} (${REAL}) among 0`],
    },
    {
      given: 'a list with extra items (exact)',
      documented: LIST,
      body: { object: 'list', data: [as({}), as({ id: 'thg_Extra00000000000000001' })] },
      ids: { [THING]: REAL },
      want: ['/data: documented 1 items, received 2'],
    },
    {
      given: 'a list of a kind no answer creates: the item sharing most stable values is learnt',
      documented: response('200', 'OwnerList', { object: 'list', data: [owner] }),
      body: {
        object: 'list',
        data: [
          { ...owner, id: 'own_Someone0000000000000001', name: 'Other' },
          { ...owner, id: 'own_Acme000000000000000001' },
        ],
      },
      ids: {},
      want: [],
      learnt: { [OWNER]: 'own_Acme000000000000000001' },
    },
  ];
  it.each(table)('$given', ({ documented, body, ids, want, learnt, given }) => {
    const map = new Map(Object.entries(ids));
    const got = stableMismatches(documented, body, {
      spec,
      ids: map,
      exact: given.endsWith('(exact)'),
      partial: given.endsWith('(partial)'),
      probe: given.endsWith('(probe)'),
    });
    expect(got.map((m) => m.message)).toEqual(want);
    if (learnt) expect(Object.fromEntries(map)).toEqual(learnt);
  });

  it('collects the canonical ids (object ids of response examples) and those a 201 creates', () => {
    const ids = canonicalIds(spec);
    expect([...ids.all].sort()).toEqual([OWNER, THING, OTHER].sort());
    expect([...ids.created]).toEqual([THING]);
  });

  it.each([
    { status: '201', value: thing, want: [THING] },
    { status: 201, value: thing, want: [THING] },
    { status: '200', value: thing, want: [] },
    { status: '201', value: { id: 'thg_0000000000000000000000' }, want: [] },
    { status: '201', value: [thing], want: [] },
  ])('createdBy $status $value.id → $want', ({ status, value, want }) => {
    expect(createdBy({ status, value })).toEqual(want);
  });

  it.each([
    { value: THING, want: REAL },
    { value: { a: [THING, 'x'], b: { c: THING } }, want: { a: [REAL, 'x'], b: { c: REAL } } },
    { value: `${THING}/x`, want: `${THING}/x` },
    { value: 3, want: 3 },
  ])('substitute($value)', ({ value, want }) => {
    expect(substitute(value, known())).toEqual(want);
  });

  it.each([
    { path: '/things/{id}', request: { path: { id: 'thg_a b' }, query: {} }, want: '/things/thg_a%20b' },
    { path: '/things', request: { path: {}, query: { limit: 2, status: 'active' } }, want: '/things?limit=2&status=active' },
    { path: '/things', request: { path: {}, query: { tag: ['a', 'b'] } }, want: '/things?tag=a&tag=b' },
  ])('requestTarget($path) → $want', ({ path, request, want }) => {
    expect(requestTarget(path, request)).toBe(want);
  });

  it('learnIds learns what the comparison would, and judges nothing', () => {
    const ids = new Map<string, string>();
    learnIds({ status: '201', value: thing }, as({ status: 'paused', name: 'Other' }), ids, canonicalIds(spec));
    expect(Object.fromEntries(ids)).toEqual({ [THING]: REAL, [OWNER]: OWNER });
    learnIds(
      { status: '200', value: { object: 'list', data: [thing] } },
      { object: 'list', data: [as({ id: 'thg_Admin00000000000000001' })] },
      ids,
      canonicalIds(spec),
    );
    expect(Object.fromEntries(ids)).toEqual({ [THING]: REAL, [OWNER]: OWNER });
  });
});

describe('reproduces', () => {
  const validator = createSchemaValidator(spec);
  it.each([
    { given: 'the example', status: 200, body: as({}), want: [] },
    {
      given: 'another status: nothing else is compared',
      status: 201,
      body: as({ status: 'paused' }),
      want: ['status: documented 200, received 201'],
    },
    {
      given: 'a body its schema refuses',
      status: 200,
      body: as({ colour: 'red' }),
      want: ['/: must NOT have additional properties (colour) (schema)'],
    },
    {
      given: 'a schema error and a stable value',
      status: 200,
      body: as({ count: 'x', status: 'paused' }),
      want: ['/count: must be integer (schema)', '/status: documented "active", received "paused"'],
    },
  ])('$given', ({ status, body, want }) => {
    expect(reproduces({ status, body }, GET_THING, { spec, ids: known(), validator }).map((m) => m.message)).toEqual(want);
  });
});

describe('sameValue', () => {
  it.each([
    { a: '2026-11-20T09:30:00Z', b: '2026-11-20T09:30:00.000Z', want: true },
    { a: '2026-11-20T09:30:00Z', b: '2026-11-20T10:30:00+01:00', want: true },
    { a: '2026-11-20T09:30:00Z', b: '2026-11-20T09:30:01Z', want: false },
    { a: '2026-11-20', b: '2026-11-20T00:00:00Z', want: false },
    { a: [1, 2], b: [2, 1], want: false },
    { a: { x: 1 }, b: { x: 1, y: undefined }, want: false },
    { a: null, b: null, want: true },
  ])('$a ~ $b → $want', ({ a, b, want }) => {
    expect(sameValue(a, b)).toBe(want);
  });
});
