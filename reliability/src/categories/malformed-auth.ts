// Credentials and Idempotency-Key in every wrong form: Bearer with odd whitespace, unicode, huge or
// empty tokens, other schemes and several at once; X-API-Key empty, long or odd; Idempotency-Key
// too long, empty, with control characters, on real side-effecting POSTs with valid keys.
import { answer, answerOrClose, bearer, type CaseBody, type Category, type HeaderList, JSON_TYPE, raw } from '../case.js';

/** A header value with a control character other than tab is a syntax error: a close is fair. */
const owedFor = (headers: HeaderList): ((bytes: Buffer) => CaseBody) =>
  headers.some(([, v]) => [...Buffer.from(v as string, 'latin1')].some((b) => (b < 0x20 && b !== 0x09) || b === 0x7f))
    ? answerOrClose
    : answer;

export const malformedAuth: Category = {
  id: 'malformed-auth',
  title: 'malformed Authorization, X-API-Key and Idempotency-Key',
  shapes: {
    'odd Bearer': (r, ctx) => {
      const k = ctx.adminKey;
      const value = r.pick([
        'Bearer',
        'Bearer ',
        `Bearer  ${k}`,
        `Bearer\t${k}`,
        `Bearer \t ${k} \t`,
        `bearer ${k}`,
        `BEARER ${k}`,
        `Bearer ${k} extra`,
        `Bearer ${k},Bearer ${k}`,
        `Bearer ${k}, Basic dXNlcjpwYXNz`,
        `Bearer "${k}"`,
        `Bearer ${k.slice(0, -1)}`,
        `Bearer ${k}0`,
        `Bearer ${k.toUpperCase()}`,
        `Bearer pl_live_${k.slice(8)}`,
        'Bearer pl_test_',
        `Bearer pl_test_${r.string(31)}`,
        `Bearer pl_test_${r.string(r.int(32, 200))}`,
        `Bearer ${r.string(r.int(1, 9_000))}`,
        'Bearer null',
        'Bearer undefined',
        `Bearer ${Buffer.from(`${k}\u200b`, 'utf8').toString('latin1')}`,
        `Bearer ${Buffer.from('pl_test_ÄÖÜ😀'.padEnd(40, 'é'), 'utf8').toString('latin1')}`,
        `Bearer\x0b${k}`,
      ]);
      const headers: HeaderList = [['Authorization', value]];
      return owedFor(headers)(raw({ target: r.pick(['/v1/account', '/v1/contacts?limit=1']), headers }));
    },
    'other schemes': (r, ctx) => {
      const value = r.pick([
        `Basic ${Buffer.from(`${ctx.adminKey}:`).toString('base64')}`,
        'Basic',
        'Basic !!!',
        `Digest username="${ctx.adminKey}"`,
        `Token ${ctx.adminKey}`,
        ctx.adminKey,
        `ApiKey ${ctx.adminKey}`,
        `Bearer${ctx.adminKey}`,
        `Basic a, Bearer ${ctx.adminKey}`,
        `Negotiate ${r.string(2_000)}`,
        '',
        ' ',
        ',',
      ]);
      return answer(raw({ target: '/v1/account', headers: [['Authorization', value]] }));
    },
    'odd X-API-Key': (r, ctx) => {
      const value = r.pick([
        '',
        ' ',
        `  ${ctx.adminKey}  `,
        `${ctx.adminKey}\t`,
        `${ctx.adminKey},${ctx.adminKey}`,
        `Bearer ${ctx.adminKey}`,
        r.string(r.int(1_000, 8_000)),
        Buffer.from(`${ctx.adminKey}ü`, 'utf8').toString('latin1'),
        `${ctx.adminKey}\x01`,
        ctx.otherKey,
      ]);
      const headers: HeaderList = r.chance(0.3) ? [['X-API-Key', value], bearer(ctx.adminKey)] : [['X-API-Key', value]];
      return owedFor(headers)(raw({ target: '/v1/account', headers }));
    },
    'odd Idempotency-Key': (r, ctx) => {
      const t = r.pick(ctx.targets.idempotent);
      const value = r.pick([
        '',
        ' ',
        'k'.repeat(255),
        'k'.repeat(256),
        'k'.repeat(r.int(1_000, 8_000)),
        'a\tb',
        'a\x01b',
        'a\x7fb',
        Buffer.from('ключ-😀', 'utf8').toString('latin1'),
        '\xff\xfe',
        `${r.string(20)}, ${r.string(20)}`,
        '__proto__',
        'constructor',
        '../../etc/passwd',
        `${r.string(16)}`,
      ]);
      const headers: HeaderList = [bearer(ctx.adminKey), JSON_TYPE, ['Idempotency-Key', value]];
      return owedFor(headers)(raw({ method: t.method, target: t.path, headers, body: Buffer.from(JSON.stringify(t.body)) }));
    },
    'reused Idempotency-Key with another body': (r, ctx) => {
      const t = r.pick(ctx.targets.idempotent);
      const body = r.chance(0.5) ? t.body : { ...(t.body as object), metadata: { n: String(r.int(0, 9)) } };
      return answer(
        raw({
          method: t.method,
          target: t.path,
          headers: [bearer(ctx.adminKey), JSON_TYPE, ['Idempotency-Key', `reuse-${r.int(0, 3)}`]],
          body: Buffer.from(JSON.stringify(body)),
        }),
      );
    },
    'Idempotency-Key where none is taken': (r, ctx) => {
      const t = r.pick(ctx.targets.all.filter((x) => !x.idempotencyHeader));
      const body = t.body === undefined ? undefined : Buffer.from(JSON.stringify(t.body));
      return answer(
        raw({
          method: t.method,
          target: t.path,
          headers: [bearer(ctx.adminKey), JSON_TYPE, ['Idempotency-Key', r.string(r.int(0, 300))]],
          body,
        }),
      );
    },
    'key in the query or body': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      return r.chance(0.5)
        ? answer(raw({ target: `/v1/account?${r.pick(['api_key', 'access_token', 'key', 'x'])}=${ctx.adminKey}` }))
        : answer(
            raw({
              method: t.method,
              target: t.path,
              headers: [JSON_TYPE],
              body: Buffer.from(JSON.stringify({ ...(t.body as object), api_key: ctx.adminKey })),
            }),
          );
    },
    'both headers, different keys': (r, ctx) =>
      answer(
        raw({
          target: '/v1/account',
          headers: [bearer(ctx.adminKey), ['X-API-Key', r.pick([ctx.otherKey, `${ctx.adminKey} `, ctx.adminKey.toLowerCase()])]],
        }),
      ),
  },
};
