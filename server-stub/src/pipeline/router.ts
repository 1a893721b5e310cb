// Routing with find-my-way, built from the compiled operations (fixed segments win over templated
// ones: POST /v1/agents/import is never getAgent with agent_id=import). Every spec path answers
// every other method with 405 and an Allow list, so a wrong method is never a misleading 404.
import FindMyWay from 'find-my-way';
import type { CompiledOperation } from './compile.js';

export type Match =
  | {
      kind: 'operation';
      op: CompiledOperation;
      params: Record<string, string | undefined>;
      query: Record<string, string | string[] | undefined>;
    }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'not-found' };

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const NOT_FOUND: Match = { kind: 'not-found' };
const noop = () => undefined;

export function createRouter(operations: readonly CompiledOperation[]): (method: string, url: string) => Match {
  const router = FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: 200 });
  const byPath = new Map<string, CompiledOperation[]>();
  for (const op of operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  for (const [path, ops] of byPath) {
    const route = path.replace(/\{([^}]+)\}/g, ':$1');
    const allow = ops.map((o) => o.method).join(', ');
    for (const method of METHODS) {
      const op = ops.find((o) => o.method === method);
      router.on(method, route, noop, op ? { op } : { allow });
    }
  }
  router.compile();

  return (method, url) => {
    const found = router.find(method as FindMyWay.HTTPMethod, url);
    if (!found) return NOT_FOUND;
    const store = found.store as { op?: CompiledOperation; allow?: string };
    if (store.op) return { kind: 'operation', op: store.op, params: found.params, query: found.searchParams };
    return { kind: 'method-not-allowed', allow: store.allow! };
  };
}
