// One run: load the spec, plan, preflight the server, mint keys, run the phases (cases in
// parallel inside a phase, in `after` order), check every exchange, stream events to the
// reporters, and always clean up and revoke every minted key, also when interrupted.
import { randomInt } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { connect } from 'node:net';
import { buildRequest as buildExampleRequest } from '../../openapi/tools/example-pairs.js';
import { canonicalIds, learnIds } from '../../openapi/tools/example-replay.js';
import { createSchemaValidator } from '../../openapi/tools/schema-validator.js';
import type { Spec } from '../../openapi/tools/spec.js';
import { checkContext } from './check-context.js';
import { checkIds, runChecks } from './checks/index.js';
import { readsOf } from './cleanup.js';
import { NO_KEY, type Presented } from './client.js';
import { type Coverage, type CoverageMinimum, coverageOf, coverageShortfalls } from './coverage.js';
import { toCurl } from './curl.js';
import { closeIdleConnections } from './http.js';
import { presentedBy } from './keys.js';
import { buildPlan, PHASE } from './plan/index.js';
import { type Observation, PROBES, probeById } from './probes/index.js';
import { inputsOf, policiesOf } from './probes/support.js';
import { type ReceiverAddress, RunEnv, type RunSettings } from './run-env.js';
import { loadSpecFrom } from './spec-source.js';
import type { CaseSummary, CheckResult, Exchange, Json, OperationSummary, PlannedCase, Reporter, RunnerEvent, Summary } from './types.js';
import { UsageError } from './usage-error.js';

export interface RunOptions extends Partial<Omit<RunSettings, 'server' | 'key' | 'receiver'>> {
  server: string;
  key?: string;
  /** Where the webhook receiver listens: `HOST:PORT` (--receiver) or an address; default 127.0.0.1, any free port. */
  receiver?: string | ReceiverAddress;
  /** A file path, an http(s) URL or an already loaded spec; default generated/openapi.json. */
  spec?: string | Spec;
  only?: string;
  reporters?: Reporter[];
  signal?: AbortSignal;
  /** Fail (exit 1) when a coverage dimension is below its percentage (coverage.ts). */
  minCoverage?: CoverageMinimum;
  /** Fail (exit 1) when any check was skipped. */
  failOnSkip?: boolean;
}

export interface CaseOutcome {
  case: CaseSummary;
  results: CheckResult[];
}

export interface RunResult {
  summary: Summary;
  /** What the run exercised of the documented operations, statuses and example pairs. */
  coverage: Coverage;
  /** Why the run fails beyond its checks: coverage below --min-coverage, skips under --fail-on-skip. */
  gates: string[];
  cases: CaseOutcome[];
  exitCode: 0 | 1 | 2;
  /** Set when the run could not start (exit code 2). */
  error?: string;
  notes: string[];
  durationMs: number;
}

export { UsageError };

export const DEFAULTS = { concurrency: 8, timeoutMs: 10_000, maxBodyBytes: 1 << 20, maxRetryAfter: 65, maxExhaust: 1000, generate: 4 };

export async function run(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const reporters = options.reporters ?? [];
  const emit = async (e: RunnerEvent) => {
    for (const r of reporters) await r(e);
  };
  const outcomes: CaseOutcome[] = [];
  let operations: OperationSummary[] = [];
  let env: RunEnv | undefined;
  const controller = new AbortController();
  // Every request in flight listens for the interrupt.
  setMaxListeners(0, controller.signal);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) controller.abort();
  try {
    const settings = settingsOf(options);
    const spec = typeof options.spec === 'object' ? options.spec : await loadSpecFrom(options.spec);
    const plan = buildPlan(spec, {
      profile: settings.profile,
      otherKey: Boolean(settings.otherKey),
      only: options.only,
      seed: settings.seed,
      generate: settings.generate,
      webhooks: settings.webhooks,
    });
    operations = plan.operations;
    if (!plan.cases.length)
      throw new UsageError(options.only ? `--only ${options.only} matches no case` : 'the spec documents no examples');
    env = new RunEnv(
      settings,
      spec,
      createSchemaValidator(spec),
      plan,
      runChecks,
      controller.signal,
      (message) => void emit({ type: 'note', message }),
    );
    await preflight(env);
    await emit({
      type: 'run-start',
      server: settings.server,
      profile: settings.profile,
      operations: plan.operations,
      cases: plan.cases.length,
      checks: checkIds(),
      seed: settings.seed,
      generate: settings.generate,
    });
    if (settings.profile === 'full') await setUp(env);
    for (const phase of [...new Set(plan.cases.map((c) => c.phase))].sort((a, b) => a - b)) {
      if (controller.signal.aborted) break;
      if (phase === PHASE.conflict || phase === PHASE.afterDestroy) await settle(env, phase);
      await runPhase(
        env,
        plan.cases.filter((c) => c.phase === phase),
        async (c, results, durationMs) => {
          const summary: CaseSummary = {
            id: c.id,
            kind: c.kind,
            operationId: c.operationId,
            method: c.method,
            path: c.path,
            example: c.example,
            status: c.expected.status,
            ...(c.probe ? { probe: c.probe } : {}),
          };
          outcomes.push({ case: summary, results });
          await emit({ type: 'case-end', case: summary, results, durationMs });
        },
      );
    }
  } catch (err) {
    const message = err instanceof UsageError ? err.message : `the run stopped: ${(err as Error).stack ?? err}`;
    await finish(env);
    const summary = summarize(outcomes, env);
    const coverage = coverageOf(operations, outcomes);
    return {
      summary,
      coverage,
      gates: [],
      cases: outcomes,
      exitCode: 2,
      error: message,
      notes: env?.notes ?? [],
      durationMs: Date.now() - started,
    };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  await finish(env);
  const summary = summarize(outcomes, env);
  const coverage = coverageOf(operations, outcomes);
  const interrupted = controller.signal.aborted;
  await emit({ type: 'run-end', summary, coverage, durationMs: Date.now() - started });
  const gates = [
    ...coverageShortfalls(coverage, options.minCoverage ?? {}),
    ...(options.failOnSkip && summary.skipped ? [skipGate(outcomes, summary.skipped)] : []),
  ];
  // Exit 2 only when nothing answered at all: then there is no contract to judge.
  const silent = Boolean(env && env.requests > 0 && env.responses === 0);
  const error = interrupted
    ? 'the run was interrupted; minted keys were revoked'
    : silent
      ? `nothing answered: the server accepted connections but none of ${env?.requests} requests got an HTTP response (first: ${env?.firstError})`
      : undefined;
  return {
    summary,
    coverage,
    gates,
    cases: outcomes,
    exitCode: interrupted || silent ? 2 : summary.failed || gates.length ? 1 : 0,
    ...(error ? { error } : {}),
    notes: env?.notes ?? [],
    durationMs: Date.now() - started,
  };
}

/** --fail-on-skip: how many checks were skipped, with the first few reasons. */
function skipGate(outcomes: readonly CaseOutcome[], skipped: number): string {
  const first = outcomes
    .flatMap((o) => o.results.filter((r) => r.status === 'skipped').map((r) => `${o.case.id} [${r.check}]: ${r.message ?? 'skipped'}`))
    .slice(0, 5);
  return `--fail-on-skip: ${skipped} checks were skipped, e.g. ${first.join('; ')}`;
}

/** Why no TCP connection to the server can be made, or undefined when one can. */
function connectError(server: string, timeoutMs: number): Promise<string | undefined> {
  const url = new URL(server);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (why: string | undefined) => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(timeoutMs, () => done(`no TCP connection within ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    // A reset right after the handshake still means something listens there.
    socket.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET'
        ? done(undefined)
        : done(err.code === 'ECONNREFUSED' ? `connection refused (${err.message})` : `${err.code ? `${err.code}: ` : ''}${err.message}`),
    );
  });
}

function settingsOf(o: RunOptions): RunSettings {
  const profile = o.profile ?? 'full';
  if (profile !== 'full' && profile !== 'mock') throw new UsageError(`--profile must be full or mock, not ${profile}`);
  let server: URL;
  try {
    server = new URL(o.server);
    if (!/^https?:$/.test(server.protocol)) throw new Error();
  } catch {
    throw new UsageError(`--server must be an http(s) URL, not ${JSON.stringify(o.server ?? '')}`);
  }
  if (profile === 'full' && !o.key)
    throw new UsageError('--key (or CONTRACT_KEY) is required: an all-scopes key of the account under test');
  if (profile === 'full' && /_live_/.test(o.key ?? ''))
    throw new UsageError(
      'the full profile replays examples that place calls and send messages: use a test-mode key (pl_test_…), never a live one',
    );
  const positive = (name: string, v: number | undefined, d: number) => {
    if (v === undefined) return d;
    if (!Number.isInteger(v) || v < 1) throw new UsageError(`--${name} must be a positive integer`);
    return v;
  };
  return {
    server: server.toString().replace(/\/+$/, ''),
    key: o.key ?? 'pl_test_mock',
    otherKey: o.otherKey,
    profile,
    concurrency: positive('concurrency', o.concurrency, DEFAULTS.concurrency),
    timeoutMs: positive('timeout', o.timeoutMs, DEFAULTS.timeoutMs),
    maxBodyBytes: positive('max-body', o.maxBodyBytes, DEFAULTS.maxBodyBytes),
    maxRetryAfter: o.maxRetryAfter ?? DEFAULTS.maxRetryAfter,
    maxExhaust: positive('max-exhaust', o.maxExhaust, DEFAULTS.maxExhaust),
    seed: seedOf(o.seed),
    generate: generateOf(o.generate),
    webhooks: o.webhooks ?? true,
    receiver: receiverOf(typeof o.receiver === 'object' ? hostPort(o.receiver) : o.receiver),
  };
}

const hostPort = (a: ReceiverAddress) => `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;

/** `--receiver HOST:PORT` (`[::1]:4801` for IPv6); undefined: 127.0.0.1 on any free port. */
export function receiverOf(text: string | undefined): ReceiverAddress {
  if (text === undefined || text === '') return { host: '127.0.0.1', port: 0 };
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65535)
    throw new UsageError(`--receiver must be HOST:PORT (e.g. 127.0.0.1:4801; port 0 for any free one), not ${JSON.stringify(text)}`);
  return { host: m[1] ?? m[2]!, port };
}

function seedOf(seed: number | undefined): number {
  if (seed === undefined) return randomInt(0, 2 ** 31);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 31) throw new UsageError('--seed must be an integer from 0 to 2147483647');
  return seed;
}

function generateOf(n: number | undefined): number {
  if (n === undefined) return DEFAULTS.generate;
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new UsageError('--generate must be an integer from 0 to 1000');
  return n;
}

/**
 * The server accepts connections, the key is accepted, and its clock is read (expiring keys need
 * it). Only a server nobody can connect to stops the run here: an endpoint that resets, hangs or
 * speaks broken HTTP is a failed contract, reported on its cases (response-received).
 */
async function preflight(env: RunEnv): Promise<void> {
  const refused = await connectError(env.settings.server, env.settings.timeoutMs);
  if (refused) throw new UsageError(`cannot reach ${env.settings.server}: ${refused}`);
  const gets = [...env.plan.ops.values()].filter((so) => so.method === 'get');
  const plain = gets.find((so) => !so.path.includes('{') && !(so.op.parameters ?? []).some((p: Json) => p.required && p.in === 'query'));
  const target = plain ?? gets[0] ?? [...env.plan.ops.values()][0];
  if (!target) return;
  // Without a plain read, the first read with its documented default inputs.
  const inputs = plain
    ? {}
    : { path: buildExampleRequest(target.op, undefined).path, query: buildExampleRequest(target.op, undefined).query };
  const presented: Presented = env.settings.profile === 'full' ? env.keys.adminPresented() : NO_KEY;
  const r = await env.exchange(target, inputs, presented, { provoked: true });
  if (!r.response) {
    env.note(
      `preflight ${target.method.toUpperCase()} ${target.path} got no answer (${r.error?.message}); the run goes on, its cases will say more`,
    );
    return;
  }
  const date = Date.parse(r.response.headers.date ?? '');
  if (!Number.isNaN(date)) env.clockOffset = date - Date.now();
  if (env.settings.profile === 'full' && r.response.status === 401)
    throw new UsageError(
      `the server refused --key (401 on ${target.method.toUpperCase()} ${target.path}): give an all-scopes key of the account under test`,
    );
}

/** Minting: workers sized to the plan's load per key policy, snapshots for cleanup. */
async function setUp(env: RunEnv): Promise<void> {
  const { plan, keys } = env;
  env.setUp = true;
  await keys.discoverAdminScopes();
  const load = new Map<string, number>();
  for (const c of plan.cases) {
    if (c.skip) continue;
    // A case that knows its load says so (generated cases size theirs); otherwise its probe's declared count.
    const own = c.load ?? requestsOnPolicies(env, c);
    for (const [p, n] of Object.entries(own)) if (env.budget.keyPolicies([p]).length) load.set(p, (load.get(p) ?? 0) + n);
  }
  const workers = Math.min(24, env.budget.keysFor(load) + 1);
  if (keys.canMint) await keys.mintWorkers(workers);
  for (const w of keys.workers) env.secrets.set(w.secret, w.label);
  env.note(
    `${keys.workers.length} worker key${keys.workers.length === 1 ? '' : 's'} (${keys.canMint ? 'minted' : 'the admin key; the spec has no key-minting operation'}); admin scopes: ${keys.adminScopes.length}`,
  );
  await env.cleanup.snapshot(plan.cases.filter((c) => !c.skip).map((c) => ({ method: c.method, path: c.path })));
  for (const probe of PROBES)
    probe.warmUp(
      env,
      plan.cases.filter((c) => c.probe === probe.definition.id),
    );
}

/** Worker-key requests of one case on its operation's policies: one for an example, the probe's declared count otherwise. */
function requestsOnPolicies(env: RunEnv, c: PlannedCase): Record<string, number> {
  const count = c.kind === 'example' ? 1 : (probeById(c.probe)?.definition.counts.workerRequests ?? 1);
  return Object.fromEntries(policiesOf(env, env.op(c.operationId)).map((p) => [p, count]));
}

/** Before conflicts: read what the run created once more (test-mode transitions settle on read). */
async function settle(env: RunEnv, phase: number): Promise<void> {
  const targets = new Set(env.plan.cases.filter((c) => c.phase === phase && c.expected.status === '409').flatMap((c) => c.uses));
  for (const id of targets) {
    const real = env.ids.get(id);
    const producer = env.plan.cases.find((c) => c.id === env.plan.producers.get(id));
    if (!real || !producer || producer.method !== 'post') continue;
    const so = env.op(producer.operationId);
    for (const read of readsOf(so, Number(producer.expected.status), { id: real }, [...env.plan.ops.values()])) {
      await env.exchange(read.op, { path: read.path }, env.keys.adminPresented()).catch(() => undefined);
    }
  }
}

async function runPhase(
  env: RunEnv,
  cases: PlannedCase[],
  done: (c: PlannedCase, results: CheckResult[], ms: number) => Promise<void>,
): Promise<void> {
  const inPhase = new Set(cases.map((c) => c.id));
  const finished = new Set<string>();
  const pending = [...cases];
  let running = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (!pending.length && !running) return resolve();
      for (let i = 0; i < pending.length && running < env.settings.concurrency; ) {
        const c = pending[i];
        if (c.after.some((dep) => inPhase.has(dep) && !finished.has(dep))) {
          i++;
          continue;
        }
        pending.splice(i, 1);
        running++;
        const t = Date.now();
        runCase(env, c)
          .catch((err): CheckResult[] => [
            { check: 'response-received', status: 'failed', message: `the runner failed on this case: ${(err as Error).message}` },
          ])
          .then(async (results) => {
            await done(c, results, Date.now() - t);
            finished.add(c.id);
            running--;
            pump();
          });
      }
      if (!running && pending.length) {
        // Only possible with an `after` cycle: run the rest rather than hang.
        const c = pending.shift()!;
        c.after = [];
        pending.unshift(c);
        pump();
      }
    };
    pump();
  });
}

const skipRow = (c: PlannedCase, reason: string): CheckResult[] => [
  { check: c.checks.at(-1) ?? c.probe ?? 'status-code', status: 'skipped', message: reason },
];

async function runCase(env: RunEnv, c: PlannedCase): Promise<CheckResult[]> {
  if (c.skip) return skipRow(c, c.skip);
  if (env.signal.aborted) return skipRow(c, 'the run was interrupted');
  const missing = c.uses.filter((id) => !env.ids.has(id) && env.plan.producers.has(id));
  if (missing.length)
    return skipRow(
      c,
      `needs ${missing.join(', ')}, which ${[...new Set(missing.map((id) => env.plan.producers.get(id)))].join(', ')} did not yield`,
    );
  let observations: Observation[];
  if (c.kind === 'example') observations = [await exampleObservation(env, c)];
  else {
    const probe = probeById(c.probe);
    if (!probe) return skipRow(c, `no probe is registered as ${c.probe}`);
    const result = await probe.run(env, c);
    if (!Array.isArray(result)) return skipRow(c, result.skip);
    observations = result;
  }
  const results: CheckResult[] = [];
  for (const obs of observations) {
    const checks = obs.checks ?? c.checks;
    if (obs.skip || !obs.exchange) {
      for (const check of checks)
        results.push({ check, status: 'skipped', message: obs.skip ?? 'no request', ...(obs.label ? { observation: obs.label } : {}) });
      continue;
    }
    const ctx = checkContext(env, c, obs);
    const curl = toCurl(obs.exchange, env.secrets);
    for (const r of runChecks(checks, ctx, obs.exchange)) {
      const shown = r.status === 'failed' ? redact(r, env.secrets) : r;
      results.push({ ...shown, ...(obs.label ? { observation: obs.label } : {}), ...(r.status === 'failed' ? { curl } : {}) });
    }
  }
  return results;
}

/** Secrets never reach a report: each known one is replaced by its placeholder. */
function redact<T>(value: T, secrets: ReadonlyMap<string, string>): T {
  let text = JSON.stringify(value);
  for (const [secret, label] of secrets) if (secret.length >= 8 && text.includes(secret)) text = text.split(secret).join(label);
  try {
    return JSON.parse(text) as T;
  } catch {
    return value;
  }
}

async function exampleObservation(env: RunEnv, c: PlannedCase): Promise<Observation> {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  if (env.settings.profile === 'mock') {
    // Prism answers the paired example when asked by name.
    const presented: Presented = { credential: { kind: 'valid', via: 'bearer', label: '$CONTRACT_KEY' }, secret: env.settings.key };
    const exchange = await env.exchange(so, inputs, presented, {
      headers: { prefer: `code=${c.expected.status}, example=${c.expected.example}` },
    });
    return { exchange, sent: inputs };
  }
  const key = await env.keys.acquire(policiesOf(env, so), env.signal);
  const exchange = await env.exchange(so, inputs, presentedBy(key));
  capture(env, c, exchange);
  return { exchange, sent: inputs };
}

/**
 * Learns the real ids an answer shows for its example's canonical ids, by the shared replay rules
 * (openapi/README.md "Example replay", rule 4): what it creates anew, the rest where first seen.
 */
function capture(env: RunEnv, c: PlannedCase, ex: Exchange): void {
  const r = ex.response;
  if (!r || r.status >= 300 || String(r.status) !== c.expected.status) return;
  learnIds({ status: c.expected.status, value: c.expected.value }, r.json, env.ids, canonicalIds(env.spec));
}

async function finish(env: RunEnv | undefined): Promise<void> {
  if (!env) return closeIdleConnections();
  // The webhook receiver (and whatever else a probe opened) never outlives the run, interrupted or not.
  await env.closeAll();
  if (env.settings.profile === 'full' && env.setUp) {
    // Cleanup must run even after an interrupt: give it its own short deadline.
    env.signal = AbortSignal.timeout(30_000);
    setMaxListeners(0, env.signal);
    try {
      const { ended, swept, restored } = await env.cleanup.run();
      const revoked = await env.keys.revokeAll();
      env.note(`cleanup: ended ${ended} created resources, swept ${swept}, restored ${restored} settings, revoked ${revoked} minted keys`);
    } catch (err) {
      env.note(`cleanup failed: ${(err as Error).message}`);
    }
  }
  closeIdleConnections();
}

function summarize(outcomes: CaseOutcome[], env: RunEnv | undefined): Summary {
  const rows = outcomes.flatMap((o) => o.results);
  const ran: Summary['ran'] = { example: 0, probe: 0, stateful: 0, generated: 0 };
  for (const o of outcomes) if (o.results.some((r) => r.status !== 'skipped')) ran[o.case.kind]++;
  return {
    ran,
    passed: rows.filter((r) => r.status === 'passed').length,
    failed: rows.filter((r) => r.status === 'failed').length,
    skipped: rows.filter((r) => r.status === 'skipped').length,
    cases: outcomes.length,
    requests: env?.requests ?? 0,
  };
}
