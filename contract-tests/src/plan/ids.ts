// Canonical ids (openapi/README "Ids are canonical") as the plan reads them: which documented ids
// exist, which a request uses, which a list example shows. What an id stands for, how answers
// teach the real one and how requests get it substituted is the shared example replay's
// (openapi/tools/example-replay.ts): this module only adapts it to the plan.
import { canonicalIds } from '../../../openapi/tools/example-replay.js';
import type { Spec } from '../../../openapi/tools/spec.js';
import type { Json } from '../types.js';

export { isUnknownId, substitute } from '../../../openapi/tools/example-replay.js';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every canonical id: the `id` of an object in some response example (unknown ids excepted). */
export const knownIds = (spec: Spec): Set<string> => new Set(canonicalIds(spec).all);

/** Canonical ids that occur (as whole strings) anywhere in a value. */
export function idsIn(value: unknown, known: ReadonlySet<string>, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (known.has(value)) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) idsIn(v, known, out);
  } else if (isObject(value)) {
    for (const v of Object.values(value)) idsIn(v, known, out);
  }
  return out;
}

/** Objects with a canonical id inside a list example (`data: [...]`): what a list reveals. */
export function listedObjects(example: unknown, known: ReadonlySet<string>): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) {
      if (typeof v.id === 'string' && known.has(v.id)) out.push(v);
      for (const child of Object.values(v)) if (Array.isArray(child)) visit(child);
    }
  };
  visit(example);
  return out;
}

/**
 * The runner's former list matching (ties and no overlap match nothing), kept only while
 * contract-tests/src/plan/plan.test.ts imports it: the runner learns listed ids through the shared
 * `learnIds` (the item sharing most stable values), see runner.ts `capture`.
 */
export function matchListed(documented: Json, candidates: unknown[]): Json | undefined {
  const scalars = Object.entries(documented).filter(
    ([k, v]) => k !== 'id' && !/_at$/.test(k) && (typeof v === 'string' || typeof v === 'number') && k !== 'object',
  );
  let best: Json | undefined;
  let bestScore = 0;
  let tie = false;
  for (const c of candidates) {
    if (!isObject(c) || typeof c.id !== 'string') continue;
    const score = scalars.filter(([k, v]) => c[k] === v).length;
    if (score > bestScore) [best, bestScore, tie] = [c, score, false];
    else if (score === bestScore && score > 0) tie = true;
  }
  return bestScore > 0 && !tie ? best : undefined;
}
