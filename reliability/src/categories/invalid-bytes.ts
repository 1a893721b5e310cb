// Invalid UTF-8 (stray continuation bytes, overlong forms, encoded surrogates, a sequence cut short)
// and NUL, raw and percent-encoded, in the path, the query, header values and the body.
import { answer, answerOrClose, bearer, type Category, JSON_TYPE, raw } from '../case.js';

const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xc0, 0x80],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
].map((b) => Buffer.from(b));

const pct = (b: Buffer) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');

export const invalidBytes: Category = {
  id: 'invalid-bytes',
  title: 'invalid UTF-8 and NUL bytes in path, query, headers and body',
  shapes: {
    'raw bytes in the path': (r, ctx) => {
      const t = r.pick(ctx.targets.withIds);
      const bad = r.chance(0.2) ? Buffer.from([0]) : r.pick(INVALID_UTF8);
      const path = Buffer.concat([Buffer.from(t.path.slice(0, t.path.lastIndexOf('/') + 1)), bad, Buffer.from('x')]);
      return answerOrClose(raw({ method: t.method, target: path, headers: [bearer(ctx.adminKey)] }));
    },
    'encoded bytes in the path': (r, ctx) => {
      const t = r.pick(ctx.targets.withIds);
      const bad = r.chance(0.3) ? '%00' : pct(r.pick(INVALID_UTF8));
      return answer(
        raw({
          method: t.method,
          target: `${t.path.slice(0, t.path.lastIndexOf('/') + 1)}${r.pick(['', 'ctc_'])}${bad}`,
          headers: [bearer(ctx.adminKey)],
        }),
      );
    },
    'encoded bytes in the query': (r, ctx) => {
      const t = r.pick(ctx.targets.paged);
      const bad = r.chance(0.3) ? '%00' : pct(r.pick(INVALID_UTF8));
      const name = r.pick(['limit', 'starting_after', ...t.query, 'x', bad]);
      return answer(raw({ target: `${t.path}?${name}=${bad}${r.pick(['', 'a', '%'])}`, headers: [bearer(ctx.adminKey)] }));
    },
    'raw bytes in the query': (r, ctx) => {
      const t = r.pick(ctx.targets.paged);
      const bad = r.chance(0.2) ? Buffer.from([0]) : r.pick(INVALID_UTF8);
      return answerOrClose(
        raw({ target: Buffer.concat([Buffer.from(`${t.path}?starting_after=`), bad]), headers: [bearer(ctx.adminKey)] }),
      );
    },
    'bytes in header values': (r, ctx) => {
      const bad = r.chance(0.3) ? Buffer.from([0]) : r.pick(INVALID_UTF8);
      const t = r.pick(ctx.targets.idempotent);
      const header = r.pick(['Authorization', 'X-API-Key', 'Idempotency-Key', 'Content-Type', 'X-Forwarded-For', 'User-Agent']);
      const value =
        header === 'Authorization' ? Buffer.concat([Buffer.from(`Bearer ${ctx.adminKey}`), bad]) : Buffer.concat([Buffer.from('v'), bad]);
      const headers = [
        ...(header === 'Authorization' ? [] : [bearer(ctx.adminKey)]),
        ...(header === 'Content-Type' ? [] : [JSON_TYPE]),
        [header, value] as const,
      ];
      const body = Buffer.from(JSON.stringify(t.body));
      // A NUL in a header is a syntax error (a close is fair); bytes ≥ 0x80 are obs-text and owed an answer.
      return (bad[0] === 0 ? answerOrClose : answer)(raw({ method: t.method, target: t.path, headers, body }));
    },
    'invalid UTF-8 inside JSON strings': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const text = JSON.stringify(t.body);
      const at = text.indexOf('":"') + 3;
      const body =
        at > 2
          ? Buffer.concat([Buffer.from(text.slice(0, at)), r.pick(INVALID_UTF8), Buffer.from(text.slice(at))])
          : Buffer.concat([Buffer.from('{"a":"'), r.pick(INVALID_UTF8), Buffer.from('"}')]);
      return answer(raw({ method: t.method, target: t.path, headers: [bearer(ctx.adminKey), JSON_TYPE], body }));
    },
    'NUL bytes in the body': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const text = JSON.stringify(t.body);
      const at = r.int(0, text.length);
      const body = r.chance(0.5)
        ? Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.alloc(r.int(1, 64)), Buffer.from(text.slice(at))])
        : Buffer.from(text.replace(/":"/, '":"\u0000'), 'utf8');
      return answer(raw({ method: t.method, target: t.path, headers: [bearer(ctx.adminKey), JSON_TYPE], body }));
    },
    'a body in another encoding': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const text = JSON.stringify(t.body);
      const [type, body] = r.pick([
        ['application/json; charset=utf-16le', Buffer.from(text, 'utf16le')],
        ['application/json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
        ['application/json; charset=latin1', Buffer.from(`${text.slice(0, -1)},"n":"\xe9\xff"}`, 'latin1')],
        ['application/json; charset=utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
      ] as const);
      return answer(raw({ method: t.method, target: t.path, headers: [bearer(ctx.adminKey), ['Content-Type', type]], body }));
    },
  },
};
