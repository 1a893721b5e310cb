// Growth arithmetic, pure: how a cost grows with the spec. For sizes s1 < sk and costs t1, tk,
// growth = (tk / t1) / (sk / s1): 1 is linear, below 1 better than linear (fixed costs dominate),
// above 1 worse than linear. The bar is ≤ 1.
import { ratio } from './stats.js';

export interface GrowthPoint {
  /** The spec's size, in operations. */
  size: number;
  /** The cost at that size (ms, KiB …). */
  value: number;
}

export interface Growth {
  sizeRatio: number;
  valueRatio: number;
  /** valueRatio / sizeRatio (NaN when either cannot be computed). */
  growth: number;
}

export function growthOf(base: GrowthPoint, big: GrowthPoint): Growth {
  const sizeRatio = ratio(big.size, base.size);
  const valueRatio = ratio(big.value, base.value);
  return { sizeRatio, valueRatio, growth: ratio(valueRatio, sizeRatio) };
}

/** The exponent k of cost ∝ size^k through two points (1 linear, 0 constant); NaN when undefined. */
export function growthExponent(base: GrowthPoint, big: GrowthPoint): number {
  const { sizeRatio, valueRatio } = growthOf(base, big);
  if (!(sizeRatio > 0 && valueRatio > 0) || sizeRatio === 1) return NaN;
  return Math.log(valueRatio) / Math.log(sizeRatio);
}

/** "1,3,10" → [1, 3, 10]: distinct integers 1..20 ascending, 1 and at least one larger included. */
export function parseFactors(raw: string): number[] {
  const parts = raw.split(',').map((x) => x.trim());
  if (!parts.every((x) => /^\d+$/.test(x) && Number(x) >= 1 && Number(x) <= 20))
    throw new Error(`sizes must be a comma-separated list of integers from 1 to 20, not ${JSON.stringify(raw)}`);
  const out = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  if (out[0] !== 1 || out.length < 2) throw new Error('sizes must include 1 and at least one larger size');
  return out;
}
