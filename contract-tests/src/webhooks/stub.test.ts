// The webhook probes end to end against the reference stub, started with local delivery on and
// retries 100 times sooner (STUB_WEBHOOK_ALLOW_LOOPBACK=1, STUB_WEBHOOK_RETRY_SCALE=0.01): every
// event its test mode can make happen is delivered, signed, fresh, as documented and logged; a
// refused delivery is retried as the same message; the other account's events stay its own; the
// secret is shown once and rotates; the receiver is closed when the run ends, also when it is
// interrupted. Skipped, with the reason, when the stub's factory is missing.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { run } from '../index.js';
import { WEBHOOK_CASES } from '../testing/faults/catalogue-webhooks.js';
import { startTarget, unavailable } from '../testing/faults/target.js';
import type { CheckResult, RunnerEvent } from '../types.js';

const missing = await unavailable();

const EVENTS = ['call.completed', 'call.failed', 'message.delivered', 'message.failed', 'campaign.completed'];
const DELIVERY_VERDICTS = [
  'webhook-delivered',
  'webhook-signature-valid',
  'webhook-timestamp-fresh',
  'webhook-payload-valid',
  'webhook-log-agrees',
];

/** The receiver's URL, from the run's note. */
const receiverUrl = (notes: string[]) => notes.map((n) => /webhook receiver listening on (\S+)/.exec(n)?.[1]).find(Boolean);

/** Whether anything listens at the URL's port. */
const listening = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

interface RunOptions {
  /** The stub delivers to local receivers (default true). */
  webhooks?: boolean;
  /** The runner's --no-webhooks. */
  noWebhooks?: boolean;
  otherKey?: boolean;
  signal?: AbortSignal;
  onNote?: (m: string) => void;
}

async function webhookRun(options: RunOptions = {}) {
  const target = await startTarget({ webhooks: options.webhooks ?? true });
  const notes: string[] = [];
  try {
    const result = await run({
      server: target.url,
      key: target.adminKey,
      ...(options.otherKey === false ? {} : { otherKey: target.otherKey }),
      only: WEBHOOK_CASES,
      generate: 0,
      ...(options.noWebhooks ? { webhooks: false } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      reporters: [
        (e: RunnerEvent) => {
          if (e.type !== 'note') return;
          notes.push(e.message);
          options.onNote?.(e.message);
        },
      ],
    });
    return { result, notes };
  } finally {
    await target.close();
  }
}

const rowsOf = (result: Awaited<ReturnType<typeof webhookRun>>['result'], id: string): CheckResult[] =>
  result.cases.find((c) => c.case.id === id)?.results ?? [];
const statuses = (rows: CheckResult[]) =>
  Object.fromEntries(rows.map((r) => [`${r.check}${r.observation ? ` (${r.observation})` : ''}`, r.status]));

describe.skipIf(missing)(`webhooks against the reference stub${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('verifies every documented event (each made to happen in test mode), the retry, tenant isolation and the secret, and closes its receiver', async () => {
    const { result, notes } = await webhookRun();
    const failures = result.cases.flatMap((c) =>
      c.results.filter((r) => r.status === 'failed').map((r) => `${c.case.id} [${r.check}] ${r.message}`),
    );
    expect(failures).toEqual([]);
    expect(result.exitCode).toBe(0);

    const delivery = (event: string) => result.cases.find((c) => c.case.id.endsWith(`probe:webhook-delivery:${event}`))!;
    for (const event of EVENTS) {
      const rows = delivery(event).results;
      expect(
        rows.map((r) => [r.check, r.status]),
        event,
      ).toEqual(DELIVERY_VERDICTS.map((check) => [check, 'passed']));
    }
    expect(statuses(rowsOf(result, 'createWebhook probe:webhook-retry'))).toEqual({
      'webhook-retried (retry)': 'passed',
      'webhook-log-agrees (log)': 'passed',
    });
    expect(statuses(rowsOf(result, 'createWebhook probe:webhook-tenant'))).toEqual({ 'webhook-tenant-isolated (isolation)': 'passed' });
    expect(statuses(rowsOf(result, 'createWebhook probe:webhook-secret'))).toEqual({
      'webhook-secret-not-readable (secret)': 'passed',
      'webhook-signature-valid (signature (rotated secret))': 'passed',
    });
    expect(statuses(rowsOf(result, 'createWebhook probe:webhook-ids'))).toEqual({ 'webhook-ids-unique (run)': 'passed' });

    const url = receiverUrl(notes);
    expect(url, notes.join('\n')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await listening(url!)).toBe(false);
  });

  it('closes the receiver when the run is interrupted', async () => {
    const controller = new AbortController();
    const { result, notes } = await webhookRun({
      signal: controller.signal,
      onNote: (m) => {
        if (m.startsWith('webhook receiver listening')) controller.abort();
      },
    });
    expect(result.exitCode).toBe(2);
    expect(result.error).toMatch(/interrupted/);
    const url = receiverUrl(notes);
    expect(url).toBeDefined();
    expect(await listening(url!)).toBe(false);
  });

  it('a server that refuses the receiver as an endpoint: every webhook case skipped, saying why, none failed', async () => {
    const { result, notes } = await webhookRun({ webhooks: false, otherKey: false });
    const rows = result.cases.filter((c) => c.case.probe?.startsWith('webhook-')).flatMap((c) => c.results);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status !== 'skipped')).toEqual([]);
    expect(rows.some((r) => /did not register the endpoint http:\/\/127\.0\.0\.1:\d+\/hooks\/\w+: 422/.test(r.message ?? ''))).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(await listening(receiverUrl(notes)!)).toBe(false);
  });

  it('--no-webhooks: every webhook case skipped, saying why, and no receiver started', async () => {
    const { result, notes } = await webhookRun({ noWebhooks: true });
    expect(receiverUrl(notes)).toBeUndefined();
    const rows = result.cases.filter((c) => c.case.probe?.startsWith('webhook-')).flatMap((c) => c.results);
    expect(rows.length).toBe(9);
    expect(rows.filter((r) => r.status !== 'skipped' || !/^--no-webhooks: /.test(r.message ?? ''))).toEqual([]);
  });
});
