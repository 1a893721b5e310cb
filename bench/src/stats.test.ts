import { describe, expect, it } from 'vitest';
import { median, percentile, ratio } from './stats.js';

describe('median', () => {
  const table: Array<[number[], number]> = [
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1000], 10],
  ];
  for (const [given, want] of table) it(`of ${JSON.stringify(given)} is ${want}`, () => expect(median(given)).toBe(want));
  it('of nothing is NaN', () => expect(median([])).toBeNaN());
  it('leaves its input unsorted', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentile (nearest rank)', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  const table: Array<[number, number]> = [
    [0.5, 50],
    [0.99, 99],
    [1, 100],
    [0, 1],
  ];
  for (const [p, want] of table) it(`p${p * 100} of 1..100 is ${want}`, () => expect(percentile(sorted, p)).toBe(want));
  it('of nothing is 0', () => expect(percentile([], 0.5)).toBe(0));
});

describe('ratio', () => {
  const table: Array<[number | undefined, number | undefined, number]> = [
    [30_000, 60_000, 0.5],
    [17_000, 1_700, 10],
    [1, 0, NaN],
    [undefined, 1, NaN],
    [NaN, 1, NaN],
  ];
  for (const [a, b, want] of table) it(`${a} / ${b} = ${want}`, () => expect(ratio(a, b)).toEqual(want));
});
