// kill -9 under a stream of writes, 20 times: nothing acknowledged is lost, nothing retried is
// applied twice, the file is intact.
import { describe, expect, it } from 'vitest';
import { recordFigures } from '../../server-stub/src/testing/figures.js';
import { crashSafety } from './crash-safety.js';

describe('crash safety', () => {
  it('survives 20 SIGKILLs under a stream of writes with every acknowledged write kept and every retried key applied once', async () => {
    const seed = Number(process.env.RELIABILITY_SEED ?? Date.now() % 100_000);
    const figures = await crashSafety({ kills: 20, clients: 6, seed });
    console.log(`crash safety (seed ${seed}): ${JSON.stringify(figures)}`);
    recordFigures({
      scenario: `kill -9 × ${figures.kills} under writes`,
      requests: figures.idempotent.sent + figures.plain.acknowledged + figures.cutOff,
      statuses: {
        '201': figures.idempotent.acknowledged + figures.idempotent.retried + figures.plain.acknowledged,
        'cut off': figures.cutOff,
      },
      unexpected5xx: 0,
      crashes: 0,
      lostWrites: figures.plain.lost + figures.idempotent.missing + figures.idempotent.appliedTwice,
      recoveryMs: figures.meanRestartMs,
      note: `${figures.idempotent.retried} unanswered idempotent creates retried after a restart, ${figures.idempotent.appliedTwice} applied twice; integrity_check ${figures.integrity}; recovery = mean restart to first answer; seed ${seed}`,
    });
    expect(figures.integrity).toBe('ok');
    expect(figures.plain.lost).toBe(0);
    expect(figures.idempotent.appliedTwice).toBe(0);
    expect(figures.idempotent.missing).toBe(0);
    // The run really cut requests off and retried them (otherwise it proved nothing).
    expect(figures.cutOff).toBeGreaterThan(0);
    expect(figures.idempotent.retried).toBeGreaterThan(0);
    expect(figures.plain.acknowledged).toBeGreaterThan(20);
  }, 300_000);
});
