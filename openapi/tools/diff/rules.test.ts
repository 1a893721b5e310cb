// Every rule proven by a pair (the real bundled spec, and a clone changed in one thing) that makes
// it, and nothing else, report; and compatible changes that report nothing breaking.
import { describe, expect, it } from 'vitest';
import { loadSpec, type Spec } from '../spec.js';
import { diffSpecs } from './diff.js';
import { RULES } from './rules/index.js';

const real = loadSpec();
type Mutate = (spec: Spec) => void;

const agents = (s: Spec) => s.paths['/v1/agents'];
const phoneParam = (s: Spec) => agents(s).get.parameters.find((p: Spec) => p.name === 'phone_number_id');
const createAgentBody = (s: Spec) => agents(s).post.requestBody.content['application/json'].schema;
const phoneProp = (s: Spec) => createAgentBody(s).properties.phone_number_id;
const account = (s: Spec) => s.components.schemas.Account;
const getAccount = (s: Spec) => s.paths['/v1/account'].get;
const webhookPayload = (s: Spec) => s.components.schemas.CallCompletedEvent;

/** An operation with two response examples of one inline status: one can go without the status going. */
function twoExamples(s: Spec): { op: Spec; status: string; name: string } {
  for (const item of Object.values<Spec>(s.paths))
    for (const op of Object.values<Spec>(item))
      for (const [status, r] of Object.entries<Spec>(op.responses ?? {})) {
        const ex = r.content?.['application/json']?.examples;
        if (!r.$ref && ex && Object.keys(ex).length >= 2) return { op, status, name: Object.keys(ex).at(-1) as string };
      }
  throw new Error('no operation with two examples of one status');
}

interface Case {
  want: string;
  /** Applied to the base and the head alike, before `head`/`base`. */
  both?: Mutate;
  base?: Mutate;
  head?: Mutate;
}

const CASES: Case[] = [
  { want: 'api-path-removed-without-deprecation', head: (s) => delete s.paths['/v1/lookups/{lookup_id}'] },
  { want: 'api-removed-without-deprecation', head: (s) => delete s.paths['/v1/agents/{agent_id}'].delete },
  { want: 'endpoint-added', head: (s) => (s.paths['/v1/ping'] = { get: { ...structuredClone(getAccount(s)), operationId: 'ping' } }) },
  { want: 'api-documentation-changed', head: (s) => (getAccount(s).description += ' Now with more words.') },
  {
    want: 'new-required-request-parameter',
    head: (s) => agents(s).get.parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string', maxLength: 8 } }),
  },
  {
    want: 'new-optional-request-parameter',
    head: (s) => agents(s).get.parameters.push({ name: 'region', in: 'query', required: false, schema: { type: 'string', maxLength: 8 } }),
  },
  { want: 'request-parameter-removed', head: (s) => agents(s).get.parameters.splice(agents(s).get.parameters.indexOf(phoneParam(s)), 1) },
  { want: 'request-parameter-became-required', head: (s) => (phoneParam(s).required = true) },
  { want: 'request-parameter-type-changed', head: (s) => (phoneParam(s).schema.type = 'integer') },
  {
    want: 'request-parameter-enum-value-removed',
    both: (s) => (phoneParam(s).schema.enum = ['a', 'b']),
    head: (s) => (phoneParam(s).schema.enum = ['a']),
  },
  { want: 'request-parameter-max-decreased', head: (s) => (phoneParam(s).schema.maxLength = 20) },
  { want: 'request-parameter-min-increased', head: (s) => (phoneParam(s).schema.minLength = 30) },
  { want: 'request-parameter-pattern-changed', head: (s) => (phoneParam(s).schema.pattern = '^num_[0-9]{16}$') },
  {
    want: 'request-property-removed',
    head: (s) => delete createAgentBody(s).properties.phone_number_id,
  },
  {
    want: 'new-required-request-property',
    head: (s) => {
      createAgentBody(s).properties.team = { type: 'string', maxLength: 8 };
      createAgentBody(s).required.push('team');
    },
  },
  { want: 'new-optional-request-property', head: (s) => (createAgentBody(s).properties.team = { type: 'string', maxLength: 8 }) },
  { want: 'request-property-became-required', head: (s) => createAgentBody(s).required.push('phone_number_id') },
  { want: 'request-property-type-changed', head: (s) => (phoneProp(s).type = 'string') },
  {
    want: 'request-property-enum-value-removed',
    both: (s) => (phoneProp(s).enum = ['a', 'b', null]),
    head: (s) => (phoneProp(s).enum = ['a', null]),
  },
  { want: 'request-property-max-length-set', base: (s) => delete phoneProp(s).maxLength },
  { want: 'request-property-max-length-decreased', head: (s) => (phoneProp(s).maxLength = 20) },
  { want: 'request-property-min-length-increased', head: (s) => (phoneProp(s).minLength = 30) },
  {
    want: 'request-property-max-decreased',
    both: (s) => (createAgentBody(s).properties.weight = { type: 'integer', minimum: 0, maximum: 10 }),
    head: (s) => (createAgentBody(s).properties.weight.maximum = 5),
  },
  {
    want: 'request-property-min-increased',
    both: (s) => (createAgentBody(s).properties.weight = { type: 'integer', minimum: 0, maximum: 10 }),
    head: (s) => (createAgentBody(s).properties.weight.minimum = 1),
  },
  { want: 'request-property-pattern-changed', head: (s) => (phoneProp(s).pattern = '^num_[0-9]{16}$') },
  { want: 'request-body-became-required', base: (s) => (agents(s).post.requestBody.required = false) },
  {
    want: 'request-body-media-type-removed',
    both: (s) =>
      (agents(s).post.requestBody.content['application/merge-patch+json'] = structuredClone(
        agents(s).post.requestBody.content['application/json'],
      )),
    head: (s) => delete agents(s).post.requestBody.content['application/merge-patch+json'],
  },
  {
    want: 'response-property-removed',
    head: (s) => delete account(s).properties.company_name && account(s).required.splice(account(s).required.indexOf('company_name'), 1),
  },
  { want: 'response-property-became-optional', head: (s) => account(s).required.splice(account(s).required.indexOf('company_name'), 1) },
  { want: 'response-property-type-changed', head: (s) => (account(s).properties.company_name.type = ['string', 'null']) },
  { want: 'response-property-enum-value-added', head: (s) => s.components.schemas.ErrorCode.enum.push('NEW_CODE') },
  { want: 'response-property-added', head: (s) => (account(s).properties.region = { type: 'string', maxLength: 8 }) },
  { want: 'response-success-status-removed', head: (s) => delete getAccount(s).responses['200'] },
  { want: 'response-non-success-status-removed', head: (s) => delete s.paths['/v1/agents/{agent_id}'].get.responses['404'] },
  {
    want: 'response-media-type-removed',
    both: (s) => (getAccount(s).responses['200'].content['application/xml'] = { schema: { type: 'string' } }),
    head: (s) => delete getAccount(s).responses['200'].content['application/xml'],
  },
  { want: 'response-header-removed', head: (s) => delete getAccount(s).responses['200'].headers['X-Request-Id'] },
  {
    want: 'api-security-removed',
    head: (s) => (getAccount(s).security = getAccount(s).security.filter((r: Spec) => !('apiKeyHeader' in r))),
  },
  { want: 'api-security-component-removed', head: (s) => delete s.components.securitySchemes.apiKeyHeader },
  { want: 'api-security-component-type-changed', head: (s) => (s.components.securitySchemes.apiKeyHeader.name = 'X-Key') },
  {
    want: 'parley.scope-added',
    head: (s) =>
      (getAccount(s).security = getAccount(s).security.map((r: Spec) =>
        Object.fromEntries(Object.keys(r).map((k) => [k, ['calls:write']])),
      )),
  },
  { want: 'parley.rate-limit-lowered', head: (s) => (s['x-rate-limit-policies'].default.limit = 10) },
  { want: 'parley.concurrency-limit-lowered', head: (s) => (s['x-concurrency-limits']['active-calls'].limit = 1) },
  { want: 'parley.body-limit-lowered', head: (s) => (agents(s).post['x-body-limit'] = 1024) },
  { want: 'parley.idempotency-key-required', head: (s) => (s.components.parameters.IdempotencyKey.required = true) },
  {
    want: 'parley.error-code-removed',
    head: (s) => s.components.schemas.ErrorCode.enum.splice(s.components.schemas.ErrorCode.enum.indexOf('CONFLICT'), 1),
  },
  { want: 'parley.test-value-removed', head: (s) => s['x-test-values'].pop() },
  { want: 'parley.webhook-event-removed', head: (s) => delete s.webhooks['call.failed'] },
  {
    want: 'parley.webhook-payload-narrowed',
    head: (s) => {
      const p = webhookPayload(s);
      const name = p.required[0];
      delete p.properties[name];
      p.required.splice(0, 1);
    },
  },
  { want: 'parley.webhook-signature-changed', head: (s) => (s['x-webhook-delivery'].signature = 'standard-webhooks-v2') },
  {
    want: 'parley.example-pair-removed',
    head: (s) => {
      const { op, status, name } = twoExamples(s);
      delete op.responses[status].content['application/json'].examples[name];
    },
  },
];

const version = (s: Spec, v: string) => (s.info.version = v);

function pair(c: Case): [Spec, Spec] {
  // The real spec is the base whenever the case leaves it alone: its model is built once.
  const base = c.both || c.base ? structuredClone(real) : real;
  const head = structuredClone(real);
  c.both?.(base);
  c.both?.(head);
  c.base?.(base);
  c.head?.(head);
  return [base, head];
}

describe('diff rules: each pair triggers its rule and nothing else', () => {
  it('covers every registered rule, once', () => {
    expect(CASES.map((c) => c.want).sort()).toEqual(RULES.map((r) => r.id).sort());
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('the spec against itself: nothing', () => {
    expect(diffSpecs(real, structuredClone(real)).changes).toEqual([]);
  });

  it.each(CASES)('$want', (c) => {
    const [base, head] = pair(c);
    const report = diffSpecs(base, head);
    expect([...new Set(report.changes.map((x) => x.rule))]).toEqual([c.want]);
    const rule = RULES.find((r) => r.id === c.want);
    expect(report.changes.every((x) => x.level === rule?.level && x.message.length > 0 && x.location !== undefined)).toBe(true);
    expect(report.failed).toBe(rule?.level === 'breaking');
  });
});

describe('compatible changes report nothing breaking', () => {
  it.each<{ name: string; head: Mutate }>([
    { name: 'optional request field added', head: (s) => (createAgentBody(s).properties.team = { type: 'string', maxLength: 8 }) },
    { name: 'operation added', head: (s) => (s.paths['/v1/ping'] = { get: { ...structuredClone(getAccount(s)), operationId: 'ping' } }) },
    { name: 'description changed', head: (s) => (s.paths['/v1/agents/{agent_id}'].get.description = 'Another description.') },
    {
      name: 'example added',
      head: (s) => {
        const examples = getAccount(s).responses['200'].content['application/json'].examples;
        examples.another = structuredClone(Object.values<Spec>(examples)[0]);
      },
    },
    { name: 'optional response field added', head: (s) => (account(s).properties.region = { type: 'string', maxLength: 8 }) },
  ])('$name', ({ head }) => {
    const h = structuredClone(real);
    head(h);
    const report = diffSpecs(real, h);
    expect(report.changes.filter((c) => c.level === 'breaking')).toEqual([]);
    expect(report.failed).toBe(false);
  });
});

describe('the verdict', () => {
  const breaking = CASES.find((c) => c.want === 'request-property-removed') as Case;

  it('fails on a breaking change unless the major version went up', () => {
    const [base, head] = pair(breaking);
    expect(diffSpecs(base, head).failed).toBe(true);
    version(head, '1.4.0');
    expect(diffSpecs(base, head).failed).toBe(true);
    version(head, '2.0.0');
    const bumped = diffSpecs(base, head);
    expect(bumped.majorBumped).toBe(true);
    expect(bumped.failed).toBe(false);
    expect(bumped.unaccepted).toHaveLength(1);
  });

  it('passes a breaking change an entry accepts for its commit or any, and only those', () => {
    const [base, head] = pair(breaking);
    const entry = { rule: 'request-property-removed', operation: 'createAgent', commit: 'abc1234', reason: 'no client sends it' };
    expect(diffSpecs(base, head, { accepted: [entry], commits: ['abc1234ffff'] }).failed).toBe(false);
    expect(diffSpecs(base, head, { accepted: [entry], commits: ['def5678ffff'] }).failed).toBe(true);
    expect(diffSpecs(base, head, { accepted: [{ ...entry, operation: 'getAgent' }], commits: ['abc1234ffff'] }).failed).toBe(true);
    const any = diffSpecs(base, head, { accepted: [{ ...entry, operation: 'any', commit: 'any' }] });
    expect(any.failed).toBe(false);
    expect(any.changes[0].accepted).toBe('no client sends it');
  });
});
