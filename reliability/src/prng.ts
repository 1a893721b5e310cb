// A small seeded PRNG (mulberry32) with the helpers the generators need. Every run prints its seed;
// the same seed regenerates the same bytes, so any failure can be replayed.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet?: string): string;
  bytes(length: number): Buffer;
  shuffle<T>(items: T[]): T[];
  /** An independent stream for a named part of the run (adding a category does not shift the others). */
  fork(label: string): Rng;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** FNV-1a, to turn a label into a seed offset. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function rng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const self: Rng = {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)],
    string(length, alphabet = ALNUM) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[int(0, alphabet.length - 1)];
      return out;
    },
    bytes(length) {
      const out = Buffer.alloc(length);
      for (let i = 0; i < length; i++) out[i] = int(0, 255);
      return out;
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(0, i);
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
    fork: (label) => rng((seed ^ hash(label)) >>> 0),
  };
  return self;
}

/** A fresh seed for a run that was not given one. */
export const randomSeed = (): number => Math.floor(Math.random() * 2 ** 31);
