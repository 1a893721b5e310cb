// The stub's test-mode magic is documented: every input it treats specially is one of the spec's
// test values (the registry the docs render), so a value renamed in the spec cannot silently stop
// working here.
import { describe, expect, it } from 'vitest';
import { contractModel } from '../../openapi/tools/contract-model.js';
import { loadSpec } from '../../openapi/tools/spec.js';
import { isAnsweringTestNumber, isFailingTestNumber, TEST_OTP_CODE } from './test-mode.js';

const model = contractModel(loadSpec());
const documented = (predicate: (value: string) => boolean) => model.testValues.filter((v) => predicate(v.value)).map((v) => v.value);

describe('test-mode inputs', () => {
  it.each([
    { name: 'the failing number', predicate: (v: string) => isFailingTestNumber('test', v), effect: /fails/ },
    { name: 'the answering number', predicate: (v: string) => isAnsweringTestNumber('test', v), effect: /answered/ },
    { name: 'the OTP code', predicate: (v: string) => v === TEST_OTP_CODE, effect: /123456/ },
  ])('$name is exactly one documented test value, whose effect says so', ({ predicate, effect }) => {
    const values = documented(predicate);
    expect(values).toHaveLength(1);
    expect(model.testValue(values[0]!)?.effect).toMatch(effect);
  });

  it('do nothing with a live key', () => {
    for (const v of model.testValues) {
      expect(isFailingTestNumber('live', v.value)).toBe(false);
      expect(isAnsweringTestNumber('live', v.value)).toBe(false);
    }
  });
});
