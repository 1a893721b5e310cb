// A deliberately broken implementation for the Dredd tests: forwards to a good one (the Prism
// mock) and breaks every answer in one way, so a test can show Dredd's hooks let that through.
import { createServer, type Server } from 'node:http';

export type Fault = 'drop-request-id-header' | 'drop-first-body-key';

export async function startBrokenProxy(upstream: string, fault: Fault): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([h]) => h !== 'host' && h !== 'content-length')) as Record<
      string,
      string
    >;
    try {
      const up = await fetch(upstream + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      let body = await up.text();
      const out = Object.fromEntries(
        [...up.headers].filter(([h]) => !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(h)),
      );
      if (fault === 'drop-request-id-header') delete out['x-request-id'];
      if (fault === 'drop-first-body-key') {
        try {
          const json = JSON.parse(body);
          delete json[Object.keys(json)[0]];
          body = JSON.stringify(json);
        } catch {
          // not JSON: left as is
        }
      }
      res.writeHead(up.status, out).end(body);
    } catch (err) {
      res.writeHead(502).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
