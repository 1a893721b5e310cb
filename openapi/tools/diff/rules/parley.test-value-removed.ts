// Client test suites drive error paths with the magic values; one removed silently stops testing that path.
import { defineRule } from '../types.js';

export default defineRule({
  id: 'parley.test-value-removed',
  level: 'breaking',
  description: 'A test-mode magic value (x-test-values) was removed, or no longer triggers the same status and code.',
  reference: 'openapi/README.md#test-mode',
  check: (base, head) =>
    base.testValues
      .filter((b) => !head.testValues.some((h) => h.value === b.value && h.field === b.field && h.status === b.status && h.code === b.code))
      .map((b) => ({
        message: `test value ${b.value} (${b.field} → ${b.status}${b.code ? ` ${b.code}` : ''}) removed or changed`,
        subject: `${b.field}=${b.value}`,
        where: { kind: 'root', key: 'x-test-values' },
      })),
});
