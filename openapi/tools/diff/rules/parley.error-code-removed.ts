// Clients branch on `code`; a code removed or renamed silently drops into their default branch.
import { defineRule } from '../types.js';

export default defineRule({
  id: 'parley.error-code-removed',
  level: 'breaking',
  description: 'A problem code was removed from (or renamed in) the ErrorCode enum; codes are stable.',
  reference: 'openapi/README.md#responses',
  check: (base, head) =>
    base.errorCodes
      .filter((code) => !head.errorCodes.includes(code))
      .map((code) => ({
        message: `error code ${code} removed${head.errorCodes.some((c) => !base.errorCodes.includes(c)) ? ' (renamed?)' : ''}; codes are stable`,
        subject: code,
        where: { kind: 'component', section: 'schemas', name: 'ErrorCode', needle: 'enum:' },
      })),
});
