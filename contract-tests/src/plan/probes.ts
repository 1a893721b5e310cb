// The probe cases: every x-contract-probe example of every operation gets the probe that
// reproduces it (sampled where one operation proves the same thing for all), plus the semantic
// probes ARCHITECTURE.md §8 lists (X-API-Key equivalence, spoofed X-Forwarded-For, escalation, cross-account …).
import { contractModel } from '../../../openapi/tools/contract-model.js';
import { type ExamplePair, type ResponseExample, responseExamples } from '../../../openapi/tools/example-pairs.js';
import { resolveRef, type Spec, type SpecOperation } from '../../../openapi/tools/spec.js';
import { PROBE_RESPONSE_CHECKS } from '../checks/index.js';
import { contractOf, describePolicy, perSourceIp as perSourceIpOf } from '../contract.js';
import type { Json, PlannedCase } from '../types.js';
import type { ExampleCase } from './examples.js';
import { idsIn } from './ids.js';
import { PHASE } from './phases.js';
import { safeRequest } from './safe-request.js';

/** Probes refused before a key is known, so no limit counts them. */
const UNCOUNTED = new Set(['missing-key', 'invalid-key', 'key-in-query', 'rate-limit-exhaustion']);

export interface ProbeOptions {
  otherKey: boolean;
}

const jsonBodyOf = (so: SpecOperation) => Object.keys(so.op.requestBody?.content ?? {}).some((t) => /json/.test(t));

/** Whether the probe can show the same thing on one operation per tag instead of on all. */
function firstOfTag(spec: Spec, ops: SpecOperation[]): Set<string> {
  const seen = new Set<string>();
  const out = new Set<string>();
  for (const so of ops) {
    const tag = contractOf(spec, so).tag || so.path;
    if (!seen.has(tag)) {
      seen.add(tag);
      out.add(so.operationId);
    }
  }
  return out;
}

export function probeCases(
  spec: Spec,
  ops: SpecOperation[],
  known: ReadonlySet<string>,
  examples: ExampleCase[],
  options: ProbeOptions,
): PlannedCase[] {
  const out: PlannedCase[] = [];
  const producer = new Map<string, string>();
  for (const c of examples) for (const id of [...c.produces, ...c.discovers]) producer.set(id, c.id);
  const sampled = firstOfTag(spec, ops);
  const exhaustion = new Map<string, string>(); // policy → exhaustion case id

  // Exhaustion of each limit first: the per-operation 429 probes reuse the exhausted key.
  const policyCount = (so: SpecOperation) => contractOf(spec, so).policies.length;
  for (const [name, policy] of contractModel(spec).policies) {
    const candidates = ops.filter((so) => contractOf(spec, so).policies.some((p) => p.name === name));
    const byRead = candidates.filter((so) => so.method === 'get' && !so.path.includes('{')).sort((a, b) => policyCount(a) - policyCount(b));
    const so = policy.per === 'api-key' ? byRead[0] : candidates[0];
    if (!so) continue;
    const { pairs, probes } = contractOf(spec, so);
    const limited = probes.find((e) => e.probe === 'rate-limited');
    const success =
      pairs.find(
        (p) =>
          /^2/.test(p.response.status) &&
          idsIn([p.request.path, p.request.query, p.request.body], known).size === 0 &&
          !/^(insufficient|spend|upstream)/.test(p.name),
      ) ?? pairs.find((p) => /^2/.test(p.response.status));
    if (!limited || !success) continue;
    const phase = policy.per === 'api-key' ? PHASE.main : policy.per === 'source-ip' ? PHASE.last : PHASE.exclusive;
    const id = `${so.operationId} probe:rate-limit-exhaustion:${name}`;
    exhaustion.set(name, id);
    out.push(
      probe(so, 'rate-limit-exhaustion', name, limited, success, ['rate-limit-exhaustion'], phase, {
        policy: name,
        per: policy.per,
        limit: policy.limit,
        window: policy.windowSeconds,
      }),
    );
    if (name === 'default' || policy.per === 'api-key') {
      if (!out.some((c) => c.probe === 'remaining-decreases'))
        out.push(probe(so, 'remaining-decreases', undefined, success.response, success, ['remaining-decreases'], PHASE.main));
    }
  }

  let isolationPlanned = false;
  ops.forEach((so, index) => {
    const contract = contractOf(spec, so);
    const { pairs } = contract;
    const byProbe = new Map<string, ResponseExample>();
    for (const e of contract.probes) if (e.probe && !byProbe.has(e.probe)) byProbe.set(e.probe, e);
    const safe = safeRequest(so.method, pairs, known);
    if (!safe) return;
    // A budget per source address is shared by the whole run: the documented examples use it up,
    // so this operation only gets the probes its limit never counts (refused before a key is known).
    const perSourceIp = perSourceIpOf(contract);
    const ipBudgetSkip = (probeId: string) =>
      perSourceIp && !UNCOUNTED.has(probeId) && probeId !== 'unreproducible'
        ? `sampled out: ${so.operationId} is limited per source IP (${describePolicy(perSourceIp)}), a budget its examples use up; the probe is shown on every other operation`
        : undefined;
    const add = (
      probeId: string,
      variant: string | undefined,
      expected: ResponseExample | undefined,
      verdicts: string[],
      phase: number = PHASE.main,
      pair: ExamplePair = safe.pair,
      extra: Json = {},
    ) => {
      if (!expected) return;
      const skip = extra.skip ?? ipBudgetSkip(probeId);
      out.push(probe(so, probeId, variant, expected, pair, verdicts, phase, { ...extra, ...(skip ? { skip } : {}) }));
    };
    const body = jsonBodyOf(so);

    // Security (ARCHITECTURE.md §2)
    add('missing-key', undefined, byProbe.get('missing-key'), ['missing-key-refused']);
    add('invalid-key', index % 2 ? 'unknown' : 'malformed', byProbe.get('invalid-key'), ['invalid-key-refused']);
    // A revoked key is refused everywhere (a 401 before any limit counts it: cheap on every operation).
    add('invalid-key', 'revoked', byProbe.get('invalid-key'), ['revoked-key-refused']);
    if (sampled.has(so.operationId)) {
      // Waits for its key to expire: late, so the wait overlaps the rest of the run.
      add('invalid-key', 'expired', byProbe.get('invalid-key'), ['expired-key-refused'], PHASE.exclusive);
      add('ip-not-allowed', 'forwarded-for', byProbe.get('ip-not-allowed'), ['forwarded-for-ignored']);
    }
    add('key-in-query', undefined, byProbe.get('key-in-query'), ['key-in-query-refused']);
    if (body) add('key-in-query', 'body', byProbe.get('key-in-query'), ['key-in-body-refused']);
    add('x-api-key', undefined, safe.pair.response, ['x-api-key-equivalent']);
    const badRequest = responseExamples(so.op).find((e) => e.status === '400');
    if (badRequest) add('conflicting-keys', undefined, badRequest, ['conflicting-keys-refused']);
    add('insufficient-scope', undefined, byProbe.get('insufficient-scope'), ['insufficient-scope-refused']);
    add('ip-not-allowed', undefined, byProbe.get('ip-not-allowed'), ['ip-allowlist-enforced']);

    // Unreadable requests (ARCHITECTURE.md §3)
    add('malformed-json', undefined, byProbe.get('malformed-json'), ['malformed-json-refused']);
    add('payload-too-large', undefined, byProbe.get('payload-too-large'), ['payload-too-large-refused']);
    add('unsupported-media-type', undefined, byProbe.get('unsupported-media-type'), ['unsupported-media-type-refused']);

    // Limits (ARCHITECTURE.md §4)
    const limited = byProbe.get('rate-limited');
    if (limited) {
      const own = out.find((c) => c.operationId === so.operationId && c.probe === 'rate-limit-exhaustion');
      if (own && own.expected.example === limited.name && contract.policies.some((p) => p.per === 'api-key')) {
        // This operation's own exhaustion probe reproduces its example.
      } else {
        add('rate-limited', undefined, limited, ['rate-limited-refused'], PHASE.main, safe.pair, {
          exhaustedBy: exhaustion.get('default'),
        });
      }
    }
    const concurrency = byProbe.get('concurrency-limit');
    const success =
      pairs.find((p) => /^2/.test(p.response.status) && p.request.body !== undefined && !/^busy|fail/.test(p.name)) ??
      pairs.find((p) => /^2/.test(p.response.status));
    if (concurrency && success) {
      const limit = contract.concurrency[0];
      add('concurrency-limit', undefined, concurrency, ['concurrency-limit-enforced'], PHASE.exclusive, success, {
        limit: limit?.limit,
        limitName: limit?.name,
      });
    }

    // Idempotency (ARCHITECTURE.md §5)
    if (contract.idempotent && success) {
      const sampledOut = perSourceIp
        ? `sampled out: ${so.operationId} is also limited per source IP (${describePolicy(perSourceIp)}), a budget the whole run shares; the other idempotent operations prove the contract`
        : undefined;
      const successCase = examples.find((c) => c.operationId === so.operationId && c.example === success.name);
      const chained = successCase?.resource && !successCase.produces.length ? { chainAfter: successCase.id } : {};
      add('idempotent-replay', undefined, success.response, ['idempotent-replay'], PHASE.main, success, { skip: sampledOut, ...chained });
      add(
        'idempotency-key-reused',
        undefined,
        byProbe.get('idempotency-key-reused'),
        ['idempotency-key-reuse-refused'],
        PHASE.main,
        success,
        { skip: sampledOut, ...chained },
      );
      add('idempotency-in-progress', undefined, byProbe.get('idempotency-in-progress'), ['idempotency-in-progress'], PHASE.main, success, {
        skip: sampledOut,
        ...chained,
      });
      const selfContained = idsIn([success.request.path, success.request.body], known).size === 0;
      if (!isolationPlanned && selfContained && !sampledOut) {
        isolationPlanned = true;
        add('idempotency-isolation', undefined, success.response, ['idempotency-account-isolation'], PHASE.main, success, {
          skip: options.otherKey ? undefined : 'needs --other-key (a key of a second account)',
        });
      }
    }

    // Privilege escalation: the operations that answer a secret mint or reveal keys.
    const answersSecret = Object.entries<Json>(so.op.responses ?? {}).some(
      ([s, r]) =>
        /^2/.test(s) && Object.values<Json>(r.content ?? {}).some((m) => m.schema && resolveRef(spec, m.schema)?.properties?.secret),
    );
    if (answersSecret && byProbe.get('insufficient-scope')) {
      const escalation = so.path.includes('{') ? 'rotate' : 'create';
      const pair = escalation === 'create' ? success : pairs.find((p) => /^2/.test(p.response.status));
      if (pair) add('privilege-escalation', escalation, byProbe.get('insufficient-scope'), ['no-privilege-escalation'], PHASE.main, pair);
    }

    // Cross-account (ARCHITECTURE.md §2): every operation on a resource this run created or discovered
    // (reads, updates, deletes, actions), with the other account's key: 404, and nothing done.
    const ours = (p: ExamplePair) => {
      const ids = [...idsIn(p.request.path, known)];
      return ids.length > 0 && ids.every((id) => examples.some((c) => c.produces.includes(id) || c.discovers.includes(id)));
    };
    const created = (p: ExamplePair) => [...idsIn(p.request.path, known)].some((id) => examples.some((c) => c.produces.includes(id)));
    const read =
      pairs.find((p) => so.method === 'get' && /^2/.test(p.response.status) && created(p)) ??
      pairs.find((p) => /^2/.test(p.response.status) && ours(p));
    const notFound = pairs.find((p) => p.response.status === '404');
    if (read && notFound)
      add('cross-account', undefined, notFound.response, ['cross-account-not-found'], PHASE.conflict, read, {
        skip: options.otherKey ? undefined : 'needs --other-key (a key of a second account)',
      });

    const unreproducible = contract.probes.find((e) => e.probe === 'unreproducible');
    if (unreproducible)
      add('unreproducible', undefined, unreproducible, [], PHASE.main, safe.pair, {
        skip: `x-contract-probe: unreproducible (${unreproducible.status} cannot be provoked from outside)`,
      });
  });

  // Every probe waits for whatever creates the ids its request uses.
  for (const c of out) {
    c.uses = [...idsIn([c.request.path, c.request.query, c.request.header, c.request.body], known)];
    for (const id of c.uses) {
      const p = producer.get(id);
      if (p && !c.after.includes(p)) c.after.push(p);
    }
    if (c.params?.exhaustedBy) c.after.push(c.params.exhaustedBy);
    if (c.params?.chainAfter) c.after.push(c.params.chainAfter);
  }
  return out;
}

function probe(
  so: SpecOperation,
  probeId: string,
  variant: string | undefined,
  expected: ResponseExample,
  pair: ExamplePair,
  verdicts: string[],
  phase: number,
  extra: Json = {},
): PlannedCase {
  const { skip, ...rest } = extra;
  return {
    id: `${so.operationId} probe:${probeId}${variant ? `:${variant}` : ''}`,
    kind: 'probe',
    operationId: so.operationId,
    method: so.method,
    path: so.path,
    example: expected.name,
    expected: { status: expected.status, example: expected.name, mediaType: expected.mediaType, value: expected.value, probe: probeId },
    request: pair.request,
    phase,
    after: [],
    uses: [],
    produces: [],
    checks: verdicts.length ? [...PROBE_RESPONSE_CHECKS, ...verdicts] : [],
    probe: probeId,
    variant,
    ...(skip ? { skip } : {}),
    params: rest,
    why: `probe ${probeId}${variant ? ` (${variant})` : ''} with the "${pair.name}" request`,
  };
}
