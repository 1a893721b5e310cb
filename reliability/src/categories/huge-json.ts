// Values at the edges of what JSON can say: numbers beyond double precision or range, strings that
// fill the body limit, lone surrogates, thousands of keys or items, bodies one byte over the limit.
import { answer, type Category, jsonRequest } from '../case.js';
import type { Rng } from '../prng.js';
import type { TargetOp } from '../targets.js';

const NUMBERS = [
  '1e309',
  '-1e309',
  '1e-400',
  '-0',
  '-0.0',
  '123456789012345678901234567890',
  '99999999999999999999',
  '0.1e99999',
  '1E+2147483648',
  '9007199254740993',
  '1.7976931348623157e309',
  '5e-324',
  '-9223372036854775809',
];

/** The target's example body with one field (or a new one) set to the raw JSON `value`. */
function withField(r: Rng, t: TargetOp, value: string): string {
  const body = t.body as Record<string, unknown>;
  const fields = Object.keys(body);
  const field = r.chance(0.8) && fields.length > 0 ? r.pick(fields) : r.pick(['limit', 'amount', 'extra']);
  return JSON.stringify({ ...body, [field]: '__VALUE__' }).replace('"__VALUE__"', value);
}

export const hugeJson: Category = {
  id: 'huge-json',
  title: 'huge JSON numbers and strings, lone surrogates, many keys, bodies at and over the limit',
  shapes: {
    'absurd number in a field': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      return answer(jsonRequest(ctx, t.method, t.path, withField(r, t, r.pick(NUMBERS))));
    },
    'number of thousands of digits': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const digits = `${r.pick(['', '-'])}${r.int(1, 9)}${r.string(r.int(1_000, 30_000), '0123456789')}${r.pick(['', '.5', 'e10', 'e-99999'])}`;
      return answer(jsonRequest(ctx, t.method, t.path, withField(r, t, digits)));
    },
    'string filling the body limit': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const n = t.bodyLimit - 300 - r.int(0, 2_000);
      return answer(
        jsonRequest(ctx, t.method, t.path, withField(r, t, JSON.stringify(r.pick(['x', 'é', '😀', '\\u0041']).repeat(Math.floor(n / 4))))),
      );
    },
    'lone surrogates and odd escapes': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      return answer(
        jsonRequest(
          ctx,
          t.method,
          t.path,
          withField(r, t, r.pick(['"\\ud800"', '"\\udfff\\ud800"', '"\\uDEAD"', '"a\\u0000b"', '"\\u202e\\u200b"', '"\\/\\b\\f"'])),
        ),
      );
    },
    'thousands of keys': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const n = r.int(1_000, Math.floor((t.bodyLimit - 500) / 12));
      const extra = Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',');
      return answer(jsonRequest(ctx, t.method, t.path, `${JSON.stringify(t.body).slice(0, -1)},${extra}}`));
    },
    'a key of thousands of characters': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const key = r.string(r.int(300, 30_000));
      return answer(jsonRequest(ctx, t.method, t.path, `${JSON.stringify(t.body).slice(0, -1)},${JSON.stringify(key)}:1}`));
    },
    'the same key thousands of times': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const field = r.pick(Object.keys(t.body as object));
      const repeats = Array.from({ length: r.int(1_000, 5_000) }, () => `${JSON.stringify(field)}:"v"`).join(',');
      return answer(jsonRequest(ctx, t.method, t.path, `{${repeats}}`));
    },
    'array of many items': (r, ctx) => {
      const t = r.pick(ctx.targets.large);
      const items = Array.from({ length: r.int(10_000, 100_000) }, () => '{}').join(',');
      return answer(jsonRequest(ctx, t.method, t.path, `{"contacts":[${items}],"agent":[${items.slice(0, 1000)}]}`));
    },
    'body at the limit and one byte over': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const base = JSON.stringify({ ...(t.body as object), pad: '' });
      const size = t.bodyLimit + r.pick([0, 1, -1]);
      return answer(jsonRequest(ctx, t.method, t.path, base.replace('"pad":""', `"pad":"${'p'.repeat(Math.max(0, size - base.length))}"`)));
    },
  },
};
