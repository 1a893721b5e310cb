// Each reporter is a handler of one event stream: given the same events, want the console lines,
// the exact JSON shape, well-formed JUnit counts and an HTML matrix with every cell state.
import { describe, expect, it } from 'vitest';
import type { CaseSummary, CheckResult, RunnerEvent } from '../types.js';
import { consoleReporter, htmlReport, jsonReport, junitXml } from './index.js';

const caseOf = (id: string, operationId: string, status: string, example: string, probe?: string): CaseSummary => ({
  id,
  kind: probe ? 'probe' : 'example',
  operationId,
  method: 'get',
  path: `/v1/${operationId}`,
  example,
  status,
  ...(probe ? { probe } : {}),
});
const passed = (check: string): CheckResult => ({ check, status: 'passed' });
const curl = 'curl -sS -i "http://127.0.0.1:4000/v1/getAgent" -H "authorization: Bearer $CONTRACT_KEY"';

const events: RunnerEvent[] = [
  {
    type: 'run-start',
    server: 'http://127.0.0.1:4000',
    profile: 'full',
    seed: 42,
    generate: 4,
    checks: ['status-code', 'body-schema', 'missing-key-refused'],
    operations: [
      {
        operationId: 'getAgent',
        method: 'get',
        path: '/v1/agents/{agent_id}',
        statuses: ['200', '401', '404'],
        pairs: ['agent', 'not-found'],
      },
      { operationId: 'listAgents', method: 'get', path: '/v1/agents', statuses: ['200', '422'], pairs: ['validation-error'] },
    ],
    cases: 3,
  },
  { type: 'note', message: '7 worker keys (minted)' },
  {
    type: 'case-end',
    case: caseOf('getAgent agent', 'getAgent', '200', 'agent'),
    results: [
      passed('status-code'),
      {
        check: 'body-schema',
        status: 'failed',
        message: '/ must NOT have additional properties (debug)',
        failures: [
          {
            check: 'body-schema',
            title: 'The body matches its schema',
            severity: 'error',
            message: '/ must NOT have additional properties (debug)',
            pointer: '/',
          },
        ],
        curl,
      },
    ],
    durationMs: 12,
  },
  {
    type: 'case-end',
    case: caseOf('getAgent probe:missing-key', 'getAgent', '401', 'missing-key', 'missing-key'),
    results: [passed('missing-key-refused')],
    durationMs: 3,
  },
  {
    type: 'case-end',
    case: caseOf('listAgents validation-error', 'listAgents', '422', 'validation-error'),
    results: [{ check: 'status-code', status: 'skipped', message: 'needs agt_x, which createAgent created did not yield' }],
    durationMs: 0,
  },
  {
    type: 'run-end',
    summary: { passed: 2, failed: 1, skipped: 1, cases: 3, requests: 9, ran: { example: 2, probe: 1, stateful: 0, generated: 0 } },
    coverage: {
      operations: { covered: 1, total: 2, percent: 50, uncovered: ['listAgents'] },
      statuses: { covered: 2, total: 5, percent: 40, uncovered: ['getAgent 404', 'listAgents 200', 'listAgents 422'] },
      pairs: { covered: 1, total: 3, percent: 33.3, uncovered: ['getAgent not-found', 'listAgents validation-error'] },
    },
    durationMs: 1234,
  },
];

describe('console', () => {
  it('shows progress, one line per failure with its curl, and the summary', () => {
    let out = '';
    const r = consoleReporter({ write: (s) => (out += s), color: false });
    for (const e of events) r(e);
    expect(out).toContain('Contract run against http://127.0.0.1:4000 (full profile): 2 operations, 3 cases, 3 checks');
    expect(out).toContain('  · 7 worker keys (minted)');
    expect(out).toContain('F.s 3/3');
    expect(out).toContain('✗ getAgent agent [body-schema] / must NOT have additional properties (debug)');
    expect(out).toContain(`    ${curl}`);
    expect(out).toMatch(/1 failed, 2 passed, 1 skipped — 3 cases, 9 requests, 1\.2 s/);
    expect(out).toContain('  seed 42 (replay with --seed 42), 4 generated inputs per operation and kind');
    expect(out).toContain('cases that ran: 2 examples, 1 probes, 0 stateful, 0 generated; seed 42');
  });
});

describe('json', () => {
  it('is exactly { summary: { passed, failed, skipped }, results: [{ operationId, example, check, status, message }] } plus extras', () => {
    const { reporter, report } = jsonReport();
    for (const e of events) reporter(e);
    const r = report();
    expect(r.summary).toMatchObject({ passed: 2, failed: 1, skipped: 1, ran: { example: 2, probe: 1, stateful: 0, generated: 0 } });
    expect(r).toMatchObject({ seed: 42, generate: 4 });
    expect(r.results).toHaveLength(4);
    expect(r.results[1]).toMatchObject({
      operationId: 'getAgent',
      example: 'agent',
      check: 'body-schema',
      status: 'failed',
      message: '/ must NOT have additional properties (debug)',
      curl,
    });
    expect(r.results[2]).toMatchObject({
      operationId: 'getAgent',
      example: 'missing-key',
      check: 'missing-key-refused',
      status: 'passed',
      message: '',
      probe: 'missing-key',
    });
    expect(r.results[3]).toMatchObject({ status: 'skipped', message: 'needs agt_x, which createAgent created did not yield' });
  });
});

describe('junit', () => {
  it('has one testsuite per operation and one testcase per case and check', () => {
    const cases = events.flatMap((e) => (e.type === 'case-end' ? [{ c: e.case, results: e.results, ms: e.durationMs }] : []));
    const xml = junitXml(cases, 1234, 42);
    expect(xml).toContain('<properties><property name="seed" value="42"/></properties>');
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="parley-contract" tests="4" failures="1" skipped="1" time="1.234">/,
    );
    expect(xml).toContain('<testsuite name="getAgent" tests="3" failures="1" skipped="0"');
    expect(xml).toContain('<testcase classname="getAgent" name="agent › body-schema"');
    expect(xml).toContain('<failure message="/ must NOT have additional properties (debug)" type="body-schema">');
    expect(xml).toContain('Reproduce: curl -sS -i &quot;http://127.0.0.1:4000/v1/getAgent&quot;');
    expect(xml).toContain('name="probe:missing-key › missing-key-refused"');
    expect(xml).toContain('<skipped message="needs agt_x, which createAgent created did not yield"/>');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
  });
});

describe('html', () => {
  it('draws operations × documented statuses × checks, including what no case covered', () => {
    const cases = events.flatMap((e) => (e.type === 'case-end' ? [{ c: e.case, results: e.results }] : []));
    const start = events[0] as Extract<RunnerEvent, { type: 'run-start' }>;
    const html = htmlReport({
      server: start.server,
      profile: 'full',
      seed: 42,
      operations: start.operations,
      checks: start.checks,
      cases,
      summary: { passed: 2, failed: 1, skipped: 1, cases: 3, requests: 9, ran: { example: 2, probe: 1, stateful: 0, generated: 0 } },
      durationMs: 1234,
    });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(html).toContain('<th>200</th><th>401</th><th>404</th><th>422</th>');
    expect(html).toMatch(
      /<td class="failed-cell"><i class="passed" title="status-code: passed"><\/i><i class="failed" title="body-schema: failed — getAgent agent: \/ must NOT/,
    );
    expect(html).toContain('<td class="passed-cell"><i class="passed" title="missing-key-refused: passed"></i></td>');
    expect(html).toContain('<td class="nc" title="documented, not covered">not covered</td>');
    expect(html).toMatch(/<td class="skipped-cell"><i class="skipped"/);
    expect(html).toContain('<h2>Failures (1)</h2>');
    expect(html).toContain('Cases that ran: 2 examples, 1 probes, 0 stateful, 0 generated · seed 42 (replay with <code>--seed 42</code>)');
    expect(html).toContain('<tr><th><code>body-schema</code></th><td class="failed-cell">0</td><td>1</td><td>0</td></tr>');
    expect(html).toContain('authorization: Bearer $CONTRACT_KEY');
  });
});
