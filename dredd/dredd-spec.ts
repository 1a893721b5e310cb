// The documents Dredd reads, derived from the bundled JSON at run time. Dredd 14's OpenAPI 3
// parser builds one transaction per (operation, status) from the FIRST example only, and aborts
// on a required path parameter without a parameter-level `example` (it ignores `schema.example`
// and `examples`). So document k keeps, per status, only the k-th example pair's response, and
// every required parameter gets `example` from its schema. Nothing else changes; the hooks set
// the real request of each pair anyway.
import { contractModel } from '../openapi/tools/contract-model.js';
import { METHODS, resolveRef, type Spec } from '../openapi/tools/spec.js';
import { documentTitle, pairsByStatus } from './plan.js';

const clone = <T>(v: T): T => structuredClone(v);

function withParameterExample(spec: Spec, param: any): any {
  const p = resolveRef(spec, param);
  if (p.example !== undefined || !p.required) return p;
  const value = p.schema?.example ?? p.schema?.default;
  return value === undefined ? p : { ...p, example: value };
}

/** Document `k` (0-based): the bundled spec with each status reduced to its k-th pair. */
export function dreddDocument(spec: Spec, k: number): Spec | undefined {
  const doc = clone(spec);
  doc.info = { ...doc.info, title: documentTitle(k) };
  delete doc.webhooks;
  const ops = new Map(contractModel(spec).operations.map((o) => [`${o.method} ${o.path}`, o]));
  let transactions = 0;
  for (const [path, rawItem] of Object.entries<any>(doc.paths ?? {})) {
    const item = resolveRef(spec, rawItem);
    if (item.parameters) item.parameters = item.parameters.map((p: any) => withParameterExample(spec, p));
    for (const method of METHODS) {
      const raw = item[method];
      if (!raw) continue;
      const resolved = ops.get(`${method} ${path}`)!;
      const byStatus = pairsByStatus(resolved);
      raw.parameters = (raw.parameters ?? []).map((p: any) => withParameterExample(spec, p));
      for (const status of Object.keys(raw.responses ?? {})) {
        const pair = byStatus.get(status)?.[k];
        if (!pair) {
          // Document 0 keeps responses without pairs so that Dredd lists them as skipped.
          if (k > 0) delete raw.responses[status];
          continue;
        }
        const response = clone(resolveRef(spec, raw.responses[status]));
        const media = response.content?.[pair.response.mediaType];
        if (media) media.examples = { [pair.name]: { value: pair.response.value } };
        raw.responses[status] = response;
      }
      if (Object.keys(raw.responses ?? {}).length === 0) delete item[method];
      else transactions += Object.keys(raw.responses).length;
    }
    if (!METHODS.some((m) => item[m])) delete doc.paths[path];
    else doc.paths[path] = item;
  }
  return transactions > 0 ? doc : undefined;
}
