// Dredd with the project's hooks: every example pair passes against the Prism mock (which
// answers exactly the documented examples), each deliberately broken answer fails, and an
// unreachable server is a usage error (2), not a test failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../mock/free-port.js';
import { type MockServer, startMock } from '../mock/prism.js';
import { type Fault, startBrokenProxy } from './broken-proxy.js';
import { type DreddRunResult, runDredd } from './run.js';

const KEY = 'pl_test_dreddHooksTestKey0000000000000000';

describe('Dredd → Prism mock', () => {
  let mock: MockServer;
  let run: DreddRunResult;
  beforeAll(async () => {
    mock = await startMock();
    run = await runDredd({ server: mock.url, key: KEY, prefer: true });
  }, 180_000);
  afterAll(async () => {
    await mock?.stop();
  });

  it('replays every planned pair and passes them all', () => {
    const replayed = run.plan.entries.filter((e) => !e.skip).length;
    expect(run.summary.failed, JSON.stringify(run.results.filter((r) => r.result === 'fail').slice(0, 3))).toBe(0);
    expect(run.summary.passed).toBe(replayed);
    expect(run.exitCode).toBe(0);
  });

  it('skips exactly what the plan skips, each with its stated reason', () => {
    const skipped = run.results.filter((r) => r.result === 'skip');
    expect(skipped.length).toBe(run.plan.entries.filter((e) => e.skip).length);
    for (const r of skipped) expect(r.message).toMatch(/^(probe only|state-dependent|no example)/);
  });
});

describe('Dredd → deliberately broken implementations', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it.each<{ fault: Fault; message: RegExp }>([
    { fault: 'drop-request-id-header', message: /X-Request-Id/i },
    { fault: 'drop-first-body-key', message: /body/i },
  ])(
    'fails every replayed pair when the server answers with $fault',
    async ({ fault, message }) => {
      const proxy = await startBrokenProxy(mock.url, fault);
      try {
        const run = await runDredd({ server: proxy.url, key: KEY, prefer: true });
        expect(run.exitCode).toBe(1);
        expect(run.summary.passed).toBe(0);
        expect(run.summary.failed).toBe(run.plan.entries.filter((e) => !e.skip).length);
        expect(run.results.find((r) => r.result === 'fail')?.message).toMatch(message);
      } finally {
        await proxy.close();
      }
    },
    180_000,
  );

  it('stops Dredd when the caller aborts, and reports the run as failed', async () => {
    const interrupt = new AbortController();
    const lines: string[] = [];
    const running = runDredd({ server: mock.url, key: KEY, prefer: true, signal: interrupt.signal, onOutput: (l) => lines.push(l) });
    setTimeout(() => interrupt.abort(), 300);
    const run = await running;
    expect(run.dreddExitCode).not.toBe(0);
    expect(run.exitCode).toBe(1);
    expect(run.summary.passed).toBeLessThan(run.plan.entries.filter((e) => !e.skip).length);
  }, 60_000);

  it('reports an unreachable server as exit 2', async () => {
    const run = await runDredd({ server: `http://127.0.0.1:${await freePort()}`, key: KEY });
    expect(run.exitCode).toBe(2);
  });
});
