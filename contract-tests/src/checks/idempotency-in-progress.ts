import type { Exchange } from '../types.js';
import { defineCheck, evidenceOf } from './define.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** The same request under one Idempotency-Key, sent at once. */
    'idempotent-duplicates': { duplicates: Exchange[] };
  }
}

// ARCHITECTURE.md §5: parallel duplicates execute once; each other one is a 409 or a replay of it.
export const idempotencyInProgress = defineCheck('idempotency-in-progress', 'Parallel duplicates execute once', (ctx) => {
  const all = evidenceOf(ctx, 'idempotent-duplicates')?.duplicates ?? [];
  const answered = all.filter((e) => e.response);
  if (answered.length < 2) return { skip: 'fewer than two duplicates were answered' };
  const executed = answered.filter((e) => e.response!.status < 300 && e.response!.headers['idempotent-replayed'] !== 'true');
  const others = answered.filter((e) => !executed.includes(e));
  const unexpected = others.filter((e) => !(e.response!.status === 409 || e.response!.headers['idempotent-replayed'] === 'true'));
  const ids = new Set(answered.filter((e) => e.response!.status < 300).map((e) => (e.response!.json as any)?.id));
  if (executed.length !== 1 || ids.size > 1) {
    return [
      {
        message: `${answered.length} parallel duplicates executed ${executed.length} times (${ids.size} distinct ids)`,
        documented: 1,
        received: executed.length,
      },
    ];
  }
  if (unexpected.length)
    return [
      {
        message: `a duplicate was answered ${unexpected[0].response!.status}, neither 409 nor a replay`,
        received: unexpected[0].response!.status,
      },
    ];
  return [];
});
