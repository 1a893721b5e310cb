import { describe, expect, it } from 'vitest';
import { buildRequest, pairExamples, type ResolvedOperation } from './example-pairs.js';

const json = (examples: Record<string, unknown>) => ({
  content: { 'application/json': { examples: Object.fromEntries(Object.entries(examples).map(([k, v]) => [k, { value: v }])) } },
});
const probe = (name: string, id: string) => ({
  content: { 'application/problem+json': { examples: { [name]: { 'x-contract-probe': id, value: {} } } } },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { example: 'thing_1' }, examples: { 'not-found': { value: 'thing_0' } } };

// given: an operation; want: the pairs (name → status) and the problems.
const table: Array<{ given: string; op: ResolvedOperation; pairs: string[]; problems: string[] }> = [
  {
    given: 'a get with a default 200 and a named 404',
    op: {
      parameters: [idParam],
      responses: { '200': json({ thing: {} }), '404': json({ 'not-found': {} }), '401': probe('missing-key', 'missing-key') },
    },
    pairs: ['thing→200 (default)', 'not-found→404'],
    problems: [],
  },
  {
    given: 'a create whose body names every response',
    op: {
      requestBody: { required: true, ...json({ created: { a: 1 }, 'validation-error': { a: 'x' } }) },
      responses: { '201': json({ created: {} }), '422': json({ 'validation-error': {} }) },
    },
    pairs: ['created→201', 'validation-error→422'],
    problems: [],
  },
  {
    given: 'a response example nothing reproduces while the body is required',
    op: {
      requestBody: { required: true, ...json({ created: {} }) },
      responses: { '201': json({ created: {} }), '409': json({ conflict: {} }) },
    },
    pairs: ['created→201'],
    problems: ['Response example "conflict" (409) has no request example of the same name to reproduce it.'],
  },
  {
    given: 'a request example with no response',
    op: { parameters: [{ ...idParam, examples: { gone: { value: 'x' } } }], responses: { '200': json({ thing: {} }) } },
    pairs: ['thing→200 (default)'],
    problems: ['Request example "gone" has no response example of the same name.'],
  },
  {
    given: 'one name on two statuses and an unknown probe',
    op: {
      parameters: [idParam],
      responses: { '404': json({ 'not-found': {} }), '410': json({ 'not-found': {} }), '401': probe('x', 'mind-reading') },
    },
    pairs: ['not-found→404'],
    problems: [
      'Response example "x" names an unknown x-contract-probe "mind-reading"',
      'Response example name "not-found" is used by both 404 and 410',
    ],
  },
];

describe('pairExamples', () => {
  it.each(table)('$given', ({ op, pairs, problems }) => {
    const result = pairExamples(op);
    expect(result.pairs.map((p) => `${p.name}→${p.response.status}${p.isDefault ? ' (default)' : ''}`).sort()).toEqual([...pairs].sort());
    expect(result.problems.map((p) => p.message)).toEqual(problems.map((m) => expect.stringContaining(m)));
  });
});

describe('buildRequest', () => {
  it('takes named values, falls back to schema examples for required inputs and omits optional ones', () => {
    const op: ResolvedOperation = {
      parameters: [
        idParam,
        { name: 'limit', in: 'query', schema: { example: 20 }, examples: { big: { value: 500 } } },
        { name: 'Idempotency-Key', in: 'header', schema: { example: 'k' } },
      ],
      requestBody: json({ big: { n: 1 } }),
    };
    expect(buildRequest(op, 'big')).toMatchObject({ path: { id: 'thing_1' }, query: { limit: 500 }, header: {}, body: { n: 1 } });
    const notFound = buildRequest(op, 'not-found');
    expect(notFound).toMatchObject({ path: { id: 'thing_0' }, query: {}, header: {} });
    expect(notFound.body).toBeUndefined();
  });
});
