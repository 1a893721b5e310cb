// Dredd against the reference stub (ARCHITECTURE.md §9: the independent second opinion), started with
// `npm run stub` (skipped, saying so, if package.json has no `stub` script). The stub starts on a free loopback port with
// an in-memory database, a generated all-scopes test key, and limits scaled up so that the ~140
// replayed requests of one run stay inside the rate-limit windows.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../mock/free-port.js';
import { waitForHttp } from '../mock/wait-http.js';
import { repoRoot } from '../openapi/tools/paths.js';
import { runDredd } from './run.js';

const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts ?? {};
const hasStub = typeof scripts.stub === 'string';
const key = `pl_test_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`;

describe.skipIf(!hasStub)('Dredd → reference stub (npm run stub)', () => {
  let stub: ChildProcess;
  let url: string;
  const log: string[] = [];
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    stub = spawn('npm', ['run', '-s', 'stub'], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), STUB_DB: ':memory:', STUB_ADMIN_KEY: key, STUB_LIMIT_SCALE: '100' },
    });
    const keep = (c: Buffer) => log.push(...c.toString().split('\n').filter(Boolean).slice(-50));
    stub.stdout!.on('data', keep);
    stub.stderr!.on('data', keep);
    await waitForHttp(url, { timeoutMs: 60_000, alive: () => stub.exitCode === null }).catch((err) => {
      throw new Error(`${err.message}\n${log.slice(-15).join('\n')}`);
    });
  }, 90_000);
  afterAll(() => {
    if (stub?.pid && stub.exitCode === null) process.kill(-stub.pid, 'SIGTERM');
  });

  it('passes every replayed example pair', async () => {
    const run = await runDredd({ server: url, key });
    const failures = run.results
      .filter((r) => r.result === 'fail')
      .map((r) => `${r.operationId} ${r.status} ${r.example}: ${r.message.split('\n')[0]}`);
    expect(failures).toEqual([]);
    expect(run.summary.passed).toBe(run.plan.entries.filter((e) => !e.skip).length);
    expect(run.exitCode).toBe(0);
  }, 300_000);
});

if (!hasStub) {
  describe('Dredd → reference stub', () => {
    it.skip('skipped: server-stub has no `npm run stub` script yet; this test runs Dredd against it once it has', () => {});
  });
}
