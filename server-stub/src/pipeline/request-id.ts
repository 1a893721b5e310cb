// Request ids (`req_` + 22 base62), one per response. Drawn from a pooled random buffer: one
// crypto call per ~180 ids instead of one per request, with the same uniformity as ids.ts.
import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pool = Buffer.alloc(8192);
let at = pool.length;

export function newRequestId(): string {
  let out = 'req_';
  while (out.length < 26) {
    if (at === pool.length) {
      randomFillSync(pool);
      at = 0;
    }
    const byte = pool[at++];
    if (byte < 248) out += ALPHABET[byte % 62]; // rejection sampling: no modulo bias
  }
  return out;
}
