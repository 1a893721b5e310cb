import { component } from '../context.js';
import { markdown } from '../inline-markdown.js';
import { codeBlock, h2 } from '../layout.js';
import { errorsTable, headersTable, renderTable, schemaFieldsTable } from '../tables.js';
import type { Guide } from './guide.js';

/**
 * What a client should do about each error code. Advice is prose the spec does not hold; the
 * code list, statuses and meanings come from the spec, and the docs test fails when a code of
 * the spec has no advice here.
 */
export const ERROR_ADVICE: Record<string, string> = {
  MALFORMED_REQUEST: 'Fix the request: send valid JSON with `Content-Type: application/json`. Do not retry unchanged.',
  UNAUTHORIZED: 'Send a valid, unrevoked, unexpired key in `Authorization: Bearer` or `X-API-Key`, never in the URL or body.',
  INSUFFICIENT_BALANCE: 'Top up the balance, then retry. Nothing was charged.',
  INSUFFICIENT_SCOPE: 'Use a key with the scope named in `WWW-Authenticate`, or create one; do not retry with the same key.',
  IP_NOT_ALLOWED: 'Call from an address in the account and key allowlists, or update the allowlist from an allowed address.',
  SPEND_CAP_EXCEEDED: 'Raise the monthly spend cap or wait for the next month. Nothing was charged.',
  NOT_FOUND: 'Check the id. Resources of other accounts are reported as not found too.',
  METHOD_NOT_ALLOWED: 'Use a method the API reference documents for this path.',
  CONFLICT: 'Read the resource again and act on its current state (or use another unique value); retrying unchanged gives the same answer.',
  IDEMPOTENCY_IN_PROGRESS: 'Wait and retry with the same `Idempotency-Key`: once the first request completes you get its response.',
  PAYLOAD_TOO_LARGE: 'Send a smaller body, for example split a bulk import into several requests.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as `application/json`.',
  VALIDATION_ERROR: 'Fix every field listed in `errors`; do not retry unchanged.',
  IDEMPOTENCY_KEY_REUSED: 'Use a new `Idempotency-Key` for a different request; reuse a key only to retry the identical request.',
  RATE_LIMITED: 'Wait `Retry-After` seconds, then retry; watch `X-RateLimit-Remaining` to slow down earlier.',
  CONCURRENCY_LIMIT: 'Wait for an active call to end, then retry after `Retry-After` seconds.',
  INTERNAL_ERROR: 'Retry with exponential backoff (with an `Idempotency-Key` for POSTs); quote the `request_id` to support if it persists.',
  UPSTREAM_ERROR: 'A carrier or provider failed; retry later with backoff. Nothing was charged.',
  SERVICE_UNAVAILABLE:
    'A backing store is briefly unavailable: wait `Retry-After` seconds and retry (with the same `Idempotency-Key` for POSTs).',
};

export const adviceFor = (code: string) => ERROR_ADVICE[code] ?? 'See the operation in the API reference.';

export const errors: Guide = {
  slug: 'errors',
  title: 'Errors',
  summary: 'Every error is RFC 9457 problem+json with a stable code: the full table of codes and what to do.',
  render(ctx) {
    const problem = component(ctx.spec, 'schemas', 'Problem');
    const example = component(ctx.spec, 'responses', 'ValidationError')?.content?.['application/problem+json']?.examples?.[
      'validation-error'
    ]?.value;
    return `<h1>Errors</h1>
<p class="lead">Every 4xx and 5xx answer is an <code>application/problem+json</code> document (RFC 9457) with a stable, machine-readable <code>code</code>.</p>
${markdown(problem.description)}
${h2('format', 'The error body')}
${renderTable(schemaFieldsTable(ctx, 'Problem', 'problem-fields'))}
${codeBlock(JSON.stringify(example ?? {}, null, 2), 'json', 'Response 422 · application/problem+json')}
${h2('codes', 'Error codes')}
${markdown(component(ctx.spec, 'schemas', 'ErrorCode')?.description)}
${renderTable(errorsTable(ctx, adviceFor))}
${h2('request-id', 'Request ids')}
${renderTable(headersTable(ctx, ['X-Request-Id'], 'request-id-header'))}`;
  },
};
