// The guides' tables come from the spec's registries: every scope, policy, code, magic value,
// webhook event and retry appears, and a change to the spec changes the table on the next build.
import { describe, expect, it } from 'vitest';
import { loadSpec, type Spec } from '../../openapi/tools/spec.js';
import { buildContext } from './context.js';
import { ERROR_ADVICE } from './guides/errors.js';
import { inline, markdown } from './inline-markdown.js';
import {
  type Cell,
  duration,
  errorCodeRows,
  rateLimitTable,
  renderTable,
  retryScheduleTable,
  scopesTable,
  testValuesTable,
  webhookEventsTable,
  webhookHeadersTable,
} from './tables.js';

const spec = loadSpec();
const text = (c: Cell) => (typeof c === 'object' ? c.html.replace(/<[^>]+>/g, '') : String(c));
const withSpec = (change: (s: Spec) => void) => {
  const copy = structuredClone(spec);
  change(copy);
  return buildContext(copy);
};

describe('scopesTable', () => {
  it('has one row per x-scopes entry, with the operations that require it', () => {
    const table = scopesTable(buildContext(spec), '../');
    expect(table.rows.map((r) => text(r[0]))).toEqual(Object.keys(spec['x-scopes']));
    const calls = table.rows.find((r) => text(r[0]) === 'calls:write')!;
    expect(text(calls[2])).toContain('Trigger an outbound call');
  });

  it('follows the spec: a new scope is a new row', () => {
    const table = scopesTable(
      withSpec((s) => (s['x-scopes']['reports:read'] = 'Read reports.')),
      '../',
    );
    expect(table.rows.map((r) => text(r[0]))).toContain('reports:read');
  });
});

describe('rateLimitTable', () => {
  it.each([
    { policy: 'default', limit: '100 / 60 s', applies: 'every operation' },
    { policy: 'calls', limit: '10 / 60 s', applies: 'Trigger an outbound call' },
    { policy: 'otp-source-ip', limit: '5 / 60 s', applies: 'Send' },
  ])('$policy: $limit, applies to $applies', ({ policy, limit, applies }) => {
    const row = rateLimitTable(buildContext(spec), '../').rows.find((r) => text(r[0]) === policy)!;
    expect(text(row[1])).toBe(limit);
    expect(text(row[3])).toContain(applies);
  });

  it('follows the spec: a changed limit is a changed cell', () => {
    const table = rateLimitTable(
      withSpec((s) => (s['x-rate-limit-policies'].default.limit = 250)),
      '../',
    );
    expect(text(table.rows[0][1])).toBe('250 / 60 s');
  });
});

describe('errorCodeRows', () => {
  const rows = errorCodeRows(buildContext(spec));
  it('has every ErrorCode, each with the status of the shared response that carries it', () => {
    expect(rows.map((r) => r.code).sort()).toEqual([...spec.components.schemas.ErrorCode.enum].sort());
    const carried = new Set(
      Object.values<any>(spec.components.responses).flatMap((r) =>
        Object.values<any>(r.content ?? {}).flatMap((m) => Object.values<any>(m.examples ?? {}).map((e) => e.value?.code)),
      ),
    );
    for (const r of rows.filter((x) => carried.has(x.code))) expect(r.status, r.code).toBeGreaterThanOrEqual(400);
  });

  it('keeps a code that no shared response carries, without a status', () => {
    const row = errorCodeRows(withSpec((s) => s.components.schemas.ErrorCode.enum.push('TEAPOT'))).find((r) => r.code === 'TEAPOT');
    expect(row).toMatchObject({ status: 0, cases: [] });
  });

  it.each([
    { code: 'UNAUTHORIZED', status: 401, cases: 3 },
    { code: 'INSUFFICIENT_BALANCE', status: 402, cases: 1 },
    { code: 'CONCURRENCY_LIMIT', status: 429, cases: 1 },
  ])('$code is $status with $cases case(s)', ({ code, status, cases }) => {
    const row = rows.find((r) => r.code === code)!;
    expect(row.status).toBe(status);
    expect(row.cases).toHaveLength(cases);
  });

  it('is sorted by status', () => {
    const statuses = rows.map((r) => r.status || 1000);
    expect(statuses).toEqual([...statuses].sort((a, b) => a - b));
  });

  it('has advice for every code the spec defines', () => {
    const missing = spec.components.schemas.ErrorCode.enum.filter((c: string) => !ERROR_ADVICE[c]);
    expect(missing).toEqual([]);
  });
});

describe('testValuesTable', () => {
  it('lists every magic value with the operations whose examples use it', () => {
    const table = testValuesTable(buildContext(spec), '../');
    expect(table.rows.map((r) => text(r[0]))).toEqual(spec['x-test-values'].map((v: { value: string }) => v.value));
    const balance = table.rows.find((r) => text(r[0]) === '+15005550001')!;
    expect(text(balance[2])).toBe('402 INSUFFICIENT_BALANCE');
    expect(text(balance[4])).toContain('Trigger an outbound call');
  });
});

describe('webhookEventsTable', () => {
  const ctx = buildContext(spec);
  it('lists every event of the spec, in order', () => {
    expect(webhookEventsTable(ctx, '../').rows.map((r) => text(r[0]))).toEqual(Object.keys(spec.webhooks));
  });

  it.each([
    { event: 'call.completed', when: 'A call completed', causedBy: ['triggerCall', 'hangupCall'] },
    { event: 'campaign.completed', when: 'A campaign completed', causedBy: ['startCampaign', 'addCampaignContacts'] },
  ])('$event: $when, caused by $causedBy', ({ event, when, causedBy }) => {
    const row = webhookEventsTable(ctx, '../').rows.find((r) => text(r[0]) === event)!;
    expect(text(row[1])).toMatch(new RegExp(`^${when}\\. Sent`));
    expect(text(row[2]).split(', ')).toEqual(causedBy.map((id) => ctx.byId(id).summary));
  });

  it("follows the spec: an operation added to an event's emitters is a link more", () => {
    const changed = withSpec((s) => s.webhooks['campaign.completed'].post['x-emitted-by'].push('getCampaign'));
    const row = webhookEventsTable(changed, '../').rows.find((r) => text(r[0]) === 'campaign.completed')!;
    expect(text(row[2])).toContain(changed.byId('getCampaign').summary);
    expect((row[2] as { html: string }).html).toContain('href="../reference/#/campaigns/getcampaign"');
  });
});

describe('webhookHeadersTable', () => {
  it('has the three Standard Webhooks headers with their documented examples', () => {
    const rows = webhookHeadersTable(buildContext(spec)).rows.map((r) => [text(r[0]), text(r[2])]);
    const example = (name: string) =>
      Object.values<any>(spec.webhooks['call.completed'].post.parameters.find((p: any) => p.name === name).examples)[0].value;
    expect(rows).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, example(h)]));
  });
});

describe('duration', () => {
  it.each([
    { given: 0, want: '0 s' },
    { given: 5, want: '5 s' },
    { given: 300, want: '5 min' },
    { given: 1800, want: '30 min' },
    { given: 7200, want: '2 h' },
    { given: 36000, want: '10 h' },
    { given: 305, want: '5 min 5 s' },
    { given: 3605, want: '1 h 5 s' },
    { given: 99305, want: '27 h 35 min 5 s' },
  ])('$given s → $want', ({ given, want }) => {
    expect(duration(given)).toBe(want);
  });
});

describe('retryScheduleTable', () => {
  const delivery = (retryScheduleSeconds: number[]) => ({
    signature: 'standard-webhooks-v1',
    timeoutSeconds: 10,
    toleranceSeconds: 300,
    retryScheduleSeconds,
  });
  it.each([
    { given: [], want: [[1, 'immediately', '0 s']] },
    {
      given: [5, 300, 7200],
      want: [
        [1, 'immediately', '0 s'],
        [2, '5 s', '5 s'],
        [3, '5 min', '5 min 5 s'],
        [4, '2 h', '2 h 5 min 5 s'],
      ],
    },
  ])('$given → $want', ({ given, want }) => {
    expect(retryScheduleTable(delivery(given)).rows).toEqual(want);
  });

  it("shows every delay of the model's schedule, in order, with the running total", () => {
    const { webhookDelivery } = buildContext(spec).model;
    const rows = retryScheduleTable(webhookDelivery).rows;
    expect(rows.map((r) => r[0])).toEqual(rows.map((_, i) => i + 1));
    expect(rows.slice(1).map((r) => r[1])).toEqual(webhookDelivery.retryScheduleSeconds.map(duration));
    expect(rows.at(-1)![2]).toBe(duration(webhookDelivery.retryScheduleSeconds.reduce((a, b) => a + b, 0)));
  });

  it('follows the spec: a changed schedule is a changed table', () => {
    const changed = withSpec((s) => (s['x-webhook-delivery']['retry-schedule-seconds'] = [60, 3600]));
    expect(retryScheduleTable(changed.model.webhookDelivery).rows).toEqual([
      [1, 'immediately', '0 s'],
      [2, '1 min', '1 min'],
      [3, '1 h', '1 h 1 min'],
    ]);
  });
});

describe('rendering', () => {
  it('escapes spec text and keeps inline code', () => {
    expect(inline('Use `a<b>` & <script>')).toBe('Use <code>a&lt;b&gt;</code> &amp; &lt;script&gt;');
    expect(markdown('one\n\n- a\n- b')).toBe('<p>one</p>\n<ul><li>a</li><li>b</li></ul>');
  });

  it('marks tables for the browser test', () => {
    expect(renderTable({ id: 'x', columns: ['A'], rows: [['<b>']] })).toContain('<table data-table="x">');
    expect(renderTable({ id: 'x', columns: ['A'], rows: [['<b>']] })).toContain('<td>&lt;b&gt;</td>');
  });
});
