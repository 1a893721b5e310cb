// The replayer's comparison must be able to fail: given a documented pair and a doctored answer,
// want exactly the mismatch that doctoring causes (the rules: openapi/tools/example-replay.ts).
import { describe, expect, it } from 'vitest';
import { replayOverHttp, type Send } from './example-replay.js';
import { pairOf, type Step } from './examples.js';

const example = (step: Step) => structuredClone(pairOf(step).pair.response.value) as any;
const answer =
  (status: number, body: unknown): Send =>
  async () => ({ statusCode: status, body: JSON.stringify(body) });
const AGENT = 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6';
const CALL = 'call_4kP9xR2mT7vQ1sZ8nB3wLd';
/** What earlier steps created: here, the documented ids stand for themselves. */
const created = { [AGENT]: AGENT, [CALL]: CALL };

describe('ExampleReplayer comparison', () => {
  const table: Array<{
    given: string;
    step: Step;
    status?: number;
    body: (b: any) => unknown;
    ids?: Record<string, string>;
    want: RegExp[];
  }> = [
    { given: 'the example itself', step: 'getCall:active-call', body: (b) => b, want: [] },
    {
      given: 'other generated values',
      step: 'getCall:active-call',
      body: (b) => ({ ...b, created_at: '2030-01-01T00:00:00Z', answered_at: '2030-01-01T00:00:05Z' }),
      want: [],
    },
    {
      given: 'another status',
      step: 'getCall:active-call',
      status: 201,
      body: (b) => b,
      want: [/^status: documented 200, received 201: \{/],
    },
    {
      given: 'another enum value',
      step: 'getCall:active-call',
      body: (b) => ({ ...b, status: 'completed' }),
      want: [/^\/status: documented "in_progress", received "completed"$/],
    },
    {
      given: 'a property the schema forbids',
      step: 'getCall:active-call',
      body: (b) => ({ ...b, colour: 'red' }),
      want: [/^\/: must NOT have additional properties \(colour\) \(schema\)$/],
    },
    {
      given: 'an id other than the one created earlier',
      step: 'getCall:active-call',
      ids: { [AGENT]: 'agt_Created0000000000000001', [CALL]: 'call_Created000000000000001' },
      body: (b) => ({ ...b, id: 'call_Created000000000000001', agent_id: 'agt_Other00000000000000001' }),
      want: [/^\/agent_id: documented agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6, the id learnt for it is agt_Created0+1, received "agt_Other0+1"$/],
    },
    {
      given: 'a resource nothing created yet',
      step: 'getCall:active-call',
      ids: { [AGENT]: AGENT },
      body: (b) => b,
      want: [/^\/id: documented call_4kP9xR2mT7vQ1sZ8nB3wLd, which no earlier answer created/],
    },
    {
      given: 'echoed input changed',
      step: 'triggerCall:outbound-call',
      status: 201,
      body: (b) => ({ ...b, to: '+14155550999' }),
      want: [/^\/to: the request sent "\+14155550123", the answer echoes "\+14155550999"$/],
    },
    {
      given: 'another error code',
      step: 'getCall:not-found',
      status: 404,
      body: (b) => ({ ...b, code: 'CONFLICT' }),
      want: [/^\/code: documented "NOT_FOUND", received "CONFLICT"$/],
    },
    {
      given: 'a list without the documented item',
      step: 'listCalls:calls-page',
      body: (b) => ({ ...b, data: [] }),
      want: [/^\/data: no item for call_4kP9xR2mT7vQ1sZ8nB3wLd \(call_4kP9xR2mT7vQ1sZ8nB3wLd\) among 0$/],
    },
    {
      given: 'a list with extra items',
      step: 'listCalls:calls-page',
      body: (b) => ({ ...b, data: [...b.data, { ...b.data[0], id: 'call_Extra00000000000000001' }] }),
      want: [],
    },
  ];

  it.each(table)('$given', async ({ step, status, body, ids, want }) => {
    const pair = pairOf(step).pair;
    const got = await replayOverHttp(
      step,
      answer(status ?? Number(pair.response.status), body(example(step))),
      'pl_test_x',
      new Map(Object.entries(ids ?? created)),
    );
    expect(got).toHaveLength(want.length);
    for (const [i, pattern] of want.entries()) expect(got[i]).toMatch(pattern);
  });

  it('sends the request example with ids mapped and the key in the Authorization header', async () => {
    const sent: any[] = [];
    const ids = new Map([[CALL, 'call_Mapped00000000000000001']]);
    await replayOverHttp(
      'sendCallCommand:say',
      async (r) => {
        sent.push(r);
        return { statusCode: 202, body: JSON.stringify(example('sendCallCommand:say')) };
      },
      'pl_test_k',
      ids,
    );
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: '/v1/calls/call_Mapped00000000000000001/commands',
      headers: { authorization: 'Bearer pl_test_k', 'content-type': 'application/json' },
    });
    expect(JSON.parse(sent[0].payload)).toMatchObject({ type: 'say' });
  });
});
