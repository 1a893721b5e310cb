// `npm run bench`: measures the stub against its peers (ARCHITECTURE.md §10) and prints one table of ratios,
// also written to reports/bench.json. Exit 0 whenever the measurements ran, bars met or not (the
// bench reports, it does not gate); exit 2 with one `bench: …` line when it could not measure.
//
//   npm run bench -- [--rounds 3] [--duration 2] [--warmup 1] [--connections 32] [--suite-rounds 1]
//                    [--specmatic-rounds 1] [--growth 1,10] [--only throughput|suite|growth] [--json FILE]
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundledJson, repoRoot } from '../../openapi/tools/paths.js';
import { buildAll } from '../../scripts/build.js';
import { DEFAULT_ADMIN_KEY } from '../../server-stub/src/config.js';
import { type Comparison, growthComparisons, PEERS, startupComparisons, suiteComparisons, throughputComparisons } from './bars.js';
import { prepareStub } from './endpoints.js';
import { type GrowthResult, measureGrowth } from './growth.js';
import { parseFactors } from './growth-math.js';
import { type LoadProcess, startLoadProcess } from './load-process.js';
import { parsePortRange } from './ports.js';
import { processTree } from './proc-stats.js';
import { benchDocument, formatPeers, formatTable, verdictLine } from './report.js';
import {
  BENCH_BUILDS,
  type RunningRedis,
  type RunningServer,
  STUB_COMMAND,
  startBare,
  startPrism,
  startRedis,
  startStub,
} from './servers.js';
import { DREDD_LIMIT_SCALE, measureSuiteVsDredd, SPECMATIC_LIMIT_SCALE, SUITE_LIMIT_SCALE, type SuiteVsDredd } from './suite-vs-dredd.js';
import { measureThroughput, type PeerThroughput, type ThroughputJob, type ThroughputSettings } from './throughput.js';

const USAGE = `usage: npm run bench -- [options]

  --rounds N            rounds of the throughput measurements, reported as medians (default 3)
  --duration S          seconds of each measured load phase (default 2)
  --warmup S            seconds of unmeasured load before a server's first phase on a request
                        (default 1; a quarter of it before later rounds' phases)
  --connections N       concurrent keep-alive connections of the load generator (default 32)
  --suite-rounds N      rounds of contract suite vs Dredd (default 1)
  --specmatic-rounds N  runs of Specmatic, 0 for none (default 1)
  --growth LIST         spec sizes of the growth measurement, 1 first (default 1,10; e.g. 1,3,10)
  --only WHAT           throughput (stub, Redis, bare node:http, Prism), suite (contract suite vs Dredd and
                        Specmatic) or growth
  --json FILE           where to write the results (default reports/bench.json)

  BENCH_PORT_RANGE=LOW-HIGH   start every server on a port of this range (default: any free port)
`;

/** STUB_LIMIT_SCALE of the throughput stub: far above what a few seconds of load can spend. */
const THROUGHPUT_LIMIT_SCALE = 100_000;
/** The request budget of a phase per second of it: above any rate this machine reaches. */
const MAX_REQUESTS_PER_SECOND = 250_000;
const AUTH = { Authorization: `Bearer ${DEFAULT_ADMIN_KEY}` };
const READY = { path: '/v1/account', headers: { ...AUTH, Accept: 'application/json' } };

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

interface ThroughputOutcome {
  peers: PeerThroughput[];
  startMs: { stub: number; prism: number };
}

async function throughputPhase(settings: ThroughputSettings): Promise<ThroughputOutcome> {
  const started: Array<RunningServer | RunningRedis> = [];
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-db-'));
  let load: LoadProcess | undefined;
  const stopAll = async () => {
    await load?.close();
    await Promise.all(started.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.push(stopAll);
  try {
    say(
      `starting the stub (${STUB_COMMAND.join(' ')}; NODE_ENV=production, STUB_DB=:memory:, STUB_LIMIT_SCALE=${THROUGHPUT_LIMIT_SCALE}), ` +
        'the stub with Redis (1 and 2 workers, a SQLite file each), a bare node:http server and the Prism mock',
    );
    const stub = await startStub({ limitScale: THROUGHPUT_LIMIT_SCALE, ready: READY });
    started.push(stub);
    // The bare server answers with the stub's own recorded answers: the same status, headers and body.
    const prepared = await prepareStub(stub.url, AUTH, stub.name);
    const bare = await startBare(prepared.routes, READY);
    started.push(bare);
    const prism = await startPrism(READY);
    started.push(prism);
    const jobs: ThroughputJob[] = [];
    const add = (server: RunningServer, requests: typeof prepared.requests) => {
      for (const request of requests) jobs.push({ server, request });
    };
    add(stub, prepared.requests);
    add(bare, prepared.requests);
    jobs.push({ server: prism, request: prepared.requests.find((r) => r.id === 'account')! });
    for (const [workers, name] of [
      [1, PEERS.redis1],
      [2, PEERS.redis2],
    ] as const) {
      // A redis-server of its own per configuration, so neither inherits the other's windows.
      const redis = await startRedis();
      started.push(redis);
      const s = await startStub({
        name,
        limitScale: THROUGHPUT_LIMIT_SCALE,
        redis,
        workers,
        db: join(dir, `stub-${workers}w.sqlite`),
        ready: READY,
      });
      started.push(s);
      add(s, (await prepareStub(s.url, AUTH, name)).requests);
    }
    load = startLoadProcess();
    say(
      `throughput: ${prepared.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`).join(', ')} with a Bearer key, ${settings.connections} connections, ` +
        `${settings.rounds} rounds of ${settings.durationMs / 1000} s measured per request and peer`,
    );
    const peers = await measureThroughput(jobs, load, settings, say);
    return { peers, startMs: { stub: stub.startMs, prism: prism.startMs } };
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
        'suite-rounds': { type: 'string' },
        'specmatic-rounds': { type: 'string' },
        growth: { type: 'string' },
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
  const durationS = intFlag(values, 'duration', 2, 1, 30);
  const warmupS = intFlag(values, 'warmup', 1, 0, 10);
  const connections = intFlag(values, 'connections', 32, 1, 512);
  const suiteRounds = intFlag(values, 'suite-rounds', 1, 1, 10);
  const specmaticRounds = intFlag(values, 'specmatic-rounds', 1, 0, 10);
  let factors: number[];
  try {
    factors = parseFactors(typeof values.growth === 'string' ? values.growth : '1,10');
  } catch (err) {
    throw new UsageError(`--growth: ${(err as Error).message}`);
  }
  const only = values.only as string | undefined;
  if (only !== undefined && only !== 'throughput' && only !== 'suite' && only !== 'growth')
    throw new UsageError(`--only must be throughput, suite or growth, not ${JSON.stringify(only)}`);
  try {
    parsePortRange(process.env.BENCH_PORT_RANGE);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const jsonFile = resolve(typeof values.json === 'string' ? values.json : join(repoRoot, 'reports', 'bench.json'));

  if (!existsSync(bundledJson)) throw new Error(`${bundledJson} is missing (run npm run generate)`);
  try {
    await buildAll([...BENCH_BUILDS]);
  } catch (err) {
    throw new Error(`npm run build failed: ${(err as Error).message.split('\n')[0]}`);
  }
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
  };
  const started = Date.now();
  let throughput: ThroughputOutcome | undefined;
  let suite: SuiteVsDredd | undefined;
  let growth: GrowthResult | undefined;
  if (only === undefined || only === 'throughput') throughput = await throughputPhase(settings);
  if (only === undefined || only === 'suite') {
    say(
      `contract suite (stub limits x${SUITE_LIMIT_SCALE}) vs Dredd (x${DREDD_LIMIT_SCALE}), ${suiteRounds} round(s), and Specmatic (x${SPECMATIC_LIMIT_SCALE}), ${specmaticRounds} run(s); a fresh in-memory stub per run`,
    );
    suite = await measureSuiteVsDredd(suiteRounds, say, specmaticRounds);
  }
  if (only === undefined || only === 'growth') {
    say(`growth: specs ${factors.join('x, ')}x ours, each step in a cold process`);
    growth = await measureGrowth(factors, READY.headers, say);
  }

  const comparisons: Comparison[] = [
    ...(throughput ? throughputComparisons(throughput.peers) : []),
    ...(throughput ? startupComparisons(throughput.startMs.stub, throughput.startMs.prism) : []),
    ...(suite ? suiteComparisons(suite) : []),
    ...(growth ? growthComparisons(growth) : []),
  ];
  const doc = benchDocument({
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, loadAverage: loadavg() },
    settings: {
      rounds,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
      connections,
      suiteRounds,
      specmaticRounds,
      growthFactors: factors,
      stubCommand: ['node', ...STUB_COMMAND],
      auth: 'Authorization: Bearer <admin key>',
      stubLimitScale: {
        throughput: THROUGHPUT_LIMIT_SCALE,
        contractSuite: SUITE_LIMIT_SCALE,
        dredd: DREDD_LIMIT_SCALE,
        specmatic: SPECMATIC_LIMIT_SCALE,
      },
    },
    comparisons,
    measurements: { throughput: throughput?.peers, startMs: throughput?.startMs, suiteVsPeers: suite, growth },
  });
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(
    `\n${formatTable(comparisons)}\n${throughput ? `\nper peer (medians of ${rounds} rounds):\n${formatPeers(throughput.peers)}\n` : ''}\n`,
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
