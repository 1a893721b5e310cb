// Nesting a recursive parser, validator, serializer or copier would overflow the stack on:
// 100k unclosed brackets, and valid documents thousands of levels deep, at the root and inside
// fields of real bodies (metadata, import lists), sized to fit each operation's body limit.
import { answer, type Category, jsonRequest } from '../case.js';
import type { Rng } from '../prng.js';
import type { TargetOp } from '../targets.js';

/** `depth` levels of `[` or `{"a":` around `inner`, closed. */
function nest(depth: number, kind: 'array' | 'object' | 'mixed', inner = '1', r?: Rng): string {
  if (kind === 'array') return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
  if (kind === 'object') return `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
  const arrays = Array.from({ length: depth }, (_, i) => (r ? r.chance(0.5) : i % 2 === 0));
  return `${arrays.map((a) => (a ? '[' : '{"a":')).join('')}${inner}${arrays
    .reverse()
    .map((a) => (a ? ']' : '}'))
    .join('')}`;
}

/** Levels that fit the operation's body limit (each level costs 2 bytes as arrays, 6 as objects). */
const maxDepth = (t: TargetOp, perLevel: number) => Math.floor((t.bodyLimit - 200) / perLevel);

export const deepJson: Category = {
  id: 'deep-json',
  title: 'deeply nested JSON: 100k unclosed brackets, valid documents thousands of levels deep',
  shapes: {
    '100k unclosed [': (r, ctx) => {
      const t = r.pick(ctx.targets.large);
      return answer(jsonRequest(ctx, t.method, t.path, r.pick(['[', '{"a":', '[{"a":']).repeat(r.pick([100_000, 150_000]))));
    },
    'deep arrays at the root': (r, ctx) => {
      const t = r.pick(ctx.targets.large);
      return answer(jsonRequest(ctx, t.method, t.path, nest(r.int(10_000, maxDepth(t, 2)), 'array')));
    },
    'deep objects at the root': (r, ctx) => {
      const t = r.pick(ctx.targets.large);
      return answer(jsonRequest(ctx, t.method, t.path, nest(r.int(5_000, maxDepth(t, 6)), 'object')));
    },
    'deep value in metadata': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody.filter((x) => JSON.stringify(x.body).includes('"metadata"')));
      const body = { ...(t.body as Record<string, unknown>), metadata: '__DEEP__' };
      const deep = nest(r.int(1_000, maxDepth(t, 6) - 100), r.pick(['array', 'object', 'mixed'] as const), '"x"', r);
      return answer(jsonRequest(ctx, t.method, t.path, JSON.stringify(body).replace('"__DEEP__"', deep)));
    },
    'deep value in every field': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const fields = Object.keys(t.body as object);
      const depth = Math.floor(maxDepth(t, 2) / Math.max(fields.length, 1)) - 10;
      const deep = nest(r.int(Math.min(500, depth), depth), 'array');
      const text = `{${fields.map((f) => `${JSON.stringify(f)}:${deep}`).join(',')}}`;
      return answer(jsonRequest(ctx, t.method, t.path, text));
    },
    'deep contact in an import': (r, ctx) => {
      const t = ctx.targets.byId('importContacts');
      const deep = nest(r.int(10_000, maxDepth(t, 6) - 100), 'object', '"x"');
      return answer(jsonRequest(ctx, t.method, t.path, `{"contacts":[{"phone_number":"+14155550123","metadata":${deep}}]}`));
    },
    'moderately deep (under a recursion limit)': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const body = { ...(t.body as Record<string, unknown>), metadata: '__DEEP__' };
      return answer(jsonRequest(ctx, t.method, t.path, JSON.stringify(body).replace('"__DEEP__"', nest(r.int(50, 900), 'object', '"x"'))));
    },
  },
};
