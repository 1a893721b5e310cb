// Header sections over Node's limit (one huge header, thousands of small ones, a huge request
// target) and the headers that matter sent twice with the same or different values.
import { answer, answerOrClose, bearer, type Category, JSON_TYPE, raw, utf8 } from '../case.js';

const CONTACT = '{"phone_number":"+14155550123","first_name":"Dup"}';

export const hugeHeaders: Category = {
  id: 'huge-headers',
  title: 'huge and duplicated headers: over the header limit; Authorization, X-API-Key, Content-Type, Idempotency-Key twice',
  shapes: {
    'one header over the limit': (r, ctx) =>
      answerOrClose(raw({ target: '/v1/account', headers: [bearer(ctx.adminKey), ['X-Pad', 'a'.repeat(r.int(17, 96) * 1024)]] })),
    'thousands of headers': (r, ctx) => {
      const n = r.int(500, 4000);
      const headers = Array.from({ length: n }, (_, i) => [`X-H${i}`, r.string(r.int(1, 12))] as const);
      return answerOrClose(raw({ target: '/v1/account', headers: [bearer(ctx.adminKey), ...headers] }));
    },
    'request target over the limit': (r, ctx) =>
      answerOrClose(raw({ target: `/v1/contacts?tag=${'t'.repeat(r.int(17, 80) * 1024)}`, headers: [bearer(ctx.adminKey)] })),
    'headers just under the limit': (r, ctx) =>
      answer(raw({ target: '/v1/account', headers: [bearer(ctx.adminKey), ['X-Pad', 'p'.repeat(r.int(8, 14) * 1024)]] })),
    'huge Authorization': (r) =>
      answerOrClose(raw({ target: '/v1/account', headers: [['Authorization', `Bearer pl_test_${r.string(r.int(16, 70) * 1024)}`]] })),
    'Authorization twice': (r, ctx) =>
      answer(
        raw({
          target: '/v1/account',
          headers: r.pick([
            [bearer(ctx.adminKey), bearer(ctx.adminKey)],
            [bearer(ctx.adminKey), bearer(ctx.otherKey)],
            [bearer(ctx.otherKey), ['Authorization', 'Basic dXNlcjpwYXNz']],
            [['Authorization', ''], bearer(ctx.adminKey)],
          ]),
        }),
      ),
    'X-API-Key twice': (r, ctx) =>
      answer(
        raw({
          target: '/v1/account',
          headers: r.pick([
            [
              ['X-API-Key', ctx.adminKey],
              ['X-API-Key', ctx.adminKey],
            ],
            [
              ['X-API-Key', ctx.adminKey],
              ['X-API-Key', ctx.otherKey],
            ],
            [
              ['X-API-Key', ctx.adminKey],
              ['x-api-key', ''],
            ],
            [['X-API-Key', ctx.adminKey], bearer(ctx.otherKey), ['X-API-Key', ctx.otherKey]],
          ]),
        }),
      ),
    'Content-Type twice': (r, ctx) =>
      answer(
        raw({
          method: 'POST',
          target: '/v1/contacts',
          headers: [
            bearer(ctx.adminKey),
            ...r.pick([
              [JSON_TYPE, ['Content-Type', 'text/plain']],
              [['Content-Type', 'text/plain'], JSON_TYPE],
              [JSON_TYPE, JSON_TYPE],
              [['Content-Type', 'application/json, text/plain']],
            ] as const),
          ],
          body: utf8(CONTACT),
        }),
      ),
    'Idempotency-Key twice': (r, ctx) => {
      const target = r.pick(ctx.targets.idempotent);
      const a = `dup-${r.string(12)}`;
      const b = r.pick([a, `dup-${r.string(12)}`, '']);
      return answer(
        raw({
          method: target.method,
          target: target.path,
          headers: [bearer(ctx.adminKey), JSON_TYPE, ['Idempotency-Key', a], ['Idempotency-Key', b]],
          body: utf8(JSON.stringify(target.body)),
        }),
      );
    },
    'Content-Length twice, same value': (_, ctx) =>
      answerOrClose(
        raw({
          method: 'POST',
          target: '/v1/contacts',
          headers: [
            bearer(ctx.adminKey),
            JSON_TYPE,
            ['Content-Length', String(CONTACT.length)],
            ['Content-Length', String(CONTACT.length)],
          ],
          body: CONTACT,
          length: 'none',
        }),
      ),
    'Host twice': (r, ctx) =>
      answerOrClose(raw({ target: '/v1/account', headers: [bearer(ctx.adminKey), ['Host', r.pick(['evil.example', '127.0.0.1', ''])]] })),
  },
};
