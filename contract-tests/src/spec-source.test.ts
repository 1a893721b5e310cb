// --spec takes a file or an http(s) URL, JSON or YAML; whatever cannot be had is one readable line.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { bundledJson } from '../../openapi/tools/paths.js';
import { loadSpecFrom } from './spec-source.js';
import { UsageError } from './usage-error.js';

const json = readFileSync(bundledJson, 'utf8');
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/openapi.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(json);
    if (req.url === '/openapi.yaml')
      return void res.writeHead(200, { 'content-type': 'application/yaml' }).end(stringify(JSON.parse(json)));
    if (req.url === '/not-openapi') return void res.writeHead(200).end('{"hello":"world"}');
    if (req.url === '/garbage') return void res.writeHead(200).end('{ not json');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('loadSpecFrom', () => {
  it('reads the bundled spec by default, and the same spec from a URL as JSON or YAML', async () => {
    const local = await loadSpecFrom();
    expect(await loadSpecFrom(`${base}/openapi.json`)).toEqual(local);
    expect(await loadSpecFrom(`${base}/openapi.yaml`)).toEqual(local);
  });

  it.each([
    ['/missing', /^cannot fetch the spec http:\/\/127\.0\.0\.1:\d+\/missing: HTTP 404$/],
    ['/not-openapi', /is not an OpenAPI document \(no openapi version or paths\)$/],
    ['/garbage', /is neither JSON nor YAML: /],
  ])('%s → one readable line', async (path, message) => {
    const err = await loadSpecFrom(`${base}${path}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('names a server that cannot be reached', async () => {
    await expect(loadSpecFrom('http://127.0.0.1:1/openapi.json', 2_000)).rejects.toThrow(
      /^cannot fetch the spec http:\/\/127\.0\.0\.1:1\/openapi\.json: /,
    );
  });
});
