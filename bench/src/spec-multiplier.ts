// A spec N times ours, for the growth measurement: the same shapes, N times the operations. Copy c
// (2..N) of every path item is the same item under `/v1/copy<c>/…` (`/copy<c>/…` for a path outside
// /v1), with operationIds `<id>Copy<c>` and tags `<tag> (copy <c>)` (declared at the root after the
// originals); components are shared (every $ref still points at the one definition). Copy 1 is the
// spec itself. Pure.
import { METHODS, type Spec } from '../../openapi/tools/spec.js';

export const COPY_SUFFIX = /Copy(\d+)$/;

export function copiedPath(path: string, copy: number): string {
  return path.startsWith('/v1/') ? `/v1/copy${copy}/${path.slice(4)}` : `/copy${copy}${path}`;
}

export const copiedOperationId = (id: string, copy: number) => `${id}Copy${copy}`;
export const copiedTag = (tag: string, copy: number) => `${tag} (copy ${copy})`;

/** The operationId a copy was made from (itself for an original). */
export function originalOperationId(id: string): string {
  return id.replace(COPY_SUFFIX, '');
}

export function operationCount(spec: Spec): number {
  let n = 0;
  for (const item of Object.values<any>(spec.paths ?? {})) for (const m of METHODS) if (item?.[m]) n++;
  return n;
}

export function multiplySpec(spec: Spec, factor: number): Spec {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`the factor must be a positive integer, not ${factor}`);
  const out = structuredClone(spec);
  const paths: Record<string, any> = { ...(spec.paths ?? {}) };
  const tags: any[] = [...(spec.tags ?? [])];
  for (let c = 2; c <= factor; c++) {
    for (const [path, item] of Object.entries<any>(spec.paths ?? {})) {
      const copy = structuredClone(item);
      for (const m of METHODS) {
        const op = copy[m];
        if (!op) continue;
        if (typeof op.operationId === 'string') op.operationId = copiedOperationId(op.operationId, c);
        if (Array.isArray(op.tags)) op.tags = op.tags.map((t: string) => copiedTag(t, c));
      }
      const target = copiedPath(path, c);
      if (target in paths) throw new Error(`${target} is already a path of the spec`);
      paths[target] = copy;
    }
    for (const tag of spec.tags ?? []) tags.push({ ...tag, name: copiedTag(tag.name, c) });
  }
  out.paths = paths;
  if (spec.tags) out.tags = tags;
  return out;
}
