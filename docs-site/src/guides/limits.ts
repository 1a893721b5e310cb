import { RATE_LIMIT_HEADER_NAMES } from '../../../openapi/tools/contract-model.js';
import { component } from '../context.js';
import { markdown } from '../inline-markdown.js';
import { callout, codeBlock, h2 } from '../layout.js';
import { concurrencyTable, headersTable, rateLimitTable, renderTable } from '../tables.js';
import type { Guide } from './guide.js';

const BACKOFF = `// Retries a request after a 429, waiting what the API asks for (Retry-After, in seconds).
async function withBackoff<T extends { response: Response }>(send: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const result = await send();
    if (result.response.status !== 429 || attempt === attempts) return result;
    const retryAfter = Number(result.response.headers.get('Retry-After') ?? '1');
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
  }
}

const { data } = await withBackoff(() => parley.GET('/v1/calls'));`;

export const limits: Guide = {
  slug: 'rate-limits',
  title: 'Rate and concurrency limits',
  summary: 'Requests per minute per key, active calls per account, the headers that report them and how to back off.',
  render(ctx, root) {
    const problem = (response: string, example: string) =>
      component(ctx.spec, 'responses', response)?.content?.['application/problem+json']?.examples?.[example]?.value;
    const rateLimited = problem('TooManyRequests', 'rate-limited');
    const concurrency = problem('TooManyRequestsCalls', 'concurrency-limit');
    return `<h1>Rate and concurrency limits</h1>
<p class="lead">Limits are counted per API key over a sliding window. A request counts against every policy that applies to its operation; the answer is 429 as soon as one of them is exhausted.</p>
${h2('rate-limits', 'Rate limits')}
${renderTable(rateLimitTable(ctx, root))}
${h2('concurrency', 'Concurrency limits')}
${renderTable(concurrencyTable(ctx, root))}
${h2('headers', 'Rate-limit headers')}
<p>Every answer to an authenticated request reports the limit closest to exhaustion, both in the widespread <code>X-RateLimit-*</code> form and in the IETF structured fields.</p>
${renderTable(headersTable(ctx, [...RATE_LIMIT_HEADER_NAMES, 'Retry-After'], 'limit-headers'))}
${h2('exceeded', 'When a limit is exceeded')}
${markdown(component(ctx.spec, 'responses', 'TooManyRequestsCalls')?.description)}
${rateLimited ? codeBlock(JSON.stringify(rateLimited, null, 2), 'json', 'Response 429 · RATE_LIMITED') : ''}
${concurrency ? codeBlock(JSON.stringify(concurrency, null, 2), 'json', 'Response 429 · CONCURRENCY_LIMIT') : ''}
${h2('backoff', 'How to back off')}
<ul>
<li>On 429, wait <code>Retry-After</code> seconds, then retry. Never retry sooner: the window has not freed a request yet.</li>
<li>Watch <code>X-RateLimit-Remaining</code> and slow down before it reaches 0 instead of waiting for a 429.</li>
<li>On <code>CONCURRENCY_LIMIT</code>, wait for an active call to end (the <code>call.completed</code> and <code>call.failed</code> <a href="${root}guides/webhooks.html">webhooks</a> tell you) rather than polling.</li>
<li>Retries of side-effecting POSTs are safe only with an <a href="${root}guides/idempotency.html">Idempotency-Key</a>.</li>
</ul>
${codeBlock(BACKOFF, 'ts', 'Backing off with openapi-fetch')}
${callout('note', 'A 429 is not charged and has no side effect: the request was not executed.')}`;
  },
};
