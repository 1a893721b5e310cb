import { h2 } from '../layout.js';
import { type Guide, opLink } from './guide.js';

export const security: Guide = {
  slug: 'security',
  title: 'Security best practices',
  summary: 'Keep keys server-side, narrow, allowlisted, rotated and monitored.',
  render(ctx, root) {
    const n = ctx.model.scopes.length;
    const practice = (title: string, html: string) => `<div class="practice"><h3>${title}</h3><p>${html}</p></div>`;
    return `<h1>Security best practices</h1>
<p class="lead">An API key can place calls and spend money. Treat it like a password with a budget.</p>
${h2('keys', 'Keep keys secret')}
<div class="practices">
${practice('Server-side only', 'Call the API from your backend. Never put a key in a browser, a mobile app or any code that ships to users.')}
${practice('Environment, not code', 'Keep keys in environment variables or a secret manager. Never commit them; scan your repositories for <code>pl_live_</code>.')}
${practice('Headers, not URLs', 'Send keys in <code>Authorization</code> or <code>X-API-Key</code>. URLs end up in logs, so the API refuses keys in the query string.')}
${practice('Stored once', `Secrets are shown once, when ${opLink(ctx, root, 'createApiKey', 'created')} or ${opLink(ctx, root, 'rotateApiKey', 'rotated')}. Store them at once; Parley keeps only a hash.`)}
</div>
${h2('limit', 'Limit what a key can do')}
<div class="practices">
${practice('Least privilege', `Grant only the <a href="${root}guides/scopes.html">scopes</a> a key needs (there are ${n}); use <code>:read</code> scopes for reporting.`)}
${practice('One key per application', 'Separate keys per service and environment, so that revoking one does not stop the others and logs show who did what.')}
${practice('IP allowlists', `Restrict keys to your servers' addresses with the <a href="${root}guides/ip-allowlisting.html">account allowlist</a> and per-key <code>allowed_ips</code>.`)}
${practice('Test keys for development', `Use <code>pl_test_</code> keys everywhere but production: <a href="${root}guides/test-mode.html">test mode</a> never dials, sends or charges.`)}
</div>
${h2('lifecycle', 'Rotate and monitor')}
<div class="practices">
${practice('Rotate regularly', `${opLink(ctx, root, 'rotateApiKey', 'Rotate')} keys every 90 days and at once if one may have leaked; the old secret stops working immediately.`)}
${practice('Expire what is temporary', 'Give keys for contractors, demos and one-off jobs an <code>expires_at</code>.')}
${practice('Watch usage', `Check <code>last_used_at</code> on ${opLink(ctx, root, 'listApiKeys', 'your keys')} and revoke the ones nobody uses; alert on spikes of 401, 403 and 429.`)}
${practice('Verify webhooks', `Check the <a href="${root}guides/webhooks.html">signature</a> of every delivery and reject old timestamps.`)}
</div>`;
  },
};
