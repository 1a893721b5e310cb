// Path ids that try to climb out or be two things at once: ../ plain, percent-encoded, double
// encoded and as overlong UTF-8, encoded and doubled slashes, dot segments, over-long ids.
import { answer, answerOrClose, bearer, type Category, raw } from '../case.js';

const CLIMBS = [
  '../',
  '..%2f',
  '%2e%2e%2f',
  '%2e%2e/',
  '..%5c',
  '..\\',
  '%252e%252e%252f',
  '%c0%ae%c0%ae%c0%af',
  '%e0%80%ae%e0%80%ae/',
  '..%c0%af',
  '%uff0e%uff0e%u2215',
  '%ef%bc%8e%ef%bc%8e%ef%bc%8f',
  '.%2e/',
  '....//',
  '..;/',
];

export const pathTraversal: Category = {
  id: 'path-traversal',
  title: 'path traversal in ids: ../, %2e%2e%2f, encoded slashes, overlong UTF-8, dot segments',
  shapes: {
    'climbing id': (r, ctx) => {
      const t = r.pick(ctx.targets.withIds);
      const id = `${r.pick(CLIMBS).repeat(r.int(1, 8))}${r.pick(['etc/passwd', 'v1/account', 'api-keys', '', 'ctc_2Wq7Lm4Xp9Rt1Kz8Nv3Bh6'])}`;
      return answer(raw({ method: t.method, target: t.template.replace(/\{[^}]+\}/g, id), headers: [bearer(ctx.adminKey)] }));
    },
    'encoded slash inside an id': (r, ctx) => {
      const t = r.pick(ctx.targets.withIds);
      const real = t.path.split('/').at(-1)!;
      const id = r.pick([`${real}%2f..`, `${real}%2F${real}`, `%2f${real}`, `${real}%2fexport`, `${real}%5c..`, `${real}%252f`]);
      return answer(raw({ method: t.method, target: t.path.replace(real, id), headers: [bearer(ctx.adminKey)] }));
    },
    'dot segments around a route': (r, ctx) =>
      answer(
        raw({
          target: r
            .pick([
              '/v1/../v1/account',
              '/v1/./account',
              '/v1//account',
              '//v1/account',
              '/v1/account/.',
              '/v1/account/..',
              '/v1/contacts/../api-keys',
              '/v1/%2e%2e/v1/account',
              '/V1/ACCOUNT',
              '/v1/account;x=1',
              '/v1/account%00',
              '/v1/account%2f',
              '/v1/account/',
              '/./v1/account',
              '/v1/contacts/%2e',
              '/v1/contacts/.',
            ])
            .replace('%00', '%2500'),
          headers: [bearer(ctx.adminKey)],
        }),
      ),
    'over-long id': (r, ctx) => {
      const t = r.pick(ctx.targets.withIds);
      const id = `${r.pick(['ctc_', 'agt_', 'cal_', ''])}${r.string(r.pick([199, 200, 201, 1_000, 8_000]))}`;
      return answer(raw({ method: t.method, target: t.template.replace(/\{[^}]+\}/g, id), headers: [bearer(ctx.adminKey)] }));
    },
    'id of the right shape in the wrong place': (r, ctx) => {
      const t = r.pick(ctx.targets.withIds);
      const other = r.pick(ctx.targets.withIds).path.split('/')[3] ?? 'x';
      return answer(raw({ method: t.method, target: t.template.replace(/\{[^}]+\}/g, other), headers: [bearer(ctx.adminKey)] }));
    },
    'unicode look-alikes': (r, ctx) => {
      const t = r.pick(ctx.targets.withIds);
      const id = r.pick([
        '%e2%80%a5',
        '%ef%bc%8f',
        '%e2%88%95',
        '%c2%a0',
        '%e2%80%8b',
        'ctc%e2%80%8b_2Wq7Lm4Xp9Rt1Kz8Nv3Bh6',
        '%f0%9f%92%a9',
      ]);
      return answer(raw({ method: t.method, target: t.template.replace(/\{[^}]+\}/g, id), headers: [bearer(ctx.adminKey)] }));
    },
    'raw backslashes and spaces': (r, ctx) => {
      const t = r.pick(ctx.targets.withIds);
      return answerOrClose(
        raw({
          method: t.method,
          target: t.template.replace(/\{[^}]+\}/g, r.pick(['..\\..\\windows', 'a b', 'a\tb', '"quoted"', '<script>', '{}', '|', '`'])),
          headers: [bearer(ctx.adminKey)],
        }),
      );
    },
  },
};
