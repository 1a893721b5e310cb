import { resolveRef } from '../../../openapi/tools/spec.js';
import type { FailureInput, Json } from '../types.js';
import { defineResponseCheck, hasResponse, na, res, when } from './define.js';
import { documentedResponse, escapePointer, isObject, jsonMedia } from './support.js';

// A key's secret appears in the answer that creates or rotates it and nowhere else (ARCHITECTURE.md §2).
function allowsSecret(spec: Json, schema: Json | undefined): boolean {
  return Boolean(schema && resolveRef(spec, schema)?.properties?.secret);
}

function secretPaths(value: unknown, pointer: string, out: string[]) {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) secretPaths(v, `${pointer}/${i}`, out);
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'secret') out.push(`${pointer}/${escapePointer(k)}`);
      secretPaths(v, `${pointer}/${escapePointer(k)}`, out);
    }
  }
}

export const secretNeverReturned = defineResponseCheck(
  'secret-never-returned',
  'Key secrets never returned after creation',
  when(hasResponse, (ctx, ex) => {
    const r = res(ex);
    if (allowsSecret(ctx.spec, jsonMedia(documentedResponse(ctx, r.status))?.[1]?.schema))
      return na('this answer documents the secret (create or rotate)');
    const out: FailureInput[] = [];
    const headerText = Object.values(r.headers).join('\n');
    for (const secret of ctx.secrets) {
      if (r.text.includes(secret) || headerText.includes(secret))
        out.push({ message: `the response contains the secret of a key (${secret.slice(0, 12)}…)`, received: `${secret.slice(0, 12)}…` });
    }
    const paths: string[] = [];
    secretPaths(r.json, '', paths);
    for (const p of paths) if (!out.length) out.push({ message: `the response has a secret member at ${p}`, pointer: p });
    return out;
  }),
  // A promise about stored keys: a stateless mock keeps none to hide.
  ['full'],
);
