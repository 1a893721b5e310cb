// The document Specmatic reads, derived from the bundled JSON at run time (like dredd/dredd-spec.ts
// for Dredd). Specmatic 2 pairs request and response examples by name, as the spec does, but when an
// example name appears on some of an operation's parameters and not on a required one, it fills the
// missing one with the literal text `{name}` and aborts the whole suite on the pattern mismatch. So
// every required parameter (path, query, header) gets an example under every example name its
// operation uses, valued from its schema's `example` (as Dredd's document does). Nothing else changes. Pure.
import { METHODS, resolveRef, type Spec } from '../../openapi/tools/spec.js';

const clone = <T>(v: T): T => structuredClone(v);

/** Example names an operation's request uses: on any parameter or any request body media type. */
export function requestExampleNames(spec: Spec, parameters: readonly any[], requestBody: any): string[] {
  const names = new Set<string>();
  for (const raw of parameters) for (const name of Object.keys(resolveRef(spec, raw)?.examples ?? {})) names.add(name);
  const body = requestBody ? resolveRef(spec, requestBody) : undefined;
  for (const media of Object.values<any>(body?.content ?? {})) for (const name of Object.keys(media?.examples ?? {})) names.add(name);
  return [...names].sort();
}

function completeParameter(spec: Spec, raw: any, names: readonly string[]): any {
  const p = resolveRef(spec, raw);
  if (!p?.required || names.length === 0) return raw;
  const examples: Record<string, any> = { ...(p.examples ?? {}) };
  const fallback = p.example ?? p.schema?.example ?? p.schema?.default ?? (Object.values<any>(examples)[0]?.value as unknown);
  if (fallback === undefined) return raw;
  let added = false;
  for (const name of names)
    if (!(name in examples)) {
      examples[name] = { value: fallback };
      added = true;
    }
  return added ? { ...clone(p), examples } : raw;
}

/** The bundled spec with every required parameter holding an example of each of its operation's example names. */
export function specmaticDocument(spec: Spec): Spec {
  const doc = clone(spec);
  for (const [path, rawItem] of Object.entries<any>(doc.paths ?? {})) {
    const item = resolveRef(spec, rawItem);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const all = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      const names = requestExampleNames(spec, all, op.requestBody);
      // Path-level parameters move onto the operation, completed for its names (operation-level wins by name+in).
      const own = new Set((op.parameters ?? []).map((p: any) => `${resolveRef(spec, p).in} ${resolveRef(spec, p).name}`));
      const inherited = (item.parameters ?? []).filter((p: any) => !own.has(`${resolveRef(spec, p).in} ${resolveRef(spec, p).name}`));
      op.parameters = [...inherited, ...(op.parameters ?? [])].map((p: any) => completeParameter(spec, p, names));
    }
    delete item.parameters;
    doc.paths[path] = item;
  }
  return doc;
}
