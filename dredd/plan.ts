// What Dredd replays: one transaction per documented example pair (DESIGN §6), found by example
// name with openapi/tools/example-pairs.ts, and a stated reason for every documented response it
// cannot reproduce. Pure: spec in, plan out; the hooks (hooks.cjs) only apply it.
import { pairExamples, responseExamples, type ExamplePair, type ResolvedOperation } from '../openapi/tools/example-pairs.js';
import { listOperations, type Spec, type SpecOperation } from '../openapi/tools/spec.js';

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
  unreproducible: 'no input provokes a 500',
};

export const CONFLICT_REASON =
  'state-dependent: a 409 CONFLICT needs the resource in a conflicting state that earlier requests must set up; Dredd replays each transaction once, with no setup (the contract runner covers it)';

export interface ReplayRequest {
  method: string;
  /** Path with the example's path parameters filled in, plus its query string. */
  uri: string;
  headers: Record<string, string>;
  /** JSON text, or undefined when the example sends no body. */
  body?: string;
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
  /**
   * Id prefixes of resources the API creates (top-level `id` of a 2xx POST example). Their real ids
   * are learned only from the answer that created them, never from a list, where the first item
   * may be another resource (the admin key itself, for `key_`).
   */
  createdPrefixes: string[];
  /** In the order the hooks run them: operations in operationOrder(), pairs in example order. */
  entries: PlanEntry[];
}

export const documentTitle = (k: number) => (k === 0 ? 'Parley API' : `Parley API (example ${k + 1} of a status)`);
export const entryKey = (doc: string, method: string, path: string, status: string) => `${doc} ${method.toUpperCase()} ${path} ${status}`;

function uriOf(path: string, pair: ExamplePair): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(pair.request.path[name])));
  const query = new URLSearchParams(Object.entries(pair.request.query).map(([k, v]) => [k, String(v)] as [string, string])).toString();
  return query ? `${filled}?${query}` : filled;
}

/** Pairs grouped by status, each group in the order the response examples are documented. */
export function pairsByStatus(op: ResolvedOperation): Map<string, ExamplePair[]> {
  const order = responseExamples(op).map((e) => `${e.status} ${e.name}`);
  const pairs = [...pairExamples(op).pairs].sort(
    (a, b) => order.indexOf(`${a.response.status} ${a.name}`) - order.indexOf(`${b.response.status} ${b.name}`),
  );
  const out = new Map<string, ExamplePair[]>();
  for (const p of pairs) out.set(p.response.status, [...(out.get(p.response.status) ?? []), p]);
  return out;
}

function skipReason(op: ResolvedOperation, status: string): string {
  const probes = pairExamples(op).probes.filter((p) => p.status === status);
  if (probes.length === 0) return 'no example documents this response';
  const what = [...new Set(probes.map((p) => `${p.probe} (${PROBE_REASONS[String(p.probe)] ?? 'a runner probe'})`))];
  return `probe only: ${what.join('; ')}; no example pair reproduces it and Dredd replays one plain request per transaction`;
}

const ID = /\b([a-z]+)_[A-Za-z0-9]{16,32}\b/g;
const idPrefixes = (value: unknown) =>
  new Set([...JSON.stringify(value ?? null).matchAll(ID)].filter((m) => !/^[a-z]+_0+$/.test(m[0])).map((m) => m[1]));

/** Id prefixes of the resources the API creates: the top-level `id` of a 201 POST example. */
export function createdPrefixes(spec: Spec): Set<string> {
  const out = new Set<string>();
  for (const { method, op } of listOperations(spec)) {
    if (method !== 'post') continue;
    for (const pairs of pairsByStatus(op).values())
      for (const p of pairs) {
        const id = (p.response.value as { id?: unknown } | undefined)?.id;
        if (p.response.status === '201' && typeof id === 'string' && id.includes('_')) out.add(id.split('_')[0]);
      }
  }
  return out;
}

/** Operations that end a resource's life or activity (the contract runner's convention too). */
const ENDING_VERB = /^(delete|remove|revoke|hangup|hangUp|pause|cancel|stop|end|close|terminate|disable|archive|release)/;
export const isEnding = (o: SpecOperation) => o.method === 'delete' || ENDING_VERB.test(o.operationId);

/**
 * The order Dredd replays operations in, so that every canonical id exists before a request uses
 * it: document order, except that an operation comes after the operations that provide the ids its
 * examples send (201 creations; for kinds the API never creates, such as the seeded number, the
 * reads that need no created resource), and ending operations (DELETEs, revoke, hang up, pause)
 * come last, in reverse document order (campaigns before the agents they use, API keys last).
 */
export function operationOrder(spec: Spec): SpecOperation[] {
  const ops = listOperations(spec);
  const created = createdPrefixes(spec);
  const needs = new Map<SpecOperation, Set<string>>();
  const provides = new Map<SpecOperation, Set<string>>();
  for (const o of ops) {
    const pairs = [...pairsByStatus(o.op).values()].flat();
    needs.set(o, new Set(pairs.flatMap((p) => [...idPrefixes(p.request)])));
    const out = new Set<string>();
    const needsCreated = [...needs.get(o)!].some((prefix) => created.has(prefix));
    for (const p of pairs.filter((x) => x.response.status.startsWith('2'))) {
      if (o.method === 'post' && p.response.status === '201') {
        const id = (p.response.value as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string' && id.includes('_')) out.add(id.split('_')[0]);
      } else if (o.method === 'get' && !needsCreated) for (const prefix of idPrefixes(p.response.value)) if (!created.has(prefix)) out.add(prefix);
    }
    provides.set(o, out);
  }
  const placed: SpecOperation[] = [];
  const visiting = new Set<SpecOperation>();
  const place = (o: SpecOperation) => {
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
  for (const { method, path, operationId, op } of operationOrder(spec)) {
    const byStatus = pairsByStatus(op);
    for (const status of Object.keys(op.responses ?? {})) {
      const pairs = byStatus.get(status) ?? [];
      depth = Math.max(depth, pairs.length);
      if (pairs.length === 0) {
        entries.push({ key: entryKey(documentTitle(0), method, path, status), operationId, status, skip: skipReason(op, status) });
        continue;
      }
      pairs.forEach((pair, k) => {
        const key = entryKey(documentTitle(k), method, path, status);
        const code = (pair.response.value as { code?: string } | undefined)?.code;
        if (code === 'CONFLICT') {
          entries.push({ key, operationId, status, example: pair.name, skip: CONFLICT_REASON });
          return;
        }
        const headers = Object.fromEntries(Object.entries(pair.request.header).map(([h, v]) => [h, String(v)]));
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
            uri: uriOf(path, pair),
            headers,
            body: pair.request.body === undefined ? undefined : JSON.stringify(pair.request.body),
            mediaType: pair.request.body === undefined ? undefined : pair.request.mediaType,
          },
          expected: { mediaType: pair.response.mediaType, headers: required, body: pair.response.value },
        });
      });
    }
  }
  return { documents: Array.from({ length: depth }, (_, k) => documentTitle(k)), createdPrefixes: [...createdPrefixes(spec)].sort(), entries };
}
