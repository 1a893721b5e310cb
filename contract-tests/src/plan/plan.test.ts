// The plan built from generated/openapi.json alone: one case per example pair, in an order where
// what a case needs exists (the spec's descriptions state these orders in prose), every
// operation probed, ids mapped from responses, the mock profile limited to what a mock honours.
import { describe, expect, it } from 'vitest';
import { pairExamples } from '../../../openapi/tools/example-pairs.js';
import { listOperations } from '../../../openapi/tools/spec.js';
import { RESPONSE_CHECKS } from '../checks/index.js';
import { spec } from '../testing/fixtures/exchanges.js';
import type { PlannedCase } from '../types.js';
import { classify } from './classify.js';
import { idsIn, isUnknownId, knownIds, matchListed, substitute } from './ids.js';
import { buildPlan, PHASE } from './index.js';
import { malformedJson, oversizedBody, safeRequest } from './safe-request.js';

const plan = buildPlan(spec, { profile: 'full', otherKey: true });
const byId = new Map(plan.cases.map((c) => [c.id, c]));
const get = (id: string): PlannedCase => {
  const c = byId.get(id);
  if (!c) throw new Error(`no case ${id}`);
  return c;
};

/** A runs before B: an earlier phase, or B waits for A through `after` edges. */
function runsBefore(a: string, b: string): boolean {
  const A = get(a);
  const B = get(b);
  if (A.phase !== B.phase) return A.phase < B.phase;
  const seen = new Set<string>();
  const walk = (c: PlannedCase): boolean =>
    c.after.some((d) => {
      if (d === a) return true;
      if (seen.has(d)) return false;
      seen.add(d);
      return byId.has(d) && walk(get(d));
    });
  return walk(B);
}

describe('the example cases', () => {
  it('are one per (operation, example pair) of the spec', () => {
    const pairs = listOperations(spec).flatMap((o) => pairExamples(o.op).pairs.map((p) => `${o.operationId} ${p.name}`));
    const examples = plan.cases.filter((c) => c.kind === 'example');
    expect(examples.map((c) => c.id).sort()).toEqual(pairs.sort());
    expect(examples.length).toBeGreaterThan(100);
    for (const c of examples) expect(c.checks).toEqual(RESPONSE_CHECKS);
  });

  // given: two documented examples; want: the first runs before the second (why, in the spec's words).
  const order: Array<[string, string, string]> = [
    ['listNumbers by-phone-number', 'createAgent created', 'the seeded number is found by listing it, then assigned'],
    ['createAgent created', 'triggerCall outbound-call', 'a call needs its agent'],
    ['createAgent created', 'createAgent conflict', 'the conflict reuses the created name'],
    ['createAgent created', 'importAgent conflict', 'importing the export of the created agent conflicts'],
    ['importAgent imported', 'updateAgent conflict', "renaming to the imported copy's name conflicts"],
    ['updateAgent conflict', 'deleteAgent deleted', 'the imported copy exists until deleted'],
    ['addCampaignContacts add-contacts', 'startCampaign started', 'a campaign starts once it has a contact'],
    ['startCampaign started', 'getCampaign campaign', 'the example shows the campaign running'],
    ['startCampaign started', 'deleteAgent conflict', 'an agent a running campaign uses cannot be deleted'],
    ['deleteAgent conflict', 'pauseCampaign paused', '…while the campaign runs'],
    ['updateCampaign conflict', 'pauseCampaign paused', 'a running campaign cannot be updated'],
    ['deleteCampaign conflict', 'pauseCampaign paused', 'a running campaign cannot be deleted'],
    ['startCampaign conflict', 'deleteCampaign deleted', 'the empty campaign exists until deleted'],
    ['revokeApiKey revoke-key', 'revokeApiKey conflict', 'revoking a revoked key conflicts'],
    ['revokeApiKey revoke-key', 'rotateApiKey conflict', 'rotating a revoked key conflicts'],
    ['getApiKey api-key', 'rotateApiKey rotated-key', 'reads see the key as created'],
    ['verifyOtp rejected', 'verifyOtp approved', 'rejected, then approved, then conflict'],
    ['verifyOtp approved', 'verifyOtp conflict', 'an approved OTP cannot be verified again'],
    ['createContact contact', 'importContacts import', 'the import skips the existing contact'],
    ['importContacts import', 'updateContact conflict', 'the conflict takes a number the import created'],
    ['updateContact conflict', 'deleteContact deleted', 'the canonical contact is deleted last'],
    ['getWebhook endpoint', 'updateWebhook update-events', 'the read shows the events before the update'],
    ['updateWebhook update-events', 'deleteWebhook deleted', 'deletes come last'],
    ['getCall active-call', 'sendCallCommand say', 'a live call takes commands'],
    ['sendCallCommand say', 'hangupCall hung-up', 'hang-ups come last'],
    ['triggerCall busy-call', 'hangupCall conflict', 'the busy call has ended'],
    ['createWebhook create-endpoint', 'createWebhook conflict', 'the conflict sends the same URL again'],
  ];
  it.each(order)('%s before %s (%s)', (a, b) => {
    expect(runsBefore(a, b)).toBe(true);
    expect(runsBefore(b, a)).toBe(false);
  });

  it('puts creates first, endings last, conflicts on ended resources after them', () => {
    expect(get('listNumbers by-phone-number').phase).toBe(PHASE.discover);
    expect(get('createApiKey create-read-only-key').phase).toBe(PHASE.create);
    for (const id of ['hangupCall hung-up', 'pauseCampaign paused', 'revokeApiKey revoke-key', 'deleteContact deleted'])
      expect(get(id).phase).toBe(PHASE.destroy);
    expect(get('revokeApiKey conflict').phase).toBe(PHASE.afterDestroy);
    expect(get('deleteCampaign conflict').phase).toBe(PHASE.conflict);
  });

  it('never waits on a later phase (no deadlock)', () => {
    for (const c of plan.cases)
      for (const d of c.after) if (byId.has(d)) expect(get(d).phase, `${c.id} after ${d}`).toBeLessThanOrEqual(c.phase);
  });
});

describe('the probes', () => {
  const probes = plan.cases.filter((c) => c.kind === 'probe');
  it('probe the security of every operation at least once', () => {
    for (const so of listOperations(spec)) {
      for (const p of ['missing-key', 'invalid-key', 'key-in-query'])
        expect(
          probes.some((c) => c.operationId === so.operationId && c.probe === p && !c.skip),
          `${so.operationId} ${p}`,
        ).toBe(true);
    }
  });

  it('reproduce every x-contract-probe example, or say why not', () => {
    for (const so of listOperations(spec)) {
      for (const e of pairExamples(so.op).probes) {
        const c = probes.find((x) => x.operationId === so.operationId && x.example === e.name && x.expected.status === e.status);
        expect(c, `${so.operationId} ${e.status} ${e.name}`).toBeDefined();
      }
    }
  });

  it('exhaust each rate-limit policy once, per-source-IP last', () => {
    const exhaust = probes.filter((c) => c.probe === 'rate-limit-exhaustion').map((c) => `${c.variant}@${c.phase}`);
    expect(exhaust.sort()).toEqual(
      [`call-commands@${PHASE.exclusive}`, `calls@${PHASE.main}`, `default@${PHASE.main}`, `otp-source-ip@${PHASE.last}`].sort(),
    );
    for (const c of probes.filter((x) => x.probe === 'rate-limited'))
      expect(c.after).toContain('getAccount probe:rate-limit-exhaustion:default');
  });

  it('leave the per-source-IP budget to the examples', () => {
    const otp = probes.filter((c) => c.operationId === 'sendOtp' && !c.skip).map((c) => c.probe);
    expect(new Set(otp)).toEqual(new Set(['missing-key', 'invalid-key', 'key-in-query', 'rate-limit-exhaustion']));
  });

  it('send requests that change nothing when the server wrongly lets them through', () => {
    for (const c of probes.filter((x) => ['missing-key', 'insufficient-scope', 'ip-not-allowed', 'key-in-query'].includes(x.probe ?? ''))) {
      const status = Number(
        pairExamples(listOperations(spec).find((o) => o.operationId === c.operationId)!.op).pairs.find((p) => p.name === c.request.name)
          ?.response.status,
      );
      expect(c.method === 'get' || status >= 400, `${c.id} sends ${c.request.name}`).toBe(true);
    }
  });

  it("read this account's resources with the other account's key, or skip without --other-key", () => {
    expect(probes.filter((c) => c.probe === 'cross-account').map((c) => c.operationId)).toEqual(
      expect.arrayContaining(['getApiKey', 'getAgent', 'getCall', 'getCampaign', 'getContact', 'getWebhook']),
    );
    const alone = buildPlan(spec, { profile: 'full', otherKey: false });
    for (const c of alone.cases.filter((x) => x.probe === 'cross-account' || x.probe === 'idempotency-isolation'))
      expect(c.skip).toMatch(/--other-key/);
  });
});

describe('--only and --profile mock', () => {
  it('selects matching cases with what they need', () => {
    const only = buildPlan(spec, { profile: 'full', otherKey: false, only: '^getCampaign$' });
    const ids = only.cases.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'getCampaign campaign',
        'startCampaign started',
        'addCampaignContacts add-contacts',
        'createContact contact',
        'createAgent created',
        'listNumbers by-phone-number',
      ]),
    );
    expect(ids).not.toContain('deleteWebhook deleted');
  });

  it('mock: every example pair with the mock checks, only the missing-key probe runs', () => {
    const mock = buildPlan(spec, { profile: 'mock', otherKey: false });
    const running = mock.cases.filter((c) => !c.skip);
    expect(running.filter((c) => c.kind === 'example')).toHaveLength(plan.cases.filter((c) => c.kind === 'example').length);
    expect(new Set(running.filter((c) => c.kind === 'probe').map((c) => c.probe))).toEqual(new Set(['missing-key']));
    expect(running.every((c) => c.after.length === 0)).toBe(true);
  });
});

describe('canonical ids', () => {
  const known = knownIds(spec);
  it('are the documented ids, not the unknown ones', () => {
    expect(known.has('call_4kP9xR2mT7vQ1sZ8nB3wLd')).toBe(true);
    expect(known.has('num_4Gh7Jk2Lp9Qw3Rt8Yx5Zb1')).toBe(true);
    expect(isUnknownId('call_0000000000000000000000')).toBe(true);
    expect(known.has('call_0000000000000000000000')).toBe(false);
  });

  it('are substituted deep in requests', () => {
    const ids = new Map([['agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', 'agt_Real']]);
    expect(substitute({ agent_id: 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', list: ['agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', 'x'] }, ids)).toEqual({
      agent_id: 'agt_Real',
      list: ['agt_Real', 'x'],
    });
    expect([...idsIn({ a: ['call_4kP9xR2mT7vQ1sZ8nB3wLd'] }, known)]).toEqual(['call_4kP9xR2mT7vQ1sZ8nB3wLd']);
  });

  // given: a documented list item and the server's items; want: the one that stands for it.
  const listed: Array<[string, object, unknown[], string | undefined]> = [
    [
      'the same phone number',
      { id: 'num_A', phone_number: '+14155550100', status: 'active' },
      [
        { id: 'num_X', phone_number: '+14155550199', status: 'active' },
        { id: 'num_Y', phone_number: '+14155550100', status: 'active' },
      ],
      'num_Y',
    ],
    ['nothing in common', { id: 'num_A', phone_number: '+14155550100' }, [{ id: 'num_X', phone_number: '+1' }], undefined],
    [
      'a tie',
      { id: 'num_A', status: 'active' },
      [
        { id: 'num_X', status: 'active' },
        { id: 'num_Y', status: 'active' },
      ],
      undefined,
    ],
  ];
  it.each(listed)('list matching: %s', (_given, documented, candidates, want) => {
    expect(matchListed(documented as never, candidates)?.id).toBe(want);
  });

  it('classify what an example does to its resource', () => {
    const c = (operationId: string, example: string) => {
      const so = listOperations(spec).find((o) => o.operationId === operationId)!;
      const pair = pairExamples(so.op).pairs.find((p) => p.name === example)!;
      return classify(
        {
          method: so.method,
          path: so.path,
          operationId,
          status: pair.response.status,
          request: pair.request,
          value: pair.response.value,
          singleton: false,
        },
        known,
      );
    };
    expect(c('createAgent', 'created')).toMatchObject({
      role: 'create',
      produces: ['agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6'],
      uses: ['num_4Gh7Jk2Lp9Qw3Rt8Yx5Zb1'],
    });
    expect(c('revokeApiKey', 'revoke-key')).toMatchObject({ role: 'destroy', soft: true });
    expect(c('deleteAgent', 'deleted')).toMatchObject({ role: 'destroy', soft: false });
    expect(c('startCampaign', 'started')).toMatchObject({ role: 'action', state: 'running' });
    expect(c('hangupCall', 'conflict')).toMatchObject({ role: 'conflict', resource: 'call_9Tz3Lm8Qp2Wx6Rk1Nv7Hd4' });
  });
});

describe('probe requests', () => {
  it('prefer an unknown id, then a read, then an invalid input', () => {
    const known = knownIds(spec);
    const pick = (operationId: string) => {
      const so = listOperations(spec).find((o) => o.operationId === operationId)!;
      return safeRequest(so.method, pairExamples(so.op).pairs, known)?.pair.name;
    };
    expect(pick('deleteAgent')).toBe('not-found');
    expect(pick('listAgents')).toBe('agents-page');
    expect(pick('createApiKey')).toBe('validation-error');
    expect(pick('sendMessage')).toBe('validation-error');
  });

  it('build bodies a parser refuses and bodies above every limit', () => {
    expect(() => JSON.parse(malformedJson({ a: 1 }))).toThrow();
    const big = oversizedBody({ a: 1 }, 2 << 20);
    expect(Buffer.byteLength(big)).toBe(2 << 20);
    expect(JSON.parse(big).a).toBe(1);
  });
});
