// The curl command that reproduces an exchange. Secrets are never printed: the key a request
// carried is replaced by its placeholder (`$CONTRACT_KEY`, `$CONTRACT_OTHER_KEY`, …).
import type { Exchange } from './types.js';

const MAX_INLINE_BODY = 4096;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function toCurl(ex: Pick<Exchange, 'request' | 'credential'>, secrets: ReadonlyMap<string, string> = new Map()): string {
  const redact = (s: string) => {
    let out = s;
    for (const [secret, label] of secrets) if (secret.length >= 8) out = out.split(secret).join(label);
    return out;
  };
  const { request } = ex;
  const parts = ['curl', '-sS', '-i'];
  if (request.method !== 'GET') parts.push('-X', request.method);
  parts.push(dq(redact(request.url)));
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() === 'content-length') continue;
    parts.push('-H', dq(`${name}: ${redact(value)}`));
  }
  if (request.body !== undefined) {
    const size = Buffer.byteLength(request.body);
    if (request.bodyNote || size > MAX_INLINE_BODY) {
      parts.push('--data-binary', `@<(head -c ${size} /dev/zero | tr '\\0' 'a')`, `# ${request.bodyNote ?? `a ${size}-byte body`}`);
    } else {
      parts.push('--data-binary', quote(redact(String(request.body))));
    }
  }
  return parts.join(' ');
}

/** Double quotes so that `$CONTRACT_KEY` placeholders expand in a shell; escapes the rest. */
function dq(s: string): string {
  return `"${s.replace(/(["\\`])/g, '\\$1').replace(/\$(?![A-Z_]+\b)/g, '\\$')}"`;
}
