import { component } from '../context.js';
import { inline, markdown } from '../inline-markdown.js';
import { callout, codeBlock, h2 } from '../layout.js';
import { type Guide, opLink, pairOf, responseBlock, sampleTabs } from './guide.js';

export const ipAllowlisting: Guide = {
  slug: 'ip-allowlisting',
  title: 'IP allowlisting',
  summary: 'Restrict where your keys work from: an account-wide allowlist and per-key allowed_ips.',
  render(ctx, root) {
    const get = ctx.byId('getIpAllowlist');
    const replace = ctx.byId('replaceIpAllowlist');
    const replacePair = pairOf(replace, 'replace-allowlist');
    const notAllowed = component(ctx.spec, 'responses', 'Forbidden')?.content?.['application/problem+json']?.examples?.['ip-not-allowed']
      ?.value;
    const allowedIps = component(ctx.spec, 'schemas', 'ApiKey')?.properties?.allowed_ips?.description;
    return `<h1>IP allowlisting</h1>
<p class="lead">With an allowlist, a stolen key is useless outside your network. There are two levels, and a request must pass both.</p>
${h2('account', 'The account allowlist')}
${markdown(get.op.description)}
${h2('replace', 'Replace the allowlist')}
${markdown(replace.op.description)}
${sampleTabs(ctx, replace, replacePair)}
${responseBlock(replacePair)}
${callout('warning', `Send the replacement from an address that the new list contains, or the API refuses it with 409 so that you cannot lock yourself out. An empty list (${opLink(ctx, root, 'replaceIpAllowlist', 'the clear-allowlist example')}) removes the restriction.`)}
${h2('per-key', 'Per-key allowed_ips')}
<p><code>allowed_ips</code> on a key: ${inline(allowedIps ?? '')} Set it when you ${opLink(ctx, root, 'createApiKey', 'create the key')}.</p>
${h2('refused', 'A refused request')}
<p>A request from an address outside either list is answered 403 <code>IP_NOT_ALLOWED</code> and has no effect.</p>
${codeBlock(JSON.stringify(notAllowed ?? {}, null, 2), 'json', 'Response 403 · application/problem+json')}`;
  },
};
