// `npm run bench`: measures the stub against its peers (ARCHITECTURE.md §10) and prints one table of ratios,
// also written to reports/bench.json. Exit 0 whenever the measurements ran, bars met or not (the
// bench reports, it does not gate); exit 2 with one `bench: …` line when it could not measure.
//
//   npm run bench -- [--rounds 3] [--duration 5] [--warmup 1] [--connections 32] [--only throughput|suite] [--json FILE]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundledJson, repoRoot } from '../../openapi/tools/paths.js';
import { DEFAULT_ADMIN_KEY } from '../../server-stub/src/config.js';
import { type Comparison, suiteComparisons, throughputComparisons } from './bars.js';
import { type LoadProcess, startLoadProcess } from './load-process.js';
import { processTree } from './proc-stats.js';
import { benchDocument, formatPeers, formatTable, verdictLine } from './report.js';
import { type RunningServer, startBare, startPrism, startStub } from './servers.js';
import { DREDD_LIMIT_SCALE, measureSuiteVsDredd, SUITE_LIMIT_SCALE, type SuiteVsDredd } from './suite-vs-dredd.js';
import { measureThroughput, type PeerThroughput, type ThroughputSettings } from './throughput.js';

const USAGE = `usage: npm run bench -- [options]

  --rounds N        rounds of every measurement, reported as medians (default 3)
  --duration S      seconds of each measured load phase (default 5)
  --warmup S        seconds of unmeasured load before each phase (default 1)
  --connections N   concurrent keep-alive connections of the load generator (default 32)
  --only WHAT       throughput (stub, bare node:http, Prism) or suite (contract suite vs Dredd)
  --json FILE       where to write the results (default reports/bench.json)
`;

/** STUB_LIMIT_SCALE of the throughput stub: far above what a few seconds of load can spend. */
const THROUGHPUT_LIMIT_SCALE = 100_000;
/** The request budget of a phase per second of it: above any rate this machine reaches. */
const MAX_REQUESTS_PER_SECOND = 250_000;
const PATH = '/v1/account';

class UsageError extends Error {}

const say = (line: string) => process.stdout.write(`bench: ${line}\n`);
const cleanups: Array<() => Promise<void>> = [];

function intFlag(values: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

async function expect200(server: RunningServer, headers: Record<string, string>): Promise<string> {
  let res: Response;
  try {
    res = await fetch(server.url + PATH, { headers, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new Error(`${server.name} at ${server.url} did not answer GET ${PATH}: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${server.name} answered GET ${PATH} with ${res.status}, not 200: ${text.slice(0, 160)}`);
  return text;
}

async function throughputPhase(settings: ThroughputSettings): Promise<PeerThroughput[]> {
  const started: RunningServer[] = [];
  let load: LoadProcess | undefined;
  const stopAll = async () => {
    await load?.close();
    await Promise.all(started.map((s) => s.stop()));
  };
  cleanups.push(stopAll);
  try {
    say(
      `starting the stub (NODE_ENV=production, STUB_DB=:memory:, STUB_LIMIT_SCALE=${THROUGHPUT_LIMIT_SCALE}), a bare node:http server and the Prism mock`,
    );
    const stub = await startStub({ limitScale: THROUGHPUT_LIMIT_SCALE });
    started.push(stub);
    // The bare server answers with the stub's own body, so both send the same bytes of JSON.
    const body = await expect200(stub, settings.headers);
    const bare = await startBare(body);
    started.push(bare);
    const prism = await startPrism();
    started.push(prism);
    for (const s of [bare, prism]) await expect200(s, settings.headers);
    load = startLoadProcess();
    say(
      `throughput: GET ${PATH} with a Bearer key, ${settings.connections} connections, ${settings.rounds} rounds of ${settings.warmupMs / 1000} s warm-up + ${settings.durationMs / 1000} s measured per peer`,
    );
    return await measureThroughput([stub, bare, prism], load, settings, say);
  } finally {
    await stopAll();
    cleanups.splice(cleanups.indexOf(stopAll), 1);
  }
}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        rounds: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        only: { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const rounds = intFlag(values, 'rounds', 3, 1, 10);
  const durationS = intFlag(values, 'duration', 5, 1, 30);
  const warmupS = intFlag(values, 'warmup', 1, 0, 10);
  const connections = intFlag(values, 'connections', 32, 1, 512);
  const only = values.only as string | undefined;
  if (only !== undefined && only !== 'throughput' && only !== 'suite')
    throw new UsageError(`--only must be throughput or suite, not ${JSON.stringify(only)}`);
  const jsonFile = resolve(typeof values.json === 'string' ? values.json : join(repoRoot, 'reports', 'bench.json'));

  if (!existsSync(bundledJson)) throw new Error(`${bundledJson} is missing (run npm run generate)`);
  if (!existsSync('/proc/self/status')) throw new Error('memory and CPU are read from /proc: run the bench on Linux');
  // Prism forks its HTTP server when NODE_ENV=production; the bench measures its default single
  // process (the stub gets NODE_ENV=production explicitly).
  delete process.env.NODE_ENV;

  const settings: ThroughputSettings = {
    rounds,
    warmupMs: warmupS * 1000,
    durationMs: durationS * 1000,
    connections,
    maxRequests: MAX_REQUESTS_PER_SECOND * durationS,
    path: PATH,
    headers: { Authorization: `Bearer ${DEFAULT_ADMIN_KEY}`, Accept: 'application/json' },
  };
  const started = Date.now();
  let throughput: PeerThroughput[] | undefined;
  let suite: SuiteVsDredd | undefined;
  if (only !== 'suite') throughput = await throughputPhase(settings);
  if (only !== 'throughput') {
    say(
      `contract suite (stub limits x${SUITE_LIMIT_SCALE}) vs Dredd (stub limits x${DREDD_LIMIT_SCALE}), ${rounds} rounds, a fresh in-memory stub per run`,
    );
    suite = await measureSuiteVsDredd(rounds, say);
  }

  const comparisons: Comparison[] = [...(throughput ? throughputComparisons(throughput) : []), ...(suite ? suiteComparisons(suite) : [])];
  const doc = benchDocument({
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, loadAverage: loadavg() },
    settings: {
      rounds,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
      connections,
      request: `GET ${PATH} (Authorization: Bearer <admin key>)`,
      stubLimitScale: { throughput: THROUGHPUT_LIMIT_SCALE, contractSuite: SUITE_LIMIT_SCALE, dredd: DREDD_LIMIT_SCALE },
    },
    comparisons,
    measurements: { throughput, suiteVsDredd: suite },
  });
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(
    `\n${formatTable(comparisons)}\n${throughput ? `\nper peer (medians of ${rounds} rounds):\n${formatPeers(throughput)}\n` : ''}\n`,
  );
  say(`${verdictLine(comparisons)}; ${Math.round((Date.now() - started) / 1000)} s; written to ${jsonFile}`);
  return 0;
}

async function cleanUp(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
}

const interrupted = async (signal: string) => {
  process.stderr.write(`bench: interrupted (${signal})\n`);
  await cleanUp();
  // Whatever is still running (a Dredd run in flight, a server mid-start) is our descendant: end
  // those processes by pid before they are orphaned.
  for (const pid of processTree(process.pid).slice(1).reverse()) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  process.exit(2);
};
process.once('SIGINT', () => void interrupted('SIGINT'));
process.once('SIGTERM', () => void interrupted('SIGTERM'));

let code: number;
try {
  code = await main(process.argv.slice(2));
} catch (err) {
  const message = (err as Error).message.split('\n')[0];
  process.stderr.write(`bench: ${message}\n`);
  if (err instanceof UsageError) process.stderr.write(USAGE);
  code = 2;
}
await cleanUp();
process.exit(code);
