// Example pairing (openapi/README.md#examples-are-test-cases): a response example named N is reproduced by the request example
// named N. Shared by the lint rule `parley/example-pairing`, the spec tests and the contract runner,
// so that all three read the same convention from one place. Works on a plain operation object
// whose parameters, request body, responses and examples are already resolved (no `$ref` there;
// schemas may still hold refs).

/** Probes of the contract runner that reproduce examples no request example can. */
export const CONTRACT_PROBES = [
  'malformed-json',
  'payload-too-large',
  'unsupported-media-type',
  'missing-key',
  'invalid-key',
  'key-in-query',
  'insufficient-scope',
  'ip-not-allowed',
  'rate-limited',
  'concurrency-limit',
  'idempotency-in-progress',
  'idempotency-key-reused',
  'unreproducible',
] as const;
export type ContractProbe = (typeof CONTRACT_PROBES)[number];

type Json = Record<string, any>;

export interface ResolvedOperation {
  operationId?: string;
  parameters?: Json[];
  requestBody?: Json;
  responses?: Record<string, Json>;
}

export interface ResponseExample {
  status: string;
  mediaType: string;
  name: string;
  value: unknown;
  /** Set when a runner probe, not a request example, reproduces this example. */
  probe?: string;
}

export interface ExampleRequest {
  name: string;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  /** Present when the operation takes a body. */
  body?: unknown;
  mediaType?: string;
}

export interface ExamplePair {
  name: string;
  request: ExampleRequest;
  response: ResponseExample;
  /** True when the response is reproduced by the default request (no input names it). */
  isDefault: boolean;
}

export interface PairingProblem {
  message: string;
  /** JSON pointer inside the operation. */
  pointer: string;
}

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function jsonContent(content: Json | undefined): [string, Json] | undefined {
  if (!content) return undefined;
  const entry = Object.entries(content).find(([type]) => /json/.test(type));
  return entry as [string, Json] | undefined;
}

/** Every named example of every response, in status order. */
export function responseExamples(op: ResolvedOperation): ResponseExample[] {
  const out: ResponseExample[] = [];
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    for (const [mediaType, media] of Object.entries(response?.content ?? {}) as [string, Json][]) {
      for (const [name, example] of Object.entries(media?.examples ?? {}) as [string, Json][]) {
        out.push({ status, mediaType, name, value: example?.value, probe: example?.['x-contract-probe'] });
      }
    }
  }
  return out;
}

function bodyExamples(op: ResolvedOperation): Record<string, Json> {
  return jsonContent(op.requestBody?.content)?.[1]?.examples ?? {};
}

/** Names of the request examples: every name used by a parameter's or the body's `examples`. */
export function requestExampleNames(op: ResolvedOperation): Set<string> {
  const names = new Set<string>(Object.keys(bodyExamples(op)));
  for (const p of op.parameters ?? []) for (const n of Object.keys(p.examples ?? {})) names.add(n);
  return names;
}

/**
 * The request example `name`: each input takes its example of that name; a required parameter
 * without one takes `schema.example` (or `schema.default`); an optional one is left out. The
 * default request is `buildRequest(op, undefined)`.
 */
export function buildRequest(op: ResolvedOperation, name: string | undefined): ExampleRequest {
  const req: ExampleRequest = { name: name ?? 'default', path: {}, query: {}, header: {} };
  for (const p of op.parameters ?? []) {
    const named = name !== undefined ? p.examples?.[name] : undefined;
    let value: unknown;
    if (named) value = named.value;
    else if (p.required) value = p.schema?.example ?? p.schema?.default ?? p.example;
    else continue;
    if (p.in === 'path' || p.in === 'query' || p.in === 'header') req[p.in as 'path'][p.name] = value;
  }
  const body = jsonContent(op.requestBody?.content);
  if (body) {
    req.mediaType = body[0];
    const examples = body[1].examples ?? {};
    const chosen = (name !== undefined && examples[name]) || undefined;
    if (chosen) req.body = chosen.value;
  }
  return req;
}

/** Pairs request and response examples by name and reports every break of the convention. */
export function pairExamples(op: ResolvedOperation): {
  pairs: ExamplePair[];
  probes: ResponseExample[];
  problems: PairingProblem[];
} {
  const problems: PairingProblem[] = [];
  const all = responseExamples(op);
  const probes = all.filter((e) => e.probe !== undefined);
  const reproducible = all.filter((e) => e.probe === undefined);
  const requestNames = requestExampleNames(op);
  const bodyNames = new Set(Object.keys(bodyExamples(op)));
  const hasBody = jsonContent(op.requestBody?.content) !== undefined;
  const respPointer = (e: ResponseExample) => `/responses/${e.status}/content/${esc(e.mediaType)}/examples/${esc(e.name)}`;

  for (const e of probes) {
    if (!(CONTRACT_PROBES as readonly string[]).includes(String(e.probe))) {
      problems.push({
        message: `Response example "${e.name}" names an unknown x-contract-probe "${e.probe}" (known: ${CONTRACT_PROBES.join(', ')}).`,
        pointer: respPointer(e),
      });
    }
  }

  const seen = new Map<string, ResponseExample>();
  for (const e of reproducible) {
    const first = seen.get(e.name);
    if (first) {
      problems.push({
        message: `Response example name "${e.name}" is used by both ${first.status} and ${e.status}; one request example cannot reproduce both.`,
        pointer: respPointer(e),
      });
    } else seen.set(e.name, e);
  }

  const unnamed = [...seen.values()].filter((e) => !requestNames.has(e.name));
  const pairs: ExamplePair[] = [];
  for (const e of seen.values()) {
    if (requestNames.has(e.name)) pairs.push({ name: e.name, request: buildRequest(op, e.name), response: e, isDefault: false });
  }
  if (unnamed.length === 1 && !(hasBody && op.requestBody?.required)) {
    const e = unnamed[0];
    pairs.push({ name: e.name, request: { ...buildRequest(op, undefined), name: e.name }, response: e, isDefault: true });
  } else {
    for (const e of unnamed) {
      problems.push({
        message: `Response example "${e.name}" (${e.status}) has no request example of the same name to reproduce it.`,
        pointer: respPointer(e),
      });
    }
  }

  for (const n of requestNames) {
    if (!seen.has(n)) {
      problems.push({
        message: `Request example "${n}" has no response example of the same name.`,
        pointer: bodyNames.has(n) ? `/requestBody/content/application~1json/examples/${esc(n)}` : '/parameters',
      });
    }
    if (hasBody && op.requestBody?.required && !bodyNames.has(n)) {
      problems.push({
        message: `Request example "${n}" has no body example, but the operation requires a body.`,
        pointer: '/requestBody',
      });
    }
  }
  pairs.sort((a, b) => a.response.status.localeCompare(b.response.status) || a.name.localeCompare(b.name));
  return { pairs, probes, problems };
}
