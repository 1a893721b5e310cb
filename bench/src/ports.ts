// Loopback ports for everything the bench starts. By default any free port (the OS picks); with
// BENCH_PORT_RANGE=LOW-HIGH (e.g. 47300-47399, on a machine shared with other runs) only ports of
// that range, each checked free by binding it first and handed out once per bench process.
import { createServer } from 'node:net';
import { freePort } from '../../mock/free-port.js';

/** "LOW-HIGH" → [low, high]; undefined when unset; throws on a malformed or reversed range. */
export function parsePortRange(text: string | undefined): [number, number] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(text);
  const [low, high] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || low < 1024 || high > 65535 || low > high)
    throw new Error(`BENCH_PORT_RANGE must be LOW-HIGH within 1024-65535, not ${JSON.stringify(text)}`);
  return [low, high];
}

const handedOut = new Set<number>();
let cursor = 0;

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function benchPort(host = '127.0.0.1'): Promise<number> {
  const range = parsePortRange(process.env.BENCH_PORT_RANGE);
  if (!range) return freePort(host);
  const [low, high] = range;
  const size = high - low + 1;
  for (let i = 0; i < size; i++) {
    const port = low + ((cursor + i) % size);
    if (handedOut.has(port)) continue;
    if (await isFree(port, host)) {
      cursor = (cursor + i + 1) % size;
      handedOut.add(port);
      return port;
    }
  }
  // Every port of the range was handed out once: reuse those free again.
  handedOut.clear();
  for (let port = low; port <= high; port++) if (await isFree(port, host)) return port;
  throw new Error(`no free port in BENCH_PORT_RANGE ${low}-${high}`);
}
