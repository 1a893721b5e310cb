// Growth arithmetic: ratio of cost ratio to size ratio, the exponent, and the --growth list.
import { describe, expect, it } from 'vitest';
import { growthExponent, growthOf, parseFactors } from './growth-math.js';

describe('growthOf', () => {
  const table: Array<[string, [number, number], [number, number], number]> = [
    ['linear: 10× size, 10× time', [58, 1_000], [580, 10_000], 1],
    ['fixed cost dominates: 10× size, 2× time', [58, 1_000], [580, 2_000], 0.2],
    ['worse than linear: 10× size, 30× time', [58, 1_000], [580, 30_000], 3],
    ['3× size, 3× time', [58, 100], [174, 300], 1],
    ['a base cost of 0 cannot be compared', [58, 0], [580, 5], NaN],
  ];
  for (const [given, [s1, v1], [s2, v2], want] of table)
    it(`${given}: ${want}`, () => {
      const g = growthOf({ size: s1, value: v1 }, { size: s2, value: v2 });
      if (Number.isNaN(want)) expect(g.growth).toBeNaN();
      else expect(g.growth).toBeCloseTo(want, 10);
    });
});

describe('growthExponent', () => {
  const table: Array<[string, number, number, number]> = [
    ['linear', 10, 10, 1],
    ['quadratic', 10, 100, 2],
    ['constant', 10, 1, 0],
  ];
  for (const [given, sizeRatio, valueRatio, want] of table)
    it(`${given}: ${want}`, () =>
      expect(growthExponent({ size: 1, value: 1 }, { size: sizeRatio, value: valueRatio })).toBeCloseTo(want, 10));
  it('is NaN for equal sizes', () => expect(growthExponent({ size: 5, value: 1 }, { size: 5, value: 2 })).toBeNaN());
});

describe('parseFactors', () => {
  const ok: Array<[string, number[]]> = [
    ['1,10', [1, 10]],
    ['10, 3 ,1', [1, 3, 10]],
    ['1,10,10', [1, 10]],
  ];
  for (const [given, want] of ok) it(`${given} → ${want}`, () => expect(parseFactors(given)).toEqual(want));
  for (const bad of ['10', '3,10', '1', '1,x', '1,0', '1,21', ''])
    it(`refuses ${JSON.stringify(bad)}`, () => expect(() => parseFactors(bad)).toThrow());
});
