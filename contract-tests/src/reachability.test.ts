// A broken endpoint is a failed contract, not an unreachable server: exit 2 only when no TCP
// connection can be made or nothing answers at all; a reset or a hang on some operations is a
// failed `response-received` on those cases, and the run goes on.
import net, { type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from './index.js';
import { MINI_KEY, startMiniServer } from './testing/fixtures/mini-server.js';

const miniSpec = join(dirname(fileURLToPath(import.meta.url)), 'testing', 'fixtures', 'mini-spec.json');
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A TCP server that accepts every connection and then resets or ignores it. */
async function silentServer(behaviour: 'reset' | 'hang'): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    if (behaviour === 'reset') s.resetAndDestroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('reachability', () => {
  it('exit 2 "cannot reach" when no TCP connection can be made', async () => {
    const r = await run({ server: 'http://127.0.0.1:1', key: MINI_KEY, spec: miniSpec });
    expect(r.exitCode).toBe(2);
    expect(r.error).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1: connection refused/);
  });

  it.each(['reset', 'hang'] as const)('exit 2 "nothing answered" when every request is %s', async (behaviour) => {
    const server = await silentServer(behaviour);
    const r = await run({ server, key: MINI_KEY, spec: miniSpec, timeoutMs: 300 });
    expect(r.exitCode).toBe(2);
    expect(r.error).toMatch(/nothing answered: the server accepted connections but none of \d+ requests got an HTTP response/);
  });

  it('a reset on the first operation touched fails that case, and the rest of the run is judged', async () => {
    const mini = await startMiniServer({
      reset: (req) => req.url === '/v1/things/thing_4kP9xR2mT7vQ1sZ8nB3wLd' && Boolean(req.headers.authorization),
    });
    closers.push(mini.close);
    const r = await run({ server: mini.url, key: MINI_KEY, spec: miniSpec });
    expect(r.exitCode).toBe(1);
    expect(r.error).toBeUndefined();
    const failed = r.cases.flatMap((c) => c.results.filter((x) => x.status === 'failed').map((x) => `${c.case.id} ${x.check}`));
    expect(failed).toContain('getThing thing response-received');
    expect(failed.every((f) => f.endsWith('response-received'))).toBe(true);
    expect(r.summary.passed).toBeGreaterThan(10);
    expect(r.notes.join('\n')).toMatch(/preflight GET \/v1\/things\/\{thing_id\} got no answer/);
  });
});
