// Everything the pages need from the spec, computed once per build from the contract model:
// operations with their tag, scope, example pairs and links into the reference and the examples
// pages; the model itself for the registries (scopes, limits, test values).
import { type ContractModel, contractModel, type OperationContract } from '../../openapi/tools/contract-model.js';
import type { ExamplePair } from '../../openapi/tools/example-pairs.js';
import { resolveRef, type Spec, type SpecOperation } from '../../openapi/tools/spec.js';
import { slug } from './html.js';

export interface OperationInfo extends SpecOperation {
  tag: string;
  summary: string;
  scope: string | undefined;
  /** Example pairs in the order the responses document them. */
  pairs: ExamplePair[];
  /** The pair shown first: the first documented 2xx example. */
  primary: ExamplePair | undefined;
  /** What the contract model derives for it (policies, limits, idempotency …). */
  contract: OperationContract;
}

export interface SiteContext {
  spec: Spec;
  model: ContractModel;
  operations: OperationInfo[];
  tags: { name: string; description: string; slug: string }[];
  /** Base URL used in samples: the first server that is not a loopback address. */
  baseUrl: string;
  byId(operationId: string): OperationInfo;
  /** Link from a page at `root` to the operation in the Redoc reference. */
  refLink(root: string, operationId: string): string;
  examplesLink(root: string, operationId: string): string;
}

function orderedPairs(contract: OperationContract): ExamplePair[] {
  const op = contract.source.op;
  const order: string[] = [];
  for (const [status, response] of Object.entries(op.responses ?? {}))
    for (const media of Object.values<any>(response?.content ?? {}))
      for (const name of Object.keys(media?.examples ?? {})) order.push(`${status} ${name}`);
  const key = (p: ExamplePair) => order.indexOf(`${p.response.status} ${p.name}`);
  return [...contract.pairs].sort((a, b) => Number(a.response.status) - Number(b.response.status) || key(a) - key(b));
}

export function buildContext(spec: Spec): SiteContext {
  const model = contractModel(spec);
  const operations: OperationInfo[] = model.operations.map((contract) => {
    const pairs = orderedPairs(contract);
    return {
      ...contract.source,
      tag: contract.tag || 'Other',
      summary: contract.summary || contract.operationId,
      scope: contract.scope,
      pairs,
      primary: pairs.find((p) => p.response.status.startsWith('2')) ?? pairs[0],
      contract,
    };
  });
  const tags = (spec.tags ?? []).map((t: { name: string; description?: string }) => ({
    name: t.name,
    description: t.description ?? '',
    slug: slug(t.name),
  }));
  const servers: { url: string }[] = spec.servers ?? [];
  const baseUrl = (
    servers.find((s) => !/127\.0\.0\.1|localhost/.test(s.url)) ??
    servers[0] ?? { url: 'https://api.example.com' }
  ).url.replace(/\/$/, '');
  const ids = new Map(operations.map((o) => [o.operationId, o]));
  const byId = (id: string) => {
    const op = ids.get(id);
    if (!op) throw new Error(`the docs name operation ${id}, which the spec does not have`);
    return op;
  };
  return {
    spec,
    model,
    operations,
    tags,
    baseUrl,
    byId,
    refLink: (root, id) => `${root}reference/#/${slug(byId(id).tag)}/${id.toLowerCase()}`,
    examplesLink: (root, id) => `${root}examples/${slug(byId(id).tag)}.html#${id}`,
  };
}

/** A shared component (`#/components/<kind>/<name>`), resolved. */
export const component = (spec: Spec, kind: string, name: string): any => resolveRef(spec, { $ref: `#/components/${kind}/${name}` });
