// BENCH_PORT_RANGE: which ports the bench may use.
import { describe, expect, it } from 'vitest';
import { parsePortRange } from './ports.js';

describe('parsePortRange', () => {
  const ok: Array<[string | undefined, [number, number] | undefined]> = [
    [undefined, undefined],
    ['', undefined],
    ['47300-47399', [47300, 47399]],
    [' 5000 - 5000 ', [5000, 5000]],
  ];
  for (const [given, want] of ok)
    it(`${JSON.stringify(given)} → ${JSON.stringify(want)}`, () => expect(parsePortRange(given)).toEqual(want));
  for (const bad of ['47399-47300', '80-90', '47300', '1-70000', 'a-b'])
    it(`refuses ${bad}`, () => expect(() => parsePortRange(bad)).toThrow(/BENCH_PORT_RANGE/));
});
