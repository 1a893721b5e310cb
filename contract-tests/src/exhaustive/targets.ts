// Which operations each exhaustive property covers, read from the spec alone: every operation for
// the scope matrix, every collection read (lists and aggregates) for tenant isolation, every
// concurrency-limited operation for the exact burst. Pure: the plan and the unit tests share it.
import { type ExamplePair, pairExamples, type ResponseExample } from '../../../openapi/tools/example-pairs.js';
import { resolveRef, type Spec, type SpecOperation } from '../../../openapi/tools/spec.js';
import { contractOf, describePolicy, perSourceIp } from '../contract.js';
import { safeRequest } from '../plan/safe-request.js';
import type { Json } from '../types.js';

export interface MatrixTarget {
  so: SpecOperation;
  scope?: string;
  /** The request whose success changes nothing (plan/safe-request.ts). */
  pair: ExamplePair;
  /** The documented refusal of a key without the scope (x-contract-probe: insufficient-scope). */
  refused?: ResponseExample;
  /** Why this operation's row of the matrix cannot run. */
  skip?: string;
}

/** One row per operation: the scope it needs, the safe request, the documented refusal. */
export function scopeMatrixTargets(spec: Spec, ops: SpecOperation[], known: ReadonlySet<string>): MatrixTarget[] {
  const out: MatrixTarget[] = [];
  for (const so of ops) {
    const contract = contractOf(spec, so);
    const safe = safeRequest(so.method, contract.pairs, known);
    if (!safe) continue;
    const { scope } = contract;
    const refused = contract.probes.find((e) => e.probe === 'insufficient-scope');
    const ipPolicy = perSourceIp(contract);
    const ipLimit = ipPolicy && describePolicy(ipPolicy);
    const skip = !scope
      ? `${so.operationId} requires no scope`
      : safe.sideEffects
        ? `${so.operationId} has no request whose success changes nothing`
        : ipLimit
          ? `sampled out: ${so.operationId} is limited per source IP (${ipLimit}), a budget its examples use up`
          : undefined;
    out.push({ so, scope, pair: safe.pair, refused, ...(skip ? { skip } : {}) });
  }
  return out;
}

/** An operation's documented success: the default one, else the first. */
export function successPair(so: SpecOperation): ExamplePair | undefined {
  const ok = pairExamples(so.op).pairs.filter((p) => /^2/.test(p.response.status));
  return ok.find((p) => p.isDefault) ?? ok[0];
}

/** The JSON schema of an operation's first 2xx answer, refs resolved one level. */
export function successSchema(spec: Spec, so: SpecOperation): Json | undefined {
  const [, response] = Object.entries<Json>(so.op.responses ?? {}).find(([s]) => /^2/.test(s)) ?? [];
  const media = Object.entries<Json>(response?.content ?? {}).find(([t]) => /json/.test(t))?.[1];
  return media?.schema ? resolveRef(spec, media.schema) : undefined;
}

/** A list answers `{ data: [...] }` (openapi/README "Lists"). */
export function isList(spec: Spec, so: SpecOperation): boolean {
  const data = successSchema(spec, so)?.properties?.data;
  return Boolean(data && resolveRef(spec, data)?.type === 'array');
}

const requiredPathOrQuery = (so: SpecOperation) =>
  (so.op.parameters ?? []).some((p: Json) => p.required && (p.in === 'path' || p.in === 'query'));

/**
 * Collection reads another account could leak through: GETs naming no resource (no path id),
 * split into lists (items with ids) and aggregates (one answer summing the account's state).
 */
export function collectionReads(spec: Spec, ops: SpecOperation[]): { lists: SpecOperation[]; aggregates: SpecOperation[] } {
  const reads = ops.filter((so) => so.method === 'get' && !so.path.includes('{') && !requiredPathOrQuery(so) && successSchema(spec, so));
  return { lists: reads.filter((so) => isList(spec, so)), aggregates: reads.filter((so) => !isList(spec, so)) };
}

export interface ConcurrencyTarget {
  so: SpecOperation;
  name: string;
  limit: number;
  /** The documented refusal (x-contract-probe: concurrency-limit). */
  refused: ResponseExample;
  /** The success that takes one unit of the limit. */
  pair: ExamplePair;
  /** The list of what it creates (same path, GET): the account's state before the run. */
  list?: SpecOperation;
}

/** Operations under a concurrency limit the model sizes, with the success that counts. */
export function concurrencyTargets(spec: Spec, ops: SpecOperation[]): ConcurrencyTarget[] {
  const out: ConcurrencyTarget[] = [];
  for (const so of ops) {
    const contract = contractOf(spec, so);
    const counted = contract.concurrency[0];
    const refused = contract.probes.find((e) => e.probe === 'concurrency-limit');
    // The plain success (the one creating something that stays active), as probes/facts.ts picks it.
    const success = contract.pairs.filter((p) => /^2/.test(p.response.status));
    const pair = success.find((p) => p.request.body !== undefined && !/^busy|fail/.test(p.name)) ?? success[0];
    if (!counted || !Number.isInteger(counted.limit) || counted.limit < 1 || !refused || !pair) continue;
    const list = ops.find((o) => o.method === 'get' && o.path === so.path && isList(spec, o));
    out.push({ so, name: counted.name, limit: counted.limit, refused, pair, ...(list ? { list } : {}) });
  }
  return out;
}
