// Prism serves the bundled spec: each documented example pair is reachable with
// `Prefer: code=<status>, example=<name>`, and stop() really ends the process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleRequest, pairExamples } from '../openapi/tools/example-pairs.js';
import { listOperations, loadSpec } from '../openapi/tools/spec.js';
import { type MockServer, startMock } from './prism.js';

const spec = loadSpec();
const operations = new Map(listOperations(spec).map((o) => [o.operationId, o]));

function target(path: string, req: ExampleRequest): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(req.path[name])));
  const query = new URLSearchParams(Object.entries(req.query).map(([k, v]) => [k, String(v)] as [string, string])).toString();
  return query ? `${filled}?${query}` : filled;
}

/** The documented pair `example` of `operationId`, as a fetch against the mock. */
function pairRequest(operationId: string, example: string) {
  const entry = operations.get(operationId);
  if (!entry) throw new Error(`no operation ${operationId}`);
  const pair = pairExamples(entry.op).pairs.find((p) => p.name === example);
  if (!pair) throw new Error(`${operationId} has no example pair ${example}`);
  const headers: Record<string, string> = {
    Authorization: 'Bearer pl_test_prismTestKey000000000000000000000',
    Prefer: `code=${pair.response.status}, example=${pair.name}`,
    ...Object.fromEntries(Object.entries(pair.request.header).map(([k, v]) => [k, String(v)])),
  };
  if (pair.request.body !== undefined) headers['Content-Type'] = pair.request.mediaType ?? 'application/json';
  return {
    path: target(entry.path, pair.request),
    init: {
      method: entry.method.toUpperCase(),
      headers,
      body: pair.request.body === undefined ? undefined : JSON.stringify(pair.request.body),
    },
    want: pair.response,
  };
}

const cases: { operationId: string; example: string }[] = [
  { operationId: 'getAccount', example: 'account' },
  { operationId: 'triggerCall', example: 'outbound-call' },
  { operationId: 'triggerCall', example: 'busy-call' },
  { operationId: 'triggerCall', example: 'insufficient-balance' },
  { operationId: 'getCall', example: 'not-found' },
  { operationId: 'sendMessage', example: 'upstream-error' },
  { operationId: 'listAgents', example: 'validation-error' },
  { operationId: 'revokeApiKey', example: 'conflict' },
];

describe('Prism mock of the bundled spec', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it('listens on loopback', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each(cases)('$operationId answers its "$example" example when asked with Prefer', async ({ operationId, example }) => {
    const { path, init, want } = pairRequest(operationId, example);
    const res = await fetch(mock.url + path, init);
    expect(res.status).toBe(Number(want.status));
    expect(res.headers.get('content-type')).toContain(want.mediaType);
    expect(await res.json()).toEqual(want.value);
  });

  it('answers 401 when no credentials are sent', async () => {
    const res = await fetch(`${mock.url}/v1/account`);
    expect(res.status).toBe(401);
  });
});

describe('startMock', () => {
  it('stop() ends Prism and frees the port', async () => {
    const mock = await startMock();
    await mock.stop();
    expect(() => process.kill(mock.pid, 0)).toThrow();
    await expect(fetch(`${mock.url}/v1/account`)).rejects.toThrow();
  });

  it('refuses a spec that does not exist with a readable error', async () => {
    await expect(startMock({ spec: '/nonexistent/openapi.json' })).rejects.toThrow(/cannot find the spec/);
  });
});
