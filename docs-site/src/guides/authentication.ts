import { component } from '../context.js';
import { esc } from '../html.js';
import { inline, markdown } from '../inline-markdown.js';
import { callout, codeBlock, h2 } from '../layout.js';
import { curlSample } from '../samples.js';
import { headersTable, renderTable } from '../tables.js';
import { type Guide, opLink, pairOf, responseBlock, sampleTabs } from './guide.js';

export const authentication: Guide = {
  slug: 'authentication',
  title: 'Authentication',
  summary: 'Send your API key as a Bearer token or in X-API-Key; key prefixes, secrets shown once, rotation.',
  render(ctx, root) {
    const schemes = ctx.spec.components?.securitySchemes ?? {};
    const bearer = schemes.bearerAuth ?? {};
    const apiKey = schemes.apiKeyHeader ?? {};
    const account = ctx.byId('getAccount');
    const req = pairOf(account).request;
    const unauthorized = component(ctx.spec, 'responses', 'Unauthorized');
    const unauthorizedExamples = Object.values<any>(unauthorized.content?.['application/problem+json']?.examples ?? {});
    const apiKeySchema = component(ctx.spec, 'schemas', 'ApiKey');
    const create = ctx.byId('createApiKey');
    const rotate = ctx.byId('rotateApiKey');
    const created = pairOf(create);
    return `<h1>Authentication</h1>
<p class="lead">Every request is authenticated with an API key sent in a request header. There are two equivalent headers; use the first one unless your HTTP client cannot send it.</p>
${h2('bearer', 'Authorization: Bearer (recommended)')}
${markdown(bearer.description)}
${codeBlock(curlSample(ctx, account, req), 'shell')}
${h2('x-api-key', 'X-API-Key (alternative)')}
${markdown(apiKey.description)}
${codeBlock(curlSample(ctx, account, req, { apiKeyHeader: true }), 'shell')}
${callout('warning', 'Keys are never accepted in the query string or the request body. Such a request is refused with 401 and a message saying where the key belongs; treat a key that travelled in a URL as leaked and rotate it.')}
${h2('key-format', 'Key format and modes')}
<p>Keys look like <code>${esc(bearer.bearerFormat ?? '')}</code>.</p>
${renderTable({
  id: 'key-fields',
  columns: ['Field', 'Meaning'],
  rows: ['prefix', 'mode', 'scopes', 'allowed_ips', 'expires_at'].map((f) => [
    { html: `<code>${f}</code>` },
    { html: inline(apiKeySchema.properties?.[f]?.description ?? '') },
  ]),
})}
${h2('shown-once', 'Secrets are shown once')}
${markdown(String(apiKeySchema.description ?? '').replace(/^An API key, without its secret\.\s*/, ''))}
<p>${opLink(ctx, root, 'createApiKey')}: ${inline(create.op.description.split('\n\n')[0])}</p>
${sampleTabs(ctx, create, created)}
${responseBlock(created)}
${h2('rotation', 'Rotate keys')}
${markdown(rotate.op.description.split('\n\n')[0])}
${sampleTabs(ctx, rotate, pairOf(rotate))}
<p>Rotate on a schedule and at once when a key may have leaked. To replace a key without downtime, create a second key with the same scopes, deploy it, then ${opLink(ctx, root, 'revokeApiKey', 'revoke')} the old one.</p>
${h2('failures', 'When authentication fails')}
${markdown(unauthorized.description)}
${renderTable({
  id: 'auth-failures',
  columns: ['Case', 'Status', 'detail'],
  rows: unauthorizedExamples.map((e) => [e.summary ?? '', `${e.value?.status} ${e.value?.code}`, e.value?.detail ?? '']),
})}
${renderTable(headersTable(ctx, ['WWW-Authenticate'], 'auth-headers'))}
<p>A key that is valid but lacks the operation's scope gets 403 <code>INSUFFICIENT_SCOPE</code>: see <a href="${root}guides/scopes.html">Scopes</a>. A key used from outside its IP allowlist gets 403 <code>IP_NOT_ALLOWED</code>: see <a href="${root}guides/ip-allowlisting.html">IP allowlisting</a>.</p>
${codeBlock(JSON.stringify(unauthorizedExamples[0]?.value ?? {}, null, 2), 'json', 'Response 401 · application/problem+json')}`;
  },
};
