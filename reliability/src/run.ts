// One hostile run: start the server, take the canary, send every generated case (the fast categories
// shuffled together through a pool of connections, the slow ones alongside in a small pool of their
// own), take the canary again, make one ordinary request, stop the server, and hand the records to
// the report. Everything the cases contain follows from the seed.
import { type CanaryResult, canaryProbes, compare, snapshot } from './canary.js';
import { type Category, type GenContext, generate, type HostileCase, type Timeouts } from './case.js';
import { type RequestRecord, send } from './client.js';
import { rng } from './prng.js';
import { type Crash, type Memory, type ServerSpec, startServer } from './server.js';
import { loadTargets } from './targets.js';

export interface RunOptions {
  seed: number;
  /** Requests shared among the fast categories; slow categories add their fixed counts. */
  requests: number;
  categories: readonly Category[];
  server: ServerSpec;
  adminKey: string;
  otherKey: string;
  /** What the server was configured with (slow cases size their bounds from it). */
  timeouts: Timeouts;
  /** Connections in flight for the fast categories. */
  concurrency: number;
  /** The bound for a fast case to be answered or closed, ms. */
  deadlineMs: number;
}

export interface RunResult {
  seed: number;
  server: string;
  records: RequestRecord[];
  crashes: Crash[];
  memory: Memory;
  canary: CanaryResult;
  /** Status of the ordinary request made after the run (0: no answer). */
  health: { request: string; status: number };
  errorLog: Array<{ msg: string; count: number; example: string }>;
  ms: number;
}

/** One case of the run, generated only when it is about to be sent (10k cases hold ~400 MB of bodies). */
export interface PlannedCase {
  category: string;
  index: number;
  make(): HostileCase;
}

/**
 * Every case of the run, in the order the fast pool sends them; slow cases apart. Each case has its
 * own random stream (seed → category → index), so it is the same bytes whenever it is made.
 */
export function plan(
  options: Pick<RunOptions, 'seed' | 'requests' | 'categories'>,
  ctx: GenContext,
): { fast: PlannedCase[]; slow: PlannedCase[] } {
  const root = rng(options.seed);
  const fastCategories = options.categories.filter((c) => !c.slow);
  const perCategory = fastCategories.length > 0 ? Math.ceil(options.requests / fastCategories.length) : 0;
  const fast: PlannedCase[] = [];
  const slow: PlannedCase[] = [];
  for (const category of options.categories) {
    const stream = root.fork(category.id);
    const n = category.slow ? category.slow.count : perCategory;
    for (let index = 0; index < n; index++)
      (category.slow ? slow : fast).push({
        category: category.id,
        index,
        make: () => generate(category, index, stream.fork(String(index)), ctx),
      });
  }
  return { fast: root.fork('order').shuffle(fast), slow };
}

async function pool(
  cases: readonly PlannedCase[],
  width: number,
  sendOne: (c: HostileCase) => Promise<RequestRecord>,
): Promise<RequestRecord[]> {
  const out: RequestRecord[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      out.push(await sendOne(c.make()));
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, cases.length) }, worker));
  return out;
}

export async function runHostile(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const canary = `canary_${options.seed.toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const ctx: GenContext = {
    adminKey: options.adminKey,
    otherKey: options.otherKey,
    targets: loadTargets(),
    timeouts: options.timeouts,
    canary,
  };
  const { fast, slow } = plan(options, ctx);
  const server = await startServer(options.server);
  try {
    const probes = canaryProbes(options.adminKey);
    const before = await snapshot(server.address, probes, canary);
    server.markStart();
    // After an unanswered request, this worker waits until the server is known alive (or restarted),
    // so that its next request does not land on a dying server; a connection refused meanwhile says
    // nothing about the case, which is sent again.
    const sendOne = async (c: HostileCase) => {
      await server.ready();
      let record = await send(server.address, c, options.deadlineMs);
      for (let retry = 0; record.outcome.kind === 'closed' || record.outcome.kind === 'refused'; retry++) {
        await server.afterLoss();
        if (record.outcome.kind === 'closed' || retry === 3) break;
        record = await send(server.address, c, options.deadlineMs);
      }
      return record;
    };
    const [fastRecords, slowRecords] = await Promise.all([pool(fast, options.concurrency, sendOne), pool(slow, slow.length, sendOne)]);
    await server.ready();
    const memory = server.memory();
    const after = await snapshot(server.address, probes, canary);
    let status = 0;
    try {
      const res = await fetch(`${server.url}/v1/account`, {
        headers: { authorization: `Bearer ${options.adminKey}` },
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      status = 0;
    }
    return {
      seed: options.seed,
      server: options.server.name,
      records: [...fastRecords, ...slowRecords],
      crashes: server.crashes,
      memory,
      canary: compare(before, after),
      health: { request: 'GET /v1/account (admin key)', status },
      errorLog: [...server.errorLog].map(([msg, e]) => ({ msg, ...e })),
      ms: Date.now() - started,
    };
  } finally {
    await server.stop();
  }
}
