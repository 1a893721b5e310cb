// The generated cases the real spec plans: which operations get them and which are skipped with
// their reason, the fixtures they get real path ids from, how their runs and shrinking are sized
// under per-resource limits, and the order among cases that open concurrency-limited resources.
import { describe, expect, it } from 'vitest';
import { listOperations, loadSpec, type Spec } from '../../../openapi/tools/spec.js';
import { buildPlan, PHASE } from '../plan/index.js';
import type { PlannedCase } from '../types.js';
import type { GeneratedParams } from './params.js';

const spec = loadSpec();
const plan = (o: { generate?: number; seed?: number; profile?: 'full' | 'mock'; spec?: Spec } = {}) =>
  buildPlan(o.spec ?? spec, { profile: o.profile ?? 'full', otherKey: true, seed: o.seed ?? 42, generate: o.generate ?? 4 }).cases.filter(
    (c) => c.probe === 'negative-data' || c.probe === 'positive-data',
  );
/** A generated case's parameters: the generate probes plan every case the filter above keeps. */
const generatedParams = (c: PlannedCase) => c.params as GeneratedParams | undefined;
const byId = (cases: PlannedCase[], id: string) => {
  const c = cases.find((x) => x.id === id);
  if (!c) throw new Error(`no case ${id}`);
  return c;
};

describe('generated cases', () => {
  const cases = plan();

  it('plans one invalid-input and one valid-input case per operation, in the generated phase', () => {
    expect(cases).toHaveLength(listOperations(spec).length * 2);
    expect(new Set(cases.map((c) => c.phase))).toEqual(new Set([PHASE.generated]));
    expect(byId(cases, 'createContact probe:negative-data').checks).toEqual(
      expect.arrayContaining(['negative-data-rejected', 'not-a-server-error', 'body-schema', 'status-documented']),
    );
    expect(byId(cases, 'createContact probe:positive-data').checks).toEqual(
      expect.arrayContaining(['positive-data-accepted', 'not-a-server-error', 'body-schema']),
    );
  });

  it('plans none without --generate', () => expect(plan({ generate: 0 })).toEqual([]));

  it.each([
    ['sendOtp probe:negative-data', /limited per source IP \(otp-source-ip: 5\/60s\)/],
    ['sendOtp probe:positive-data', /limited per source IP/],
    ['getAccount probe:negative-data', /takes no input that could be sent wrong/],
    ['getAccount probe:positive-data', /takes no inputs/],
    ['getAgent probe:positive-data', /its only inputs are path ids/],
    ['startCampaign probe:positive-data', /its only inputs are path ids/],
    ['replaceIpAllowlist probe:positive-data', /replaces an account-wide setting \(PUT \/v1\/ip-allowlist\)/],
  ])('skips %s with the reason', (id, reason) => expect(byId(cases, id).skip).toMatch(reason));

  it('runs invalid path ids on operations whose only input is an id, valid and invalid bodies on list and create operations', () => {
    for (const id of [
      'getAgent probe:negative-data',
      'getNumber probe:negative-data',
      'listCalls probe:positive-data',
      'createWebhook probe:positive-data',
      'replaceIpAllowlist probe:negative-data',
    ]) {
      expect(byId(cases, id).skip, id).toBeUndefined();
    }
  });

  it('gets real path ids from the documented create that links to the operation, after it ran', () => {
    const c = byId(cases, 'updateAgent probe:positive-data');
    expect(generatedParams(c)?.fixture).toEqual({
      creator: { caseId: 'createAgent created', operationId: 'createAgent', params: { agent_id: '$response.body#/id' } },
    });
    expect(c.after).toContain('createAgent created');
    // An operation whose only input is its path id needs no resource: its ids are made up.
    expect(generatedParams(byId(cases, 'getAgent probe:negative-data'))?.fixture).toBeUndefined();
    // The call a command goes to comes from a create without magic test values (not the busy call).
    expect(generatedParams(byId(cases, 'sendCallCommand probe:negative-data'))?.fixture?.creator?.caseId).toBe('triggerCall outbound-call');
  });

  it('falls back to an id the run learns when nothing creates the resource', () => {
    const unlinked = structuredClone(spec);
    delete unlinked.paths['/v1/agents'].post.responses['201'].links;
    delete unlinked.paths['/v1/agents/import'].post.responses['201'].links;
    const c = byId(plan({ spec: unlinked }), 'updateAgent probe:negative-data');
    expect(generatedParams(c)?.fixture).toEqual({ known: { agent_id: 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6' } });
    expect(c.uses).toEqual(['agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6']);
  });

  it('keeps within a per-resource limit on its fixture (10 commands per call)', () => {
    expect(generatedParams(byId(cases, 'sendCallCommand probe:positive-data'))).toMatchObject({ runs: 4, shrinkBudget: 4 });
    expect(generatedParams(byId(plan({ generate: 20 }), 'sendCallCommand probe:positive-data'))).toMatchObject({
      runs: 8,
      shrinkBudget: 0,
    });
    expect(generatedParams(byId(plan({ generate: 20 }), 'createContact probe:positive-data'))).toMatchObject({
      runs: 20,
      shrinkBudget: 10,
    });
  });

  it('says its load by policy, so worker keys are minted for it', () => {
    expect(byId(cases, 'createContact probe:negative-data').load).toEqual({ default: 4 });
    // Valid creates are ended at once: a hang-up for every call.
    expect(byId(cases, 'triggerCall probe:positive-data').load).toEqual({ default: 8, calls: 8 });
    // Its runs, then its fixture's create, reads (getAgent, exportAgent) and ending.
    expect(byId(cases, 'updateAgent probe:negative-data').load).toEqual({ default: 4 + 1 + 2 + 1 });
    // A command's call is created, read and hung up on the calls policy, not on call-commands.
    expect(byId(cases, 'sendCallCommand probe:negative-data').load).toEqual({
      default: 4 + 3,
      'call-commands': 4,
      calls: 3,
    });
  });

  it('runs the cases that open calls one after another (an account holds 5 active calls)', () => {
    const order = [
      'triggerCall probe:negative-data',
      'triggerCall probe:positive-data',
      'sendCallCommand probe:negative-data',
      'sendCallCommand probe:positive-data',
    ];
    for (let i = 1; i < order.length; i++) expect(byId(cases, order[i]).after, order[i]).toContain(order[i - 1]);
    expect(byId(cases, 'createContact probe:negative-data').after).toEqual([]);
  });

  it('seeds each case from --seed: the same seed, the same case seeds', () => {
    const seeds = (seed: number) => plan({ seed }).map((c) => generatedParams(c)?.caseSeed);
    expect(seeds(42)).toEqual(seeds(42));
    expect(seeds(43)).not.toEqual(seeds(42));
  });

  it('is planned and skipped against a stateless mock', () => {
    const mock = plan({ profile: 'mock' });
    expect(mock.length).toBe(cases.length);
    for (const c of mock) expect(c.skip).toBeDefined();
  });
});
