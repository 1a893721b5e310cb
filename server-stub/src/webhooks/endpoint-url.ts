// What a webhook endpoint URL must be when it is registered (createWebhook): HTTPS to a public host;
// with local delivery allowed (STUB_WEBHOOK_ALLOW_LOOPBACK=1), also plain HTTP to 127.0.0.1 so a
// receiver on the developer's machine can be registered through the normal operation. Checked
// synchronously here (IP literals and form); host names are resolved and checked again at every
// delivery (target-guard.ts), so a name that later points inside is still refused.
import { isIP } from 'node:net';
import { forbiddenAddress } from './target-guard.js';

/** Why `raw` cannot be registered, or undefined when it can. */
export function endpointUrlProblem(raw: string, allowLoopback: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute https:// URL';
  }
  if (url.username || url.password) return 'must not carry credentials (user:password@)';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local = allowLoopback && url.protocol === 'http:' && host === '127.0.0.1' && url.port !== '';
  if (local) return undefined;
  if (url.protocol !== 'https:')
    return allowLoopback ? 'must be an https:// URL (or http://127.0.0.1:<port>/ for local delivery)' : 'must be an https:// URL';
  if (host === 'localhost' || host.endsWith('.localhost')) return allowLoopback ? undefined : 'must not point at localhost';
  if (isIP(host)) {
    const forbidden = forbiddenAddress(host);
    if (forbidden && !(allowLoopback && forbidden.kind === 'loopback')) return `must not point at ${forbidden.description}`;
  }
  return undefined;
}
