// The static server serves the built site and nothing outside it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocsServer, fileFor, startDocsServer } from './serve.js';

const root = mkdtempSync(join(tmpdir(), 'parley-serve-'));
mkdirSync(join(root, 'guides'));
writeFileSync(join(root, 'index.html'), '<h1>home</h1>');
writeFileSync(join(root, 'guides', 'a.html'), '<h1>a</h1>');

describe('fileFor', () => {
  it.each([
    { url: '/', want: 'index.html' },
    { url: '/guides/a.html?x=1#y', want: 'guides/a.html' },
    { url: '/../../etc/passwd', want: undefined },
    { url: '/%2e%2e/%2e%2e/etc/passwd', want: undefined },
    { url: '/missing.html', want: undefined },
    { url: '/%E0%A4%A', want: undefined },
  ])('$url → $want', ({ url, want }) => {
    expect(fileFor(root, url)).toBe(want === undefined ? undefined : join(root, want));
  });
});

describe('startDocsServer', () => {
  let server: DocsServer;
  beforeAll(async () => {
    server = await startDocsServer({ root, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    { path: '/', status: 200, type: 'text/html' },
    { path: '/guides/a.html', status: 200, type: 'text/html' },
    { path: '/nope', status: 404, type: 'text/html' },
  ])('GET $path → $status', async ({ path, status, type }) => {
    const res = await fetch(server.url + path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain(type);
  });

  it('refuses writes', async () => {
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses to start without a built site', async () => {
    await expect(startDocsServer({ root: join(root, 'guides'), port: 0 })).rejects.toThrow(/npm run docs/);
  });
});
