// Reading the bundled spec: resolve internal refs and list operations with their parameters,
// bodies, responses and examples resolved, in the shape tools/example-pairs.ts expects.
import { readFileSync } from 'node:fs';
import type { ResolvedOperation } from './example-pairs.js';
import { bundledJson } from './paths.js';

export type Spec = Record<string, any>;
export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface SpecOperation {
  method: string;
  path: string;
  operationId: string;
  /** The operation with parameters, body, responses and examples resolved (schemas keep refs). */
  op: ResolvedOperation & Record<string, any>;
  webhook?: string;
}

export function loadSpec(file: string = bundledJson): Spec {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the bundled spec ${file}: ${(err as Error).message} (run npm run generate)`);
  }
}

/** Follows internal `$ref`s (`#/a/b`) until a non-ref node. */
export function resolveRef<T = any>(spec: Spec, node: any): T {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 32 || !current.$ref.startsWith('#/')) throw new Error(`cannot resolve $ref ${current.$ref}`);
    current = current.$ref
      .slice(2)
      .split('/')
      .map((s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((acc: any, key: string) => acc?.[key], spec);
  }
  return current as T;
}

function resolveMedia(spec: Spec, content: Record<string, any> | undefined) {
  if (!content) return undefined;
  return Object.fromEntries(
    Object.entries(content).map(([type, media]) => [
      type,
      {
        ...media,
        examples: media.examples ? Object.fromEntries(Object.entries(media.examples).map(([n, e]) => [n, resolveRef(spec, e)])) : undefined,
      },
    ]),
  );
}

export function resolveOperation(spec: Spec, raw: Record<string, any>, pathParams: any[] = []): SpecOperation['op'] {
  const params = [...pathParams, ...(raw.parameters ?? [])].map((p) => {
    const r = resolveRef(spec, p);
    return {
      ...r,
      examples: r.examples ? Object.fromEntries(Object.entries(r.examples).map(([n, e]) => [n, resolveRef(spec, e)])) : undefined,
    };
  });
  const body = raw.requestBody ? resolveRef(spec, raw.requestBody) : undefined;
  const responses = Object.fromEntries(
    Object.entries(raw.responses ?? {}).map(([status, r]) => {
      const resolved = resolveRef(spec, r);
      const headers = Object.fromEntries(Object.entries(resolved.headers ?? {}).map(([h, v]) => [h, resolveRef(spec, v)]));
      return [status, { ...resolved, headers, content: resolveMedia(spec, resolved.content) }];
    }),
  );
  return {
    ...raw,
    parameters: params,
    requestBody: body ? { ...body, content: resolveMedia(spec, body.content) } : undefined,
    responses,
  };
}

/** Every operation of `paths` (and, with `webhooks: true`, of `webhooks`), in document order. */
export function listOperations(spec: Spec, options: { webhooks?: boolean } = {}): SpecOperation[] {
  const out: SpecOperation[] = [];
  const add = (items: Record<string, any>, webhook: boolean) => {
    for (const [path, item] of Object.entries(items ?? {})) {
      const pathItem = resolveRef(spec, item);
      for (const method of METHODS) {
        const raw = pathItem[method];
        if (!raw) continue;
        out.push({
          method,
          path,
          operationId: raw.operationId,
          op: resolveOperation(spec, raw, pathItem.parameters),
          ...(webhook ? { webhook: path } : {}),
        });
      }
    }
  };
  add(spec.paths, false);
  if (options.webhooks) add(spec.webhooks, true);
  return out;
}
