// Slowloris: headers and bodies trickled a byte at a time, connections that never say anything,
// bodies that stop short, idle keep-alive connections. The server must cut each off (a 408
// problem or a close) within its configured timeout plus slack; the harness waits no longer.
import { bearer, type CaseBody, type Category, type GenContext, JSON_TYPE, raw } from '../case.js';
import type { Rng } from '../prng.js';

/** Bytes of `text` one per chunk, enough of them to outlast `boundMs` at `trickleMs` each. */
function trickled(prefix: Buffer, text: string, boundMs: number, trickleMs: number): Buffer[] {
  const n = Math.ceil(boundMs / trickleMs) + 5;
  const bytes = text.repeat(Math.ceil(n / text.length)).slice(0, n);
  return [prefix, ...[...bytes].map((c) => Buffer.from(c, 'latin1'))];
}

const tick = (r: Rng) => r.int(100, 300);
const headersBound = (ctx: GenContext) => ctx.timeouts.headersMs + ctx.timeouts.slackMs;
const requestBound = (ctx: GenContext) => ctx.timeouts.requestMs + ctx.timeouts.slackMs;

export const slow: Category = {
  id: 'slow',
  title: 'slow headers and bodies (slowloris), silent and idle connections: cut off within the timeouts',
  slow: { count: 36 },
  shapes: {
    'headers trickled': (r, ctx): CaseBody => {
      const trickleMs = tick(r);
      const prefix = Buffer.from(`GET /v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ctx.adminKey}\r\n`, 'latin1');
      return {
        chunks: trickled(prefix, 'X-Slow: a\r\n', headersBound(ctx), trickleMs),
        trickleMs,
        owed: 'answer-or-close',
        deadlineMs: headersBound(ctx),
      };
    },
    'request line trickled': (r, ctx): CaseBody => {
      const trickleMs = tick(r);
      return {
        chunks: trickled(Buffer.from('GET /v1/', 'latin1'), 'a', headersBound(ctx), trickleMs),
        trickleMs,
        owed: 'answer-or-close',
        deadlineMs: headersBound(ctx),
      };
    },
    'body trickled': (r, ctx): CaseBody => {
      const trickleMs = tick(r);
      const head = raw({
        method: 'POST',
        target: '/v1/contacts',
        headers: [bearer(ctx.adminKey), JSON_TYPE, ['Content-Length', '4000']],
        length: 'none',
      });
      return {
        chunks: trickled(head, ' ', requestBound(ctx), trickleMs),
        trickleMs,
        owed: 'answer-or-close',
        deadlineMs: requestBound(ctx),
      };
    },
    'chunked body trickled': (r, ctx): CaseBody => {
      const trickleMs = tick(r);
      const head = raw({
        method: 'POST',
        target: '/v1/contacts',
        headers: [bearer(ctx.adminKey), JSON_TYPE, ['Transfer-Encoding', 'chunked']],
        length: 'none',
      });
      const n = Math.ceil(requestBound(ctx) / trickleMs) + 5;
      return {
        chunks: [head, ...Array.from({ length: n }, () => Buffer.from('1\r\n \r\n'))],
        trickleMs,
        owed: 'answer-or-close',
        deadlineMs: requestBound(ctx),
      };
    },
    'silent connection': (_, ctx): CaseBody => ({ chunks: [], owed: 'answer-or-close', deadlineMs: headersBound(ctx) }),
    'body stops short': (r, ctx): CaseBody => {
      const body = '{"phone_number":"+1415';
      const head = raw({
        method: 'POST',
        target: '/v1/contacts',
        headers: [bearer(ctx.adminKey), JSON_TYPE, ['Content-Length', String(body.length + r.int(1, 5000))]],
        length: 'none',
      });
      return { chunks: [head, Buffer.from(body)], owed: 'answer-or-close', deadlineMs: requestBound(ctx) };
    },
    'idle keep-alive': (_, ctx): CaseBody => ({
      chunks: [raw({ target: '/v1/account', headers: [bearer(ctx.adminKey)] })],
      owed: 'answer',
      after: 'await-close',
      // node closes an idle connection 1 s after keepAliveTimeout (a buffer against races with clients).
      deadlineMs: ctx.timeouts.keepAliveMs + 1_000 + ctx.timeouts.slackMs,
    }),
  },
};
