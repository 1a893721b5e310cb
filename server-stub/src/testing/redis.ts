// Test support: a real redis-server, started by the test on a free loopback port (never one that
// may already be running), stopped and restarted on the same port for outage tests, and killed when
// the test process exits. Without redis-server on PATH the suites that need it skip with the reason
// (CI installs it from .ci/apt-packages).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { connectRedis, type RedisConnection } from '../store/redis.js';

export const redisServerMissing: string | undefined =
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
    ? undefined
    : 'redis-server is not on PATH (apt-get install redis-server; CI installs it from .ci/apt-packages)';

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGKILL: an outage, not a maintenance window) and waits for it to be gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted). */
  start(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True once something on `port` answers PING with +PONG. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d;
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  let child: ChildProcess | undefined;
  let port = 0;

  async function launch(): Promise<boolean> {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    children.add(proc);
    proc.once('exit', () => children.delete(proc));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) return false; // the port was taken meanwhile, most likely
      if (await pong(port)) {
        child = proc;
        return true;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    proc.kill('SIGKILL');
    throw new Error(`redis-server on port ${port} did not answer within 10 s`);
  }

  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    await launch();
  }
  if (!child) throw new Error('could not start redis-server on a free port');

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      });
    },
    async start() {
      if (child) return;
      if (!(await launch())) throw new Error(`redis-server could not start again on port ${port}`);
    },
  };
}

/** One server and one connection for a test file (hooks registered here); undefined getters until beforeAll ran. */
export function redisForTests(): { server: () => RedisServer; connection: () => RedisConnection } {
  let server: RedisServer | undefined;
  let connection: RedisConnection | undefined;
  beforeAll(async () => {
    if (redisServerMissing) return;
    server = await startRedisServer();
    connection = connectRedis(server.url);
    await connection.ready(5_000);
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });
  return {
    server: () => {
      if (!server) throw new Error('no redis-server (started in beforeAll)');
      return server;
    },
    connection: () => {
      if (!connection) throw new Error('no redis connection (opened in beforeAll)');
      return connection;
    },
  };
}
