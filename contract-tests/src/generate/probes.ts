// The generated-input probes, merged into probes/index.ts: negative-data sends inputs broken at one
// field, positive-data schema-valid ones, --generate runs each, on fixtures of the case's own; each
// run is a fast-check property whose failures are shrunk within a request budget.
import type fc from 'fast-check';
import { responseExamples } from '../../../openapi/tools/example-pairs.js';
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { checkContext } from '../check-context.js';
import { presentedBy } from '../keys.js';
import { memo } from '../memo.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe, type Probe } from '../probes/define.js';
import { worker } from '../probes/support.js';
import type { Observation, ProbeResult } from '../probes/types.js';
import type { RunEnv } from '../run-env.js';
import type { CheckContext, Exchange, Expectation, PlannedCase } from '../types.js';
import { endCreated } from './ending.js';
import { asEvidence, type GeneratedEvidence, shown } from './evidence.js';
import { fieldName } from './fields.js';
import { type Fixture, fixtureFor, NO_FIXTURE } from './fixtures.js';
import { type BrokenInput, breakagesOf, brokenInput, flavourOf, inputSites, validInput } from './inputs.js';
import { negativeDataRejected } from './negative-data-rejected.js';
import { notAServerError } from './not-a-server-error.js';
import type { GeneratedParams } from './params.js';
import { generatedCases, surfaceForValid } from './plan.js';
import type { GenerateOptions } from './positive.js';
import { positiveDataAccepted } from './positive-data-accepted.js';
import { type Attempt, runProperty, type ShrinkBudget } from './property.js';
import { type GeneratedInput, type Surface, surfaceOf } from './surface.js';

/** One input of a run: valid (no `broken`) or broken at one field. */
type Drawn = Pick<BrokenInput, 'input'> & Partial<Pick<BrokenInput, 'location' | 'rule'>>;

interface Sent extends Attempt<Drawn> {
  evidence: GeneratedEvidence;
  expected: Expectation;
  sent: CheckContext['sent'];
}

interface Run {
  variant: string;
  arb: fc.Arbitrary<Drawn>;
}

const generated = async (env: RunEnv, c: PlannedCase<GeneratedParams>): Promise<ProbeResult> => {
  const p = c.params;
  if (!p) return { skip: 'the plan gave this case no generation parameters' };
  const so = env.op(c.operationId);
  const fixture = p.fixture ? await fixtureFor(env, p.fixture) : NO_FIXTURE;
  if ('skip' in fixture) return fixture;
  try {
    const runs = runsOf(env, so, p, fixture);
    if (!runs.length) return { skip: 'no input of this operation can be generated' };
    const budget: ShrinkBudget = { left: p.shrinkBudget };
    const out: Observation[] = [];
    for (let i = 0; i < p.runs && !env.signal.aborted; i++) {
      const run = runs[i % runs.length];
      const base = {
        kind: p.kind,
        run: i + 1,
        variant: run.variant,
        seed: p.seed,
        fcSeed: (p.caseSeed + i) | 0,
        replay: `--seed ${p.seed} --generate ${p.generate} --only '^${c.id}$'`,
      };
      let result: Awaited<ReturnType<typeof runProperty<Drawn, Sent>>>;
      try {
        result = await runProperty(run.arb, base.fcSeed, (drawn) => send(env, c, so, drawn, base), budget);
      } catch (err) {
        // The schema admits no value the generators can find (a bounded filter gave up): the runner's limit, not the server's fault.
        out.push({ label: `run ${i + 1}: ${run.variant}`, skip: `could not generate an input: ${(err as Error).message}` });
        continue;
      }
      if (!result) break;
      const { first, final } = result;
      const evidence: GeneratedEvidence =
        final === first
          ? final.evidence
          : { ...final.evidence, shrunk: { requests: result.shrinkRequests, from: first.evidence.input, exhausted: result.exhausted } };
      out.push({
        label: `run ${i + 1}: ${run.variant}${final === first ? '' : ' (shrunk)'}`,
        exchange: final.exchange,
        expected: final.expected,
        sent: final.sent,
        evidence: asEvidence(evidence),
      });
    }
    return out.length ? out : { skip: 'the run was interrupted' };
  } finally {
    await fixture.end();
  }
};

/** What each run draws from: a kind of breakage (negative) or a corner of the valid inputs (positive). */
function runsOf(env: RunEnv, so: SpecOperation, p: GeneratedParams, fixture: Fixture): Run[] {
  const surface = surfaceOf(so);
  const options = (text: GenerateOptions['text'], optional: GenerateOptions['optional']): GenerateOptions => ({
    spec: env.spec,
    validator: env.validator,
    text,
    optional,
    ids: idPool(env),
  });
  if (p.kind === 'negative') {
    const o = options('any', 'random');
    // Without a fixture only the path can be broken (a real path would be needed for the rest).
    const sites = inputSites(o, surface).filter((s) => p.fixture || s.in === 'path' || !surface.path.length);
    // Built for the runs that use them only: building covers the whole schema.
    return breakagesOf(sites)
      .slice(0, p.runs)
      .map((b) => ({ variant: b.label, arb: brokenInput(surface, fixture.path, b.sites, o) }));
  }
  const valid: Surface = surfaceForValid(surface);
  return Array.from({ length: p.runs }, (_, i) => {
    const f = flavourOf(i);
    return { variant: f.label, arb: validInput(valid, fixture.path, options(f.text, f.optional)).map((input): Drawn => ({ input })) };
  });
}

const pools = new WeakMap<RunEnv, { size: number; pool: (pattern: string) => readonly string[] }>();

/**
 * Ids the run knows, by the pattern they fit: valid inputs also name live resources, not only
 * random ones. One pool per run (while the ids it knows stay the same), so arbitraries built on it
 * are shared by every case.
 */
function idPool(env: RunEnv): (pattern: string) => readonly string[] {
  const known = pools.get(env);
  if (known && known.size === env.ids.size) return known.pool;
  // Sorted by canonical id, so the same seed picks the same resource in every run.
  const live = [...env.ids].sort(([a], [b]) => a.localeCompare(b)).map(([, real]) => real);
  const cache = new Map<string, string[]>();
  const pool = (pattern: string) => memo(cache, pattern, () => [...new Set(live.filter((id) => new RegExp(pattern, 'u').test(id)))]);
  pools.set(env, { size: env.ids.size, pool });
  return pool;
}

async function send(
  env: RunEnv,
  c: PlannedCase,
  so: SpecOperation,
  drawn: Drawn,
  base: Omit<GeneratedEvidence, 'input' | 'broken'>,
): Promise<Sent | undefined> {
  if (env.signal.aborted) return undefined;
  const input: GeneratedInput = drawn.input;
  const exchange = await env.exchange(so, input, presentedBy(await worker(env, so)));
  const evidence: GeneratedEvidence = {
    ...base,
    input: shown(input),
    ...(drawn.location && drawn.rule ? { broken: { location: drawn.location, field: fieldName(drawn.location), rule: drawn.rule } } : {}),
  };
  const sent: CheckContext['sent'] = {
    path: input.path,
    query: input.query,
    header: input.header,
    ...(input.body !== undefined ? { body: input.body } : {}),
  };
  const expected = expectationFor(so, c, exchange);
  const ctx = checkContext(env, c, { sent, evidence: asEvidence(evidence), expected });
  const failed = env
    .check(c.checks, ctx, exchange)
    .filter((r) => r.status === 'failed')
    .map((r) => r.check);
  // What a valid input created is ended at once: it holds no limit (active calls) while the case runs.
  await endCreated(env, so, exchange);
  return { input: drawn, exchange, failed, evidence, expected, sent };
}

/**
 * The documented example of the status received, when the case is a refusal the operation
 * documents (422 VALIDATION_ERROR, 404 NOT_FOUND): its code is then checked. Anything else has
 * no example to compare with.
 */
function expectationFor(so: SpecOperation, c: PlannedCase, exchange: Exchange): Expectation {
  const status = String(exchange.response?.status ?? c.expected.status);
  if (c.probe !== 'negative-data') return { status, example: 'generated' };
  if (c.expected.status === status) return c.expected;
  const documented = /^4/.test(status) ? responseExamples(so.op).find((e) => e.status === status && !e.probe) : undefined;
  return documented
    ? { status, example: documented.name, mediaType: documented.mediaType, value: documented.value }
    : { status, example: 'generated' };
}

const counts = { workerRequests: 1, perSourceIp: true } as const;

/** Inputs broken at one field each: refused with the documented 400/422 problem naming the field. */
export const negativeData = defineProbe<GeneratedParams>({
  id: 'negative-data',
  title: 'Generated invalid inputs',
  kind: 'generated',
  phase: PHASE.generated,
  verdicts: [negativeDataRejected, notAServerError],
  keys: ['worker'],
  counts,
  plan: (ctx) => ctx.derive(generatedCases).filter((c) => c.probe === 'negative-data'),
  run: generated,
});

/** Schema-valid inputs nobody documented: accepted (2xx) or refused for a documented business reason. */
export const positiveData = defineProbe<GeneratedParams>({
  id: 'positive-data',
  title: 'Generated valid inputs',
  kind: 'generated',
  phase: PHASE.generated,
  verdicts: [positiveDataAccepted, notAServerError],
  keys: ['worker'],
  counts,
  plan: (ctx) => ctx.derive(generatedCases).filter((c) => c.probe === 'positive-data'),
  run: generated,
});

export const GENERATE_PROBES: readonly Probe[] = [negativeData, positiveData];
