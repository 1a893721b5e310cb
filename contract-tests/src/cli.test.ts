// The CLI's contract: flags or CONTRACT_* variables, exit 0 when everything passed, 1 when a
// check failed, 2 with one clear line for bad usage, an unreadable spec or an unreachable server.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { MINI_KEY, startMiniServer } from './testing/fixtures/mini-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const miniSpec = join(here, 'testing', 'fixtures', 'mini-spec.json');

async function cli(argv: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), env });
  return { code, out, err };
}

let good: Awaited<ReturnType<typeof startMiniServer>>;
let broken: Awaited<ReturnType<typeof startMiniServer>>;
beforeAll(async () => {
  good = await startMiniServer();
  broken = await startMiniServer({ broken: true });
});
afterAll(async () => {
  await good.close();
  await broken.close();
});

// given: a command line; want: the exit code and the one line that explains it.
describe('exit 2 with one clear line', () => {
  const table: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['no server', ['--key', 'pl_test_x'], {}, /--server \(or CONTRACT_SERVER\) is required/],
    ['an unknown flag', ['--bogus'], {}, /Unknown option '--bogus'/],
    ['a server that is not a URL', ['--server', 'localhost:4000', '--key', 'pl_test_x'], {}, /--server must be an http\(s\) URL/],
    ['no key for the full profile', ['--server', 'http://127.0.0.1:1'], {}, /--key \(or CONTRACT_KEY\) is required/],
    ['a live key', ['--server', 'http://127.0.0.1:1', '--key', 'pl_live_abc'], {}, /use a test-mode key/],
    [
      'an unreadable spec',
      ['--server', 'http://127.0.0.1:1', '--key', 'pl_test_x', '--spec', '/nonexistent/spec.json'],
      {},
      /cannot read the bundled spec \/nonexistent\/spec.json/,
    ],
    [
      'an unreachable server (from CONTRACT_SERVER)',
      [],
      { CONTRACT_SERVER: 'http://127.0.0.1:1', CONTRACT_KEY: 'pl_test_x' },
      /cannot reach http:\/\/127\.0\.0\.1:1: connection refused/,
    ],
    [
      'a bad --concurrency',
      ['--server', 'http://127.0.0.1:1', '--key', 'pl_test_x', '--concurrency', 'many'],
      {},
      /--concurrency must be a positive integer/,
    ],
    [
      'an unknown profile',
      ['--server', 'http://127.0.0.1:1', '--key', 'pl_test_x', '--profile', 'lazy'],
      {},
      /--profile must be full or mock/,
    ],
    [
      'a --receiver that is not HOST:PORT',
      ['--server', 'http://127.0.0.1:1', '--key', 'pl_test_x', '--receiver', 'localhost'],
      {},
      /--receiver must be HOST:PORT \(e\.g\. 127\.0\.0\.1:4801; port 0 for any free one\), not "localhost"/,
    ],
    [
      'a --receiver port out of range (CONTRACT_RECEIVER)',
      ['--dry-run'],
      { CONTRACT_RECEIVER: '127.0.0.1:65536' },
      /--receiver must be HOST:PORT/,
    ],
    [
      'an --only that matches nothing',
      ['--server', 'http://127.0.0.1:1', '--key', 'pl_test_x', '--only', 'nothingLikeThis'],
      {},
      /matches no case/,
    ],
  ];
  it.each(table)('%s', async (_given, argv, env, message) => {
    const r = await cli(argv, env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')[0]).toMatch(/^contract: /);
  });

  it('a key the server refuses', async () => {
    const r = await cli(['--server', good.url, '--key', 'pl_test_wrong', '--spec', miniSpec]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the server refused --key \(401/);
  });
});

describe('runs', () => {
  it('exit 0 when a conforming server passes, with every report written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-cli-'));
    const r = await cli(
      [
        '--server',
        good.url,
        '--spec',
        miniSpec,
        '--json',
        join(dir, 'r.json'),
        '--junit',
        join(dir, 'r.xml'),
        '--html',
        join(dir, 'r.html'),
      ],
      { CONTRACT_KEY: MINI_KEY },
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 failed, \d+ passed/);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(Object.keys(json.summary)).toEqual(expect.arrayContaining(['passed', 'failed', 'skipped']));
    expect(json.summary.failed).toBe(0);
    expect(Object.keys(json.results[0])).toEqual(expect.arrayContaining(['operationId', 'example', 'check', 'status', 'message']));
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toMatch(/<testsuites name="parley-contract" tests="\d+" failures="0"/);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('getThing');
  });

  it('exit 1 when a check fails, with the failure, its reason and its curl', async () => {
    const r = await cli(['--server', broken.url, '--key', MINI_KEY, '--spec', miniSpec]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ getThing thing \[request-id-header\] X-Request-Id is missing/);
    expect(r.out).toMatch(/curl -sS -i ".*\/v1\/things\/thing_4kP9xR2mT7vQ1sZ8nB3wLd" .*-H "authorization: Bearer \$CONTRACT_KEY"/);
    expect(r.out).not.toContain(MINI_KEY);
  });

  it('--min-coverage: exit 1 naming what is not covered when below, 0 when met; refused readably when malformed', async () => {
    const narrow = ['--server', good.url, '--key', MINI_KEY, '--spec', miniSpec, '--only', 'probe:missing-key'];
    const below = await cli([...narrow, '--min-coverage', 'pairs=100']);
    expect(below.code).toBe(1);
    expect(below.err).toMatch(/^contract: pairs coverage 0% \(0\/\d+\) is below --min-coverage 100%; not covered: getThing thing/m);
    expect(below.out).toMatch(/^coverage: operations \d+\/\d+ \(\d+(\.\d)?%\), statuses .*, pairs 0\/\d+ \(0%\)$/m);
    expect((await cli([...narrow], { CONTRACT_MIN_COVERAGE: 'pairs=0' })).code).toBe(0);
    const bad = await cli([...narrow, '--min-coverage', 'most']);
    expect([bad.code, bad.err.trim()]).toEqual([2, 'contract: --min-coverage value: "most" is not a percentage (0–100)']);
  });

  it('--sarif and --github (or GITHUB_ACTIONS=true): a SARIF log and annotations of each failure, a step summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-ci-'));
    const summary = join(dir, 'summary.md');
    const r = await cli(['--server', broken.url, '--key', MINI_KEY, '--spec', miniSpec, '--sarif', join(dir, 'r.sarif')], {
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results as Array<{ ruleId: string; message: { text: string } }>;
    const ruleIds = sarif.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expect(ruleIds).toContain(result.ruleId);
    expect(results.map((x) => x.ruleId)).toContain('request-id-header');
    expect(r.out).toMatch(/^::error title=contract%3A request-id-header::getThing thing: X-Request-Id is missing%0Acurl /m);
    expect(readFileSync(summary, 'utf8')).toMatch(
      /^## Parley contract: ❌ \d+ failed$[\s\S]*\| statuses \|[\s\S]*\| getThing thing \| `request-id-header` \| X-Request-Id is missing \|/m,
    );
  });

  it('--fail-on-skip: exit 1 when a check was skipped, with the first reasons', async () => {
    const r = await cli(['--server', good.url, '--key', MINI_KEY, '--spec', miniSpec, '--fail-on-skip']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^contract: --fail-on-skip: \d+ checks were skipped, e\.g\. /m);
  });

  it('--only narrows the run', async () => {
    const before = good.requests();
    const r = await cli(['--server', good.url, '--key', MINI_KEY, '--spec', miniSpec, '--only', 'probe:missing-key', '--verbose']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/getThing probe:missing-key/);
    expect(r.out).not.toMatch(/getThing thing\n/);
    expect(good.requests() - before).toBeLessThan(5);
  });

  it('--spec URL runs against the spec served there', async () => {
    const { createServer } = await import('node:http');
    const body = readFileSync(miniSpec, 'utf8');
    const served = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => served.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(served.address() as { port: number }).port}/openapi.json`;
      const r = await cli(['--server', good.url, '--key', MINI_KEY, '--spec', url, '--only', 'probe:missing-key']);
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.out).toMatch(/0 failed/);
    } finally {
      await new Promise<void>((resolve) => served.close(() => resolve()));
    }
  });

  it('--dry-run prints the plan of the bundled spec without a server', async () => {
    const r = await cli(['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^discover\s+listNumbers by-phone-number/m);
    expect(r.out).toMatch(/afterDestroy\s+revokeApiKey conflict\s+after: .*revokeApiKey revoke-key/);
    expect(r.out).toMatch(/\d{3} cases\n$/);
  });

  it('--help', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--other-key KEY/);
    expect(r.out).toMatch(/--receiver HOST:PORT/);
    expect(r.out).toMatch(/--no-webhooks/);
  });

  it('--dry-run plans the webhook cases after the stateful ones; --no-webhooks (or CONTRACT_NO_WEBHOOKS=1) plans them skipped', async () => {
    const on = await cli(['--dry-run', '--receiver', '[::1]:4801']);
    expect(on.out).toMatch(/^webhooks\s+sendMessage probe:webhook-delivery:message\.delivered\n/m);
    const off = await cli(['--dry-run', '--no-webhooks']);
    expect(off.out).toMatch(/^webhooks\s+sendMessage probe:webhook-delivery:message\.delivered\s+\[skip: --no-webhooks: /m);
    const env = await cli(['--dry-run'], { CONTRACT_NO_WEBHOOKS: '1' });
    expect(env.out).toMatch(/probe:webhook-retry\s+\[skip: --no-webhooks/);
  });
});
