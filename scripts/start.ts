// `npm start`: the main job on one machine. Builds what is missing, starts the reference stub
// (:4000), the Prism mock (:4010) and the docs (:4020), runs the contract suite once against the
// stub, prints where everything is, and serves until Ctrl-C. `--once` exits with the suite's status.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { buildSite } from '../docs-site/src/build.js';
import { type DocsServer, startDocsServer } from '../docs-site/src/serve.js';
import { type MockServer, startMock } from '../mock/prism.js';
import { waitForHttp } from '../mock/wait-http.js';
import { repoRoot } from '../openapi/tools/paths.js';
import { DEFAULT_ADMIN_KEY, DEFAULT_OTHER_ADMIN_KEY } from '../server-stub/src/config.js';

const HOST = '127.0.0.1';
const PORTS = { stub: 4000, mock: 4010, docs: 4020 };
const reports = join(repoRoot, 'reports');
const once = process.argv.includes('--once');
const adminKey = process.env.STUB_ADMIN_KEY || DEFAULT_ADMIN_KEY;
const otherKey = process.env.STUB_OTHER_ADMIN_KEY || DEFAULT_OTHER_ADMIN_KEY;

const say = (line: string) => process.stdout.write(`start: ${line}\n`);
const stops: Array<() => Promise<void>> = [];

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, HOST);
  });
}

/** Runs a repo script under tsx; resolves with its exit code. */
function tsx(
  script: string,
  args: string[],
  options: { log?: string; env?: NodeJS.ProcessEnv } = {},
): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, script), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: options.log ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  });
  if (options.log) {
    const out = createWriteStream(options.log, { flags: 'a' });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
  }
  const done = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { child, done };
}

async function startStub(): Promise<void> {
  const log = join(reports, 'stub.log');
  const { child, done } = tsx('server-stub/src/main.ts', [], {
    log,
    // Local delivery on: a receiver on this machine (the contract suite's, or yours) can be registered.
    env: { HOST, PORT: String(PORTS.stub), NODE_ENV: process.env.NODE_ENV ?? 'development', STUB_WEBHOOK_ALLOW_LOOPBACK: '1' },
  });
  let exited = false;
  void done.then(() => (exited = true));
  stops.push(async () => {
    if (!exited) child.kill('SIGTERM');
    await done;
  });
  try {
    await waitForHttp(`http://${HOST}:${PORTS.stub}/v1/account`, { timeoutMs: 20_000, alive: () => !exited });
  } catch {
    throw new Error(`the stub did not start (see ${log})`);
  }
}

async function shutdown(): Promise<void> {
  for (const stop of stops.reverse()) await stop().catch((err) => say(`while stopping: ${(err as Error).message}`));
}

async function main(): Promise<number> {
  mkdirSync(reports, { recursive: true });
  for (const [name, port] of Object.entries(PORTS)) {
    if (!(await portFree(port))) throw new Error(`port ${port} (${name}) is in use on ${HOST}; stop what is using it`);
  }
  if (!existsSync(join(repoRoot, 'generated', 'openapi.json'))) {
    say('generating the bundled spec');
    if ((await tsx('openapi/tools/generate.ts', []).done) !== 0) throw new Error('npm run generate failed');
  }
  say('building the docs');
  const site = await buildSite();
  say(`docs: ${site.pages.length} pages, ${site.operations} operations`);

  await startStub();
  say(`stub on http://${HOST}:${PORTS.stub} (log: reports/stub.log)`);
  const mock: MockServer = await startMock({ host: HOST, port: PORTS.mock });
  stops.push(() => mock.stop());
  say(`Prism mock on ${mock.url}`);
  const docs: DocsServer = await startDocsServer({ host: HOST, port: PORTS.docs });
  stops.push(() => docs.close());
  say(`docs on ${docs.url}`);

  say('running the contract suite against the stub');
  const html = join(reports, 'contract.html');
  const suite = await tsx('contract-tests/src/cli.ts', [
    '--server',
    `http://${HOST}:${PORTS.stub}`,
    '--key',
    adminKey,
    '--other-key',
    otherKey,
    '--html',
    html,
    '--json',
    join(reports, 'contract.json'),
    '--junit',
    join(reports, 'contract.junit.xml'),
  ]).done;

  process.stdout.write(`
Parley API contract toolkit
  reference stub   http://${HOST}:${PORTS.stub}/v1   (demo key: ${adminKey})
  Prism mock       ${mock.url}/v1
  docs             ${docs.url}/
  contract report  ${html}  (suite exit code ${suite})
  webhooks         delivered to the URLs registered with createWebhook; local delivery is on, so
                   http://127.0.0.1:<port>/… receivers work (the suite registers its own); every
                   attempt is listed by GET /v1/webhooks/{webhook_id}/deliveries
`);
  if (once) return suite;
  say('serving; press Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  return suite;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  process.stderr.write(`start: ${(err as Error).message}\n`);
  code = 2;
}
await shutdown();
say('stopped');
process.exit(code);
