import { defineConfig } from 'vitest/config';

// `npm test` runs every *.test.ts but the slow reliability suites (*.slow.test.ts: hostile input,
// kill -9 loops, planted faults); `npm run test:reliability` (PARLEY_SLOW=1) runs those and the
// stub's scenarios whose figures the reliability table reports. CI runs both.
const slow = process.env.PARLEY_SLOW === '1';
const RELIABILITY = [
  '**/*.slow.test.ts',
  'server-stub/src/multi-process.test.ts',
  'server-stub/src/store/unavailable.test.ts',
  'server-stub/src/middleware/auth/auth-failures.test.ts',
];

export default defineConfig({
  test: {
    include: slow ? RELIABILITY : ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '.data/**', ...(slow ? [] : ['**/*.slow.test.ts'])],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report is what .ci/run counts; the default reporter is what people read.
    reporters: ['default', 'json'],
    outputFile: { json: slow ? 'reports/vitest-reliability.json' : 'reports/vitest.json' },
  },
});
