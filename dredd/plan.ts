// What Dredd replays: one transaction per documented example pair (ARCHITECTURE.md §6), as the
// contract model pairs them, and a stated reason for every documented response it cannot
// reproduce. Pure: spec in, plan out; the hooks (hooks.cjs) only apply it, with the shared
// canonical-id rules of openapi/tools/example-replay.ts.
import { contractModel, type OperationContract } from '../openapi/tools/contract-model.js';
import { type ExamplePair, type ExampleRequest, responseExamples } from '../openapi/tools/example-pairs.js';
import { canonicalIds, idPrefix, requestTarget } from '../openapi/tools/example-replay.js';
import type { Spec } from '../openapi/tools/spec.js';

/** Why a probe-only response is out of Dredd's reach: each needs more than one plain request. */
export const PROBE_REASONS: Record<string, string> = {
  'malformed-json': 'needs a body that is not JSON',
  'payload-too-large': 'needs a body above the size limit',
  'unsupported-media-type': 'needs a body that is not application/json',
  'missing-key': 'needs a request without credentials',
  'invalid-key': 'needs an unknown, revoked or expired key',
  'key-in-query': 'needs the key in the query string',
  'insufficient-scope': 'needs a second key without the scope, minted first',
  'ip-not-allowed': 'needs an allowlist that excludes the caller, set first',
  'rate-limited': 'needs the rate-limit window exhausted first',
  'concurrency-limit': 'needs 5 active calls first',
  'idempotency-in-progress': 'needs two concurrent requests with one Idempotency-Key',
  'idempotency-key-reused': 'needs an earlier request with the same Idempotency-Key',
  unreproducible: 'no input provokes a 500 or a 503',
};

export const CONFLICT_REASON =
  'state-dependent: a 409 CONFLICT needs the resource in a conflicting state that earlier requests must set up; Dredd replays each transaction once, with no setup (the contract runner covers it)';

export interface ReplayRequest {
  method: string;
  /** The path template, e.g. /v1/calls/{call_id}. */
  path: string;
  /** Path with the example's path parameters filled in, plus its query string (canonical ids). */
  uri: string;
  /** The request example, canonical ids and all: the hooks substitute the ids they learnt, then send it. */
  example: Pick<ExampleRequest, 'path' | 'query' | 'header' | 'body'>;
  mediaType?: string;
}

export interface PlanEntry {
  /** `<document title> <METHOD> <path template> <status>`: how the hooks find a Dredd transaction. */
  key: string;
  operationId: string;
  status: string;
  /** The example pair replayed, or absent when the transaction is skipped. */
  example?: string;
  skip?: string;
  request?: ReplayRequest;
  expected?: { mediaType: string; headers: string[]; body: unknown };
}

export interface DreddPlan {
  /** Titles of the derived documents: document k carries the k-th pair of each (operation, status). */
  documents: string[];
  /** The spec's canonical ids, and those a 201 creates (learnt only from that answer): example-replay.ts's CanonicalIds. */
  canonicalIds: { all: string[]; created: string[] };
  /** In the order the hooks run them: operations in operationOrder(), pairs in example order. */
  entries: PlanEntry[];
}

export const documentTitle = (k: number) => (k === 0 ? 'Parley API' : `Parley API (example ${k + 1} of a status)`);
export const entryKey = (doc: string, method: string, path: string, status: string) => `${doc} ${method.toUpperCase()} ${path} ${status}`;

/** Pairs grouped by status, each group in the order the response examples are documented. */
export function pairsByStatus(o: OperationContract): Map<string, ExamplePair[]> {
  const order = responseExamples(o.source.op).map((e) => `${e.status} ${e.name}`);
  const pairs = [...o.pairs].sort(
    (a, b) => order.indexOf(`${a.response.status} ${a.name}`) - order.indexOf(`${b.response.status} ${b.name}`),
  );
  const out = new Map<string, ExamplePair[]>();
  for (const p of pairs) out.set(p.response.status, [...(out.get(p.response.status) ?? []), p]);
  return out;
}

function skipReason(o: OperationContract, status: string): string {
  const probes = o.probes.filter((p) => p.status === status);
  if (probes.length === 0) return 'no example documents this response';
  const what = [...new Set(probes.map((p) => `${p.probe} (${PROBE_REASONS[String(p.probe)] ?? 'a runner probe'})`))];
  return `probe only: ${what.join('; ')}; no example pair reproduces it and Dredd replays one plain request per transaction`;
}

const ID = /\b([a-z]+)_[A-Za-z0-9]{16,32}\b/g;
const idPrefixes = (value: unknown) =>
  new Set([...JSON.stringify(value ?? null).matchAll(ID)].filter((m) => !/^[a-z]+_0+$/.test(m[0])).map((m) => m[1]));

/** Id prefixes of the resources the API creates: the kinds of the canonical ids a 201 creates. */
const createdPrefixes = (spec: Spec) => new Set([...canonicalIds(spec).created].map((id) => idPrefix(id) as string));

/** Operations that end a resource's life or activity (the contract runner's convention too). */
const ENDING_VERB = /^(delete|remove|revoke|hangup|hangUp|pause|cancel|stop|end|close|terminate|disable|archive|release)/;
export const isEnding = (o: Pick<OperationContract, 'method' | 'operationId'>) => o.method === 'delete' || ENDING_VERB.test(o.operationId);

/**
 * The order Dredd replays operations in, so that every canonical id exists before a request uses
 * it: document order, except that an operation comes after the operations that provide the ids its
 * examples send (201 creations; for kinds the API never creates, such as the seeded number, the
 * reads that need no created resource), and ending operations (DELETEs, revoke, hang up, pause)
 * come last, in reverse document order (campaigns before the agents they use, API keys last).
 */
export function operationOrder(spec: Spec): OperationContract[] {
  const ops = contractModel(spec).operations;
  const created = createdPrefixes(spec);
  const needs = new Map<OperationContract, Set<string>>();
  const provides = new Map<OperationContract, Set<string>>();
  for (const o of ops) {
    const pairs = [...pairsByStatus(o).values()].flat();
    needs.set(o, new Set(pairs.flatMap((p) => [...idPrefixes(p.request)])));
    const out = new Set<string>();
    const needsCreated = [...needs.get(o)!].some((prefix) => created.has(prefix));
    for (const p of pairs.filter((x) => x.response.status.startsWith('2'))) {
      if (o.method === 'post' && p.response.status === '201') {
        const id = (p.response.value as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string' && id.includes('_')) out.add(id.split('_')[0]);
      } else if (o.method === 'get' && !needsCreated)
        for (const prefix of idPrefixes(p.response.value)) if (!created.has(prefix)) out.add(prefix);
    }
    provides.set(o, out);
  }
  const placed: OperationContract[] = [];
  const visiting = new Set<OperationContract>();
  const place = (o: OperationContract) => {
    if (placed.includes(o) || visiting.has(o)) return;
    visiting.add(o);
    for (const prefix of needs.get(o)!)
      for (const provider of ops) if (provider !== o && !isEnding(provider) && provides.get(provider)!.has(prefix)) place(provider);
    visiting.delete(o);
    placed.push(o);
  };
  for (const o of ops) if (!isEnding(o)) place(o);
  return [...placed, ...ops.filter(isEnding).reverse()];
}

export function buildPlan(spec: Spec): DreddPlan {
  const entries: PlanEntry[] = [];
  let depth = 1;
  for (const o of operationOrder(spec)) {
    const { method, path, operationId } = o;
    const op = o.source.op;
    const byStatus = pairsByStatus(o);
    for (const status of Object.keys(op.responses ?? {})) {
      const pairs = byStatus.get(status) ?? [];
      depth = Math.max(depth, pairs.length);
      if (pairs.length === 0) {
        entries.push({ key: entryKey(documentTitle(0), method, path, status), operationId, status, skip: skipReason(o, status) });
        continue;
      }
      pairs.forEach((pair, k) => {
        const key = entryKey(documentTitle(k), method, path, status);
        const code = (pair.response.value as { code?: string } | undefined)?.code;
        if (code === 'CONFLICT') {
          entries.push({ key, operationId, status, example: pair.name, skip: CONFLICT_REASON });
          return;
        }
        const { path: params, query, header, body } = pair.request;
        const response = op.responses?.[status] ?? {};
        const required = Object.entries(response.headers ?? {})
          .filter(([, h]) => (h as { required?: boolean }).required)
          .map(([h]) => h);
        entries.push({
          key,
          operationId,
          status,
          example: pair.name,
          request: {
            method: method.toUpperCase(),
            path,
            uri: requestTarget(path, pair.request),
            example: { path: params, query, header, ...(body === undefined ? {} : { body }) },
            mediaType: body === undefined ? undefined : pair.request.mediaType,
          },
          expected: { mediaType: pair.response.mediaType, headers: required, body: pair.response.value },
        });
      });
    }
  }
  const canonical = canonicalIds(spec);
  return {
    documents: Array.from({ length: depth }, (_, k) => documentTitle(k)),
    canonicalIds: { all: [...canonical.all].sort(), created: [...canonical.created].sort() },
    entries,
  };
}
