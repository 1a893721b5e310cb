// Operations of two versions matched by method and path (an operationId may be renamed), and
// the schema findings of each matched pair, computed once per pair for every rule that asks.
import type { ContractModel, OperationContract, WebhookEvent } from '../contract-model.js';
import { compareSchemas, type SchemaFinding } from './schema-compare.js';
import type { Where } from './types.js';

export interface OperationPair {
  base: OperationContract;
  head: OperationContract;
}

// biome-ignore lint/suspicious/noExplicitAny: the resolved operation's parts are as loosely typed as spec.ts reads them
type Node = Record<string, any>;
const keyOf = (o: { method: string; path: string }) => `${o.method.toUpperCase()} ${o.path}`;
export const label = (o: { method: string; path: string; operationId: string }) => `${o.operationId} (${keyOf(o)})`;

export const operationWhere = (o: OperationContract, extra: { status?: string; key?: string } = {}): Where => ({
  kind: 'operation',
  operationId: o.operationId,
  method: o.method,
  path: o.path,
  ...extra,
});

/** Operations in both versions, in the head's order. */
export function operationPairs(base: ContractModel, head: ContractModel): OperationPair[] {
  const byKey = new Map(base.operations.map((o) => [keyOf(o), o]));
  return head.operations.flatMap((h) => {
    const b = byKey.get(keyOf(h));
    return b ? [{ base: b, head: h }] : [];
  });
}

/** Operations of `a` that `b` does not have. */
export function missingFrom(a: ContractModel, b: ContractModel): OperationContract[] {
  const keys = new Set(b.operations.map(keyOf));
  return a.operations.filter((o) => !keys.has(keyOf(o)));
}

export interface Parameter {
  /** `query.limit`, `header.idempotency-key` (header names lower-case, as HTTP compares them). */
  id: string;
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
}
export function parametersOf(o: OperationContract): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  for (const p of (o.source.op.parameters ?? []) as Node[]) {
    const name = String(p.name);
    const id = `${p.in}.${p.in === 'header' ? name.toLowerCase() : name}`;
    out.set(id, { id, name, in: String(p.in), required: p.required === true || p.in === 'path', schema: p.schema });
  }
  return out;
}

export interface Located<T> {
  finding: T;
  pair: OperationPair;
  status?: string;
  mediaType?: string;
}

const media = (content: unknown): Record<string, Node> => (content && typeof content === 'object' ? (content as Record<string, Node>) : {});

interface PairFindings {
  body: Located<SchemaFinding>[];
  parameters: Located<SchemaFinding>[];
  responses: Located<SchemaFinding>[];
}
const cache = new WeakMap<OperationContract, WeakMap<OperationContract, PairFindings>>();

/** Schema findings of the request body, the parameters and every response kept in both versions. */
export function findingsOf(base: ContractModel, head: ContractModel, pair: OperationPair): PairFindings {
  const inner = cache.get(pair.base) ?? new WeakMap<OperationContract, PairFindings>();
  cache.set(pair.base, inner);
  const hit = inner.get(pair.head);
  if (hit) return hit;
  const compare = (b: unknown, h: unknown, root: string) => compareSchemas(base.spec, b, head.spec, h, root);
  const body: Located<SchemaFinding>[] = [];
  const bb = media(pair.base.source.op.requestBody?.content);
  for (const [type, h] of Object.entries(media(pair.head.source.op.requestBody?.content)))
    if (bb[type]) for (const finding of compare(bb[type].schema, h.schema, 'body')) body.push({ finding, pair, mediaType: type });
  const parameters: Located<SchemaFinding>[] = [];
  const bp = parametersOf(pair.base);
  for (const [id, h] of parametersOf(pair.head)) {
    const b = bp.get(id);
    if (b) for (const finding of compare(b.schema, h.schema, id)) parameters.push({ finding, pair });
  }
  const responses: Located<SchemaFinding>[] = [];
  const br = (pair.base.source.op.responses ?? {}) as Record<string, Node>;
  for (const [status, h] of Object.entries((pair.head.source.op.responses ?? {}) as Record<string, Node>)) {
    const bm = media(br[status]?.content);
    for (const [type, hm] of Object.entries(media(h.content)))
      if (bm[type])
        for (const finding of compare(bm[type].schema, hm.schema, 'body')) responses.push({ finding, pair, status, mediaType: type });
  }
  const found = { body, parameters, responses };
  inner.set(pair.head, found);
  return found;
}

export interface WebhookPair {
  base: WebhookEvent;
  head: WebhookEvent;
}
export const webhookPairs = (base: ContractModel, head: ContractModel): WebhookPair[] =>
  head.webhooks.flatMap((h) => {
    const b = base.webhooks.find((w) => w.name === h.name);
    return b ? [{ base: b, head: h }] : [];
  });
