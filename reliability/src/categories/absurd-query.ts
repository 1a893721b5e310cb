// Query values no client should send, on the list operations: numbers out of every range, arrays
// and objects where scalars belong, cursors of 10k characters, thousands of parameters.
import { answer, answerOrClose, bearer, type Category, raw } from '../case.js';

const LIMITS = [
  '1e309',
  '-1e309',
  '-0',
  '0',
  '-1',
  '99999999999999999999',
  '1.5',
  '0x10',
  ' 1',
  '1 ',
  '',
  'NaN',
  'Infinity',
  '1e2',
  '+1',
  '%D9%A1%D9%A0',
  '%31',
  '1%20',
  '9007199254740993',
  '00000000000000000000001',
  'true',
  'null',
  '[]',
  '{}',
];

export const absurdQuery: Category = {
  id: 'absurd-query',
  title: 'absurd query values: limit=1e309, -0, 20 digits, arrays for scalars, 10k-character cursors',
  shapes: {
    'absurd limit': (r, ctx) => {
      const t = r.pick(ctx.targets.paged);
      return answer(raw({ target: `${t.path}?limit=${r.pick(LIMITS)}`, headers: [bearer(ctx.adminKey)] }));
    },
    'arrays and objects for scalars': (r, ctx) => {
      const t = r.pick(ctx.targets.paged);
      const name = r.pick(['limit', 'starting_after', ...t.query]);
      const q = r.pick([
        `${name}=1&${name}=2`,
        `${name}[]=1`,
        `${name}[]=1&${name}[]=2`,
        `${name}[a]=1`,
        `${name}[0][1]=x`,
        `${name}`,
        `${name}=`,
        `${name}=a,b,c`,
        `${name}=${'1,'.repeat(500)}`,
      ]);
      return answer(raw({ target: `${t.path}?${q}`, headers: [bearer(ctx.adminKey)] }));
    },
    'cursor of 10k characters': (r, ctx) => {
      const t = r.pick(ctx.targets.paged);
      const cursor = r.pick([
        r.string(10_000),
        `ctc_${'A'.repeat(r.int(1_000, 12_000))}`,
        encodeURIComponent('ü'.repeat(3_000)),
        '%25'.repeat(3_000),
      ]);
      return answer(raw({ target: `${t.path}?starting_after=${cursor}`, headers: [bearer(ctx.adminKey)] }));
    },
    'cursor of another resource or shape': (r, ctx) => {
      const t = r.pick(ctx.targets.paged);
      const cursor = r.pick([
        'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6',
        'ctc_',
        'ctc_!!!!',
        'null',
        'undefined',
        '../',
        '*',
        '%',
        `${r.string(22)}`,
        'eyJpZCI6MX0',
      ]);
      return answer(raw({ target: `${t.path}?starting_after=${cursor}&limit=${r.int(1, 100)}`, headers: [bearer(ctx.adminKey)] }));
    },
    'thousands of parameters': (r, ctx) => {
      const t = r.pick(ctx.targets.paged);
      const n = r.int(500, 1_500);
      const q = Array.from(
        { length: n },
        (_, i) => `${r.pick(['p', 'limit', 'starting_after', 'tag'])}${r.chance(0.5) ? i : ''}=${i}`,
      ).join('&');
      return answerOrClose(raw({ target: `${t.path}?${q}`, headers: [bearer(ctx.adminKey)] }));
    },
    'malformed query syntax': (r, ctx) => {
      const t = r.pick(ctx.targets.paged);
      const q = r.pick([
        '&&&',
        '=',
        '==1',
        'limit==1',
        '?limit=1',
        'limit=1;limit=2',
        '%',
        '%%',
        '%zz=1',
        'limit=%',
        'a=%e2%82',
        '&limit&',
        '#frag',
        'limit=1#x',
        '+=+',
      ]);
      return answer(raw({ target: `${t.path}?${q}`, headers: [bearer(ctx.adminKey)] }));
    },
    'enum and filter values': (r, ctx) => {
      const t = r.pick(ctx.targets.paged.filter((x) => x.query.length > 2));
      const name = r.pick(t.query);
      const value = r.pick([
        '',
        ' ',
        'ALL',
        '*',
        '%2A',
        'completed,failed',
        r.string(300),
        '+14155550123',
        '+1'.padEnd(400, '9'),
        '2026-13-45T99:99:99Z',
        '-1',
      ]);
      return answer(raw({ target: `${t.path}?${name}=${value}`, headers: [bearer(ctx.adminKey)] }));
    },
    'query on operations that take none': (r, ctx) => {
      const t = r.pick(ctx.targets.all.filter((x) => x.query.length === 0 && x.method === 'GET'));
      return answer(raw({ target: `${t.path}?limit=1e309&x=${r.string(2_000)}`, headers: [bearer(ctx.adminKey)] }));
    },
  },
};
