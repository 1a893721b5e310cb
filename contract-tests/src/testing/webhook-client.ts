// Test-only support for the webhook tests: a
// plain node:http client, and Standard Webhooks signing done with node:crypto, independently of
// the `standardwebhooks` package the verifier uses, so a test can catch that package misused.
import { createHmac, randomBytes } from 'node:crypto';
import { type Agent, type IncomingHttpHeaders, request } from 'node:http';

export interface Sent {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: Agent | false } = {},
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'POST', headers: opts.headers, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A fresh `whsec_…` secret and the key bytes it encodes. */
export function makeSecret(): { secret: string; key: Buffer } {
  const key = randomBytes(24);
  return { secret: `whsec_${key.toString('base64')}`, key };
}

/** `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)). */
export function sign(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three Standard Webhooks headers of a message signed now (or at `timestampSeconds`). */
export function signedHeaders(key: Buffer, body: string, id = `msg_${randomBytes(8).toString('hex')}`, timestampSeconds = nowSeconds()) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': sign(key, id, timestampSeconds, body),
  };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
