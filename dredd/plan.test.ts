// The Dredd plan replays every documented example pair once and gives a reason for every
// documented response it skips; the derived documents are what Dredd's parser accepts.
import { describe, expect, it } from 'vitest';
import { pairExamples } from '../openapi/tools/example-pairs.js';
import { listOperations, loadSpec } from '../openapi/tools/spec.js';
import { dreddDocument } from './dredd-spec.js';
import { buildPlan, CONFLICT_REASON, documentTitle, operationOrder } from './plan.js';

const spec = loadSpec();
const plan = buildPlan(spec);
const operations = listOperations(spec);
const find = (operationId: string, status: string) => plan.entries.filter((e) => e.operationId === operationId && e.status === status);

describe('buildPlan', () => {
  it.each([
    { operationId: 'triggerCall', status: '201', want: ['outbound-call', 'busy-call'], doc: [0, 1] },
    { operationId: 'getCall', status: '404', want: ['not-found'], doc: [0] },
    { operationId: 'getAccount', status: '200', want: ['account'], doc: [0] },
  ])('$operationId $status replays $want, one Dredd document each', ({ operationId, status, want, doc }) => {
    const entries = find(operationId, status);
    expect(entries.map((e) => e.example)).toEqual(want);
    expect(entries.map((e) => e.key.split(' /')[0].replace(/ (GET|POST|PUT|PATCH|DELETE)$/, ''))).toEqual(doc.map(documentTitle));
    for (const e of entries) expect(e.skip).toBeUndefined();
  });

  it.each([
    { operationId: 'getCall', status: '404', uri: '/v1/calls/call_0000000000000000000000' },
    { operationId: 'listAgents', status: '422', uri: '/v1/agents?limit=500' },
    { operationId: 'getAccount', status: '200', uri: '/v1/account' },
  ])('$operationId $status requests $uri', ({ operationId, status, uri }) => {
    expect(find(operationId, status)[0].request?.uri).toBe(uri);
  });

  it('sends the example body and expects the required headers only', () => {
    const [entry] = find('triggerCall', '201');
    expect(entry.request!.example.body).toMatchObject({ to: '+14155550123' });
    expect(entry.expected!.headers).toContain('X-Request-Id');
    expect(entry.expected!.headers).not.toContain('Idempotent-Replayed');
  });

  it.each([
    { operationId: 'revokeApiKey', status: '409', reason: CONFLICT_REASON },
    { operationId: 'getAccount', status: '401', reason: /probe only: missing-key .*invalid-key .*key-in-query/ },
    { operationId: 'triggerCall', status: '429', reason: /rate-limited .*concurrency-limit/ },
    { operationId: 'getAccount', status: '500', reason: /unreproducible/ },
  ])('skips $operationId $status with its reason', ({ operationId, status, reason }) => {
    const entries = find(operationId, status);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.skip).toMatch(reason);
  });

  it('covers every example pair exactly once and every documented status', () => {
    for (const { operationId, op } of operations) {
      const names = pairExamples(op)
        .pairs.map((p) => `${p.response.status} ${p.name}`)
        .sort();
      const planned = plan.entries
        .filter((e) => e.operationId === operationId && e.example)
        .map((e) => `${e.status} ${e.example}`)
        .sort();
      expect(planned, operationId).toEqual(names);
      for (const status of Object.keys(op.responses ?? {}))
        expect(find(operationId, status).length, `${operationId} ${status}`).toBeGreaterThan(0);
    }
    expect(new Set(plan.entries.map((e) => e.key)).size).toBe(plan.entries.length);
  });
});

describe('operationOrder', () => {
  const order = operationOrder(spec).map((o) => o.operationId);
  const before = (a: string, b: string) => order.indexOf(a) < order.indexOf(b);

  it('keeps every operation once', () => {
    expect([...order].sort()).toEqual(operations.map((o) => o.operationId).sort());
  });

  it.each([
    { first: 'listNumbers', later: 'createAgent', why: 'the agent example uses the seeded number, known only from a read' },
    { first: 'createAgent', later: 'triggerCall', why: 'a call needs the agent' },
    { first: 'createContact', later: 'addCampaignContacts', why: 'the contacts added must exist' },
    { first: 'sendCallCommand', later: 'hangupCall', why: 'a hung-up call takes no command' },
    { first: 'startCampaign', later: 'pauseCampaign', why: 'only a running campaign pauses' },
    { first: 'updateContact', later: 'deleteContact', why: 'deletes come last' },
    { first: 'deleteCampaign', later: 'deleteAgent', why: 'campaigns go before the agents they use' },
  ])('$first before $later ($why)', ({ first, later }) => {
    expect(before(first, later)).toBe(true);
  });

  it('revokes API keys last, so the key Dredd uses stays valid to the end', () => {
    expect(order.at(-1)).toBe('revokeApiKey');
  });
});

describe('dreddDocument', () => {
  it('gives every required parameter an example (Dredd aborts without one)', () => {
    const doc = dreddDocument(spec, 0)!;
    for (const { method, path } of listOperations(doc)) {
      const params = [...(doc.paths[path].parameters ?? []), ...(doc.paths[path][method].parameters ?? [])];
      for (const p of params.filter((x: any) => x.required)) expect(p.example, `${method} ${path} ${p.name}`).toBeDefined();
    }
  });

  it('keeps in document k only the statuses with a k-th pair, with that pair as the only example', () => {
    const second = dreddDocument(spec, 1)!;
    const ops = listOperations(second);
    const trigger = ops.find((o) => o.operationId === 'triggerCall')!;
    expect(Object.keys(trigger.op.responses!)).toEqual(['201']);
    expect(Object.keys(trigger.op.responses!['201'].content['application/json'].examples)).toEqual(['busy-call']);
    expect(ops.some((o) => o.operationId === 'getAccount')).toBe(false);
    expect(dreddDocument(spec, plan.documents.length)).toBeUndefined();
  });
});
