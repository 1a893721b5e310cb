// Bodies that are almost JSON: a documented request body cut at a random byte, and the classic
// near misses (trailing commas, single quotes, comments, NaN, two documents, a BOM, nothing at all).
import { answer, answerOrClose, bearer, type Category, JSON_TYPE, jsonRequest, raw, utf8 } from '../case.js';

export const truncatedJson: Category = {
  id: 'truncated-json',
  title: 'truncated and almost-JSON bodies on real operations',
  shapes: {
    'cut at a random byte': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const text = JSON.stringify(t.body);
      return answer(jsonRequest(ctx, t.method, t.path, text.slice(0, r.int(1, text.length - 1))));
    },
    'cut inside an escape': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      return answer(
        jsonRequest(
          ctx,
          t.method,
          t.path,
          r.pick(['{"first_name":"\\u12', '{"first_name":"\\', '{"a":"\\ud83d', '{"a":1e', '{"a":-', '{"a":tr', '{"a":nul']),
        ),
      );
    },
    'almost JSON': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const text = JSON.stringify(t.body);
      const body = r.pick([
        `${text.slice(0, -1)},}`,
        text.replace(/"/g, "'"),
        `/* c */${text}`,
        `${text}${text}`,
        `${text}}`,
        `\ufeff${text}`,
        '{"a":NaN}',
        '{"a":Infinity}',
        '{a:1}',
        '[1,2,]',
        ' ',
        '\n\t\r ',
        'null',
        'true',
        '0',
        '"x"',
        '{"a":1,,"b":2}',
        '{"a" 1}',
      ]);
      return answer(jsonRequest(ctx, t.method, t.path, body));
    },
    'empty body with a length': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      return answer(
        raw({ method: t.method, target: t.path, headers: [bearer(ctx.adminKey), JSON_TYPE, ['Content-Length', '0']], length: 'none' }),
      );
    },
    'declared longer than sent, then end': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const text = JSON.stringify(t.body);
      const sent = utf8(text.slice(0, r.int(0, text.length - 1)));
      const head = raw({
        method: t.method,
        target: t.path,
        headers: [bearer(ctx.adminKey), JSON_TYPE, ['Content-Length', String(sent.length + r.int(1, 1000))]],
        length: 'none',
      });
      return { ...answerOrClose(Buffer.concat([head, sent])), end: 'half-close' };
    },
    'truncated chunked body, then end': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const text = JSON.stringify(t.body);
      const part = text.slice(0, r.int(1, text.length - 1));
      const head = raw({
        method: t.method,
        target: t.path,
        headers: [bearer(ctx.adminKey), JSON_TYPE, ['Transfer-Encoding', 'chunked']],
        length: 'none',
      });
      return { ...answerOrClose(Buffer.concat([head, utf8(`${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`)])), end: 'half-close' };
    },
    'complete chunked body that is cut JSON': (r, ctx) => {
      const t = r.pick(ctx.targets.withBody);
      const text = JSON.stringify(t.body);
      const part = text.slice(0, r.int(1, text.length - 1));
      const head = raw({
        method: t.method,
        target: t.path,
        headers: [bearer(ctx.adminKey), JSON_TYPE, ['Transfer-Encoding', 'chunked']],
        length: 'none',
      });
      return answer(Buffer.concat([head, utf8(`${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n0\r\n\r\n`)]));
    },
  },
};
