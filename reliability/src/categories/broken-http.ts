// HTTP/1.1 that a strict parser must refuse (request lines, versions, methods, header syntax, bare
// LF, framing conflicts, chunked encoding), and unusual-but-valid forms it must still answer.
// Refusing may mean closing: only the valid forms are owed an answer.
import { answer, answerOrClose, bearer, type CaseBody, type Category, raw } from '../case.js';

const KEY_HEADER = (key: string) => bearer(key);

export const brokenHttp: Category = {
  id: 'broken-http',
  title: 'broken HTTP: request lines, versions, header syntax, bare LF, framing conflicts, chunked encoding',
  shapes: {
    'bad request line': (r) =>
      answerOrClose(
        Buffer.from(
          r.pick([
            'GET\r\n\r\n',
            'GET /v1/account\r\n\r\n',
            'GET  /v1/account HTTP/1.1\r\nHost: x\r\n\r\n',
            '/v1/account HTTP/1.1\r\nHost: x\r\n\r\n',
            'GET /v1/account HTTP/1.1 extra\r\nHost: x\r\n\r\n',
            'GET /v1/ account HTTP/1.1\r\nHost: x\r\n\r\n',
            ' GET /v1/account HTTP/1.1\r\nHost: x\r\n\r\n',
            '\r\n\r\n\r\n',
            'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
            `${r.string(r.int(1, 64))}\r\n\r\n`,
            `GET /v1/${r.string(8)}\tHTTP/1.1\r\nHost: x\r\n\r\n`,
          ]),
          'latin1',
        ),
      ),
    'binary garbage': (r) =>
      answerOrClose(
        Buffer.concat([
          r.pick([Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]), Buffer.alloc(0)]),
          r.bytes(r.int(1, 2048)),
          Buffer.from('\r\n\r\n'),
        ]),
      ),
    'bad version': (r) =>
      answerOrClose(
        raw({
          target: '/v1/account',
          version: r.pick([
            'HTTP/1.2',
            'HTTP/2.0',
            'HTTP/0.9',
            'HTTP/11',
            'http/1.1',
            'HTTP/1.1.1',
            'HTTP/',
            'HTTP/9.9',
            'HTTPS/1.1',
            'HTTP/1.01',
          ]),
        }),
      ),
    'unknown method': (r, ctx) =>
      answerOrClose(
        raw({
          method: r.pick(['FOO', 'get', 'Get', 'G-T', r.string(r.int(1, 20), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), 'GET\x01']),
          target: '/v1/account',
          headers: [KEY_HEADER(ctx.adminKey)],
        }),
      ),
    'known method, odd use': (r, ctx) =>
      answer(
        raw({
          method: r.pick(['TRACE', 'OPTIONS', 'HEAD', 'PROPFIND', 'PURGE', 'LINK', 'SEARCH']),
          target: r.pick(['/v1/account', '/v1/contacts', '/']),
          headers: [KEY_HEADER(ctx.adminKey)],
        }),
      ),
    'invalid header name': (r, ctx) =>
      answerOrClose(
        raw({
          target: '/v1/account',
          headers: [
            KEY_HEADER(ctx.adminKey),
            [r.pick(['Bad Header', 'X-A\x01', '', '(x)', 'X-A ', ' X-A', 'X\x7fA', 'Ä-Header', 'X:A', '@']), 'v'],
          ],
        }),
      ),
    'invalid header value': (r, ctx) =>
      answerOrClose(
        raw({
          target: '/v1/account',
          headers: [KEY_HEADER(ctx.adminKey), ['X-Test', r.pick(['a\x01b', 'a\x7fb', 'a\rb', 'a\x0bb', 'a\x1bb'])]],
        }),
      ),
    'folded header (obs-fold)': (r, ctx) =>
      answerOrClose(
        Buffer.from(
          `GET /v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\n ${ctx.adminKey}\r\nX-A: a\r\n${r.pick([' ', '\t'])}b\r\n\r\n`,
          'latin1',
        ),
      ),
    'bare LF': (r, ctx) =>
      answerOrClose(
        r.chance(0.5)
          ? raw({ target: '/v1/account', headers: [KEY_HEADER(ctx.adminKey)], eol: '\n' })
          : Buffer.from(`GET /v1/account HTTP/1.1\r\nHost: x\nAuthorization: Bearer ${ctx.adminKey}\r\n\r\n`, 'latin1'),
      ),
    'bare CR': (_, ctx) =>
      answerOrClose(Buffer.from(`GET /v1/account HTTP/1.1\rHost: x\rAuthorization: Bearer ${ctx.adminKey}\r\r`, 'latin1')),
    'conflicting Content-Length': (r, ctx) => {
      const body = '{"phone_number":"+14155550123"}';
      const lengths = r.pick([
        [String(body.length), String(body.length + 5)],
        [`${body.length}, ${body.length + 1}`],
        ['-1'],
        ['abc'],
        ['1e3'],
        [`+${body.length}`],
        ['99999999999999999999999'],
        [` ${body.length}x`],
        ['0x1f'],
      ]);
      return {
        chunks: [
          raw({
            method: 'POST',
            target: '/v1/contacts',
            headers: [
              KEY_HEADER(ctx.adminKey),
              ['Content-Type', 'application/json'],
              ...lengths.map((l) => ['Content-Length', l] as const),
            ],
            body,
            length: 'none',
          }),
        ],
        owed: 'answer-or-close',
        end: 'half-close',
      };
    },
    'Content-Length and Transfer-Encoding': (r, ctx) => {
      const chunked = '5\r\n{"a":\r\n0\r\n\r\n';
      const te = r.pick(['chunked', 'Chunked', 'chunked, identity', 'identity, chunked', 'gzip, chunked', ' chunked']);
      return {
        chunks: [
          raw({
            method: 'POST',
            target: '/v1/contacts',
            headers: [
              KEY_HEADER(ctx.adminKey),
              ['Content-Type', 'application/json'],
              ['Content-Length', String(r.int(0, 40))],
              ['Transfer-Encoding', te],
            ],
            body: chunked,
            length: 'none',
          }),
        ],
        owed: 'answer-or-close',
        end: 'half-close',
      };
    },
    'bad chunked encoding': (r, ctx): CaseBody => {
      const body = r.pick([
        'zz\r\n{}\r\n0\r\n\r\n',
        '2;ext=\x01\r\n{}\r\n0\r\n\r\n',
        '2\r\n{}0\r\n\r\n',
        'ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n',
        '1\r\n{}\r\n0\r\n\r\n',
        '-2\r\n{}\r\n0\r\n\r\n',
        '2\n{}\n0\n\n',
        '2\r\n{}\r\n',
        `2;${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`,
        '2\r\n{}\r\n0\r\nTrailer\x01: x\r\n\r\n',
      ]);
      const te = r.pick(['chunked', 'chunked, chunked', 'gzip', 'identity', 'chunked;q=1']);
      return {
        chunks: [
          raw({
            method: 'POST',
            target: '/v1/contacts',
            headers: [KEY_HEADER(ctx.adminKey), ['Content-Type', 'application/json'], ['Transfer-Encoding', te]],
            body,
            length: 'none',
          }),
        ],
        owed: 'answer-or-close',
        end: 'half-close',
      };
    },
    'missing Host': (r, ctx) =>
      answer(raw({ target: '/v1/account', version: r.pick(['HTTP/1.1', 'HTTP/1.0']), host: false, headers: [KEY_HEADER(ctx.adminKey)] })),
    'absolute-form and asterisk targets': (r, ctx) =>
      answer(
        raw({
          method: r.pick(['GET', 'OPTIONS']),
          target: r.pick([
            'http://127.0.0.1/v1/account',
            'http://evil.example/v1/account',
            '*',
            'https://x/v1/contacts?limit=1',
            '//v1/account',
          ]),
          headers: [KEY_HEADER(ctx.adminKey)],
        }),
      ),
    'Expect header': (r, ctx) => {
      const body = '{"phone_number":"+14155550123"}';
      return answer(
        raw({
          method: 'POST',
          target: '/v1/contacts',
          headers: [
            KEY_HEADER(ctx.adminKey),
            ['Content-Type', 'application/json'],
            ['Expect', r.pick(['100-continue', 'something-else', '200-ok', ''])],
          ],
          body,
        }),
      );
    },
    'CONNECT and Upgrade': (r, ctx) =>
      answerOrClose(
        r.chance(0.5)
          ? raw({ method: 'CONNECT', target: r.pick(['127.0.0.1:443', 'evil.example:22', '/v1/account']) })
          : raw({
              target: '/v1/account',
              headers: [KEY_HEADER(ctx.adminKey), ['Connection', 'Upgrade'], ['Upgrade', r.pick(['websocket', 'h2c', 'HTTP/2.0'])]],
            }),
      ),
    'pipelined garbage after a request': (r, ctx) =>
      answerOrClose(Buffer.concat([raw({ target: '/v1/account', headers: [KEY_HEADER(ctx.adminKey)] }), r.bytes(r.int(1, 200))])),
  },
};
