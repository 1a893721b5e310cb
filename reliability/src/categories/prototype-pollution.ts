// `__proto__`, `constructor` and `prototype` keys at every depth of real bodies, in query strings,
// header names and path ids. The payload plants properties a polluted Object.prototype would leak
// into ordinary answers; the run's canary (canary.ts) looks for them afterwards.
import { answer, bearer, type Category, type GenContext, jsonRequest, raw } from '../case.js';
import type { Rng } from '../prng.js';

const POISON_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** What a polluted prototype would show: extra headers and errors on every problem, a key in every query. */
function payload(ctx: GenContext): Record<string, unknown> {
  return {
    [ctx.canary]: ctx.canary,
    headers: { 'X-Canary': ctx.canary },
    errors: [{ field: ctx.canary, message: ctx.canary }],
    api_key: ctx.canary,
    status: 200,
    isAdmin: true,
    polluted: ctx.canary,
  };
}

/** The poison wrapping of the payload: `{"__proto__": p}` or `{"constructor": {"prototype": p}}`. */
function poison(r: Rng, ctx: GenContext): string {
  const p = JSON.stringify(payload(ctx));
  return r.pick([`{"__proto__":${p}}`, `{"constructor":{"prototype":${p}}}`, `{"prototype":${p}}`, `{"__proto__":{"__proto__":${p}}}`]);
}

/** Adds the poison keys beside the fields of every object in `value` (text-level, so `__proto__` stays an own key). */
function poisonEverywhere(value: unknown, r: Rng, ctx: GenContext): string {
  if (Array.isArray(value)) return `[${value.map((v) => poisonEverywhere(v, r, ctx)).join(',')}]`;
  if (value && typeof value === 'object') {
    const own = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${poisonEverywhere(v, r, ctx)}`);
    const extra = poison(r, ctx).slice(1, -1);
    return `{${[extra, ...own].join(',')}}`;
  }
  return JSON.stringify(value);
}

export const prototypePollution: Category = {
  id: 'prototype-pollution',
  title: '__proto__, constructor and prototype keys at every depth of bodies, queries, headers and ids',
  shapes: {
    'at the root of a body': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const own = JSON.stringify(t.body).slice(1, -1);
      return answer(jsonRequest(ctx, t.method, t.path, `{${poison(r, ctx).slice(1, -1)}${own ? `,${own}` : ''}}`));
    },
    'at every depth of a body': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      return answer(jsonRequest(ctx, t.method, t.path, poisonEverywhere(t.body, r, ctx)));
    },
    'only poison': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      return answer(jsonRequest(ctx, t.method, t.path, poison(r, ctx)));
    },
    'in metadata (stored and read back)': (r, ctx) => {
      const t = ctx.targets.byId(r.pick(['createContact', 'updateContact', 'triggerCall', 'sendMessage']));
      const body = JSON.stringify({ ...(t.body as object), metadata: '__M__' }).replace('"__M__"', poison(r, ctx));
      return answer(jsonRequest(ctx, t.method, t.path, body));
    },
    'in the query string': (r, ctx) => {
      const t = r.pick(ctx.targets.paged);
      const q = r.pick([
        `__proto__[${ctx.canary}]=${ctx.canary}`,
        `constructor[prototype][${ctx.canary}]=${ctx.canary}`,
        `__proto__.${ctx.canary}=${ctx.canary}`,
        `__proto__=${ctx.canary}&limit=1`,
        `constructor=x&prototype=y&hasOwnProperty=z&toString=w&valueOf=v`,
        `limit[__proto__]=1`,
        `__proto__[api_key]=${ctx.canary}`,
      ]);
      return answer(raw({ target: `${t.path}?${q}`, headers: [bearer(ctx.adminKey)] }));
    },
    'as header names': (r, ctx) =>
      answer(
        raw({
          target: r.pick(ctx.targets.paged).path,
          headers: [
            bearer(ctx.adminKey),
            [r.pick(POISON_KEYS), ctx.canary],
            [r.pick(['hasOwnProperty', 'toString', 'valueOf']), ctx.canary],
          ],
        }),
      ),
    'as path ids': (r, ctx) => {
      const t = r.pick(ctx.targets.withIds);
      const path = t.template.replace(/\{[^}]+\}/g, () => r.pick(POISON_KEYS));
      return answer(raw({ method: t.method, target: path, headers: [bearer(ctx.adminKey)] }));
    },
    'in an import list': (r, ctx) => {
      const t = ctx.targets.byId('importContacts');
      const contact = `{${poison(r, ctx).slice(1, -1)},"phone_number":"+14155550123"}`;
      return answer(jsonRequest(ctx, t.method, t.path, `{"contacts":[${Array.from({ length: r.int(1, 20) }, () => contact).join(',')}]}`));
    },
  },
};
