// What an idempotency record keeps is the answer to replay, and some answers carry a secret shown
// once (an API key's, a webhook endpoint's signing secret). Stored as is, the record would keep the
// secret in plain text for 24 h, in SQLite or Redis, beside hashes meant to make a copied store
// useless. So the stored answer is sealed (AES-256-GCM) under a key derived from the server's
// pepper and the request's own (account, Idempotency-Key): only a retry of that request, on a
// server holding the pepper, can open it.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { StoredResponse } from './store.js';

export interface ResponseSealer {
  seal(accountId: string, key: string, response: StoredResponse): StoredResponse;
  open(accountId: string, key: string, stored: StoredResponse): StoredResponse;
}

interface Sealed {
  sealed: string;
}
const isSealed = (body: unknown): body is Sealed =>
  typeof body === 'object' && body !== null && typeof (body as Sealed).sealed === 'string' && Object.keys(body).length === 1;

export function responseSealer(pepper: string): ResponseSealer {
  const keyOf = (accountId: string, key: string) => createHmac('sha256', pepper).update(`idempotency\n${accountId}\n${key}`).digest();
  return {
    seal(accountId, key, response) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyOf(accountId, key), iv);
      const plain = Buffer.from(JSON.stringify({ body: response.body, headers: response.headers }));
      const data = Buffer.concat([cipher.update(plain), cipher.final()]);
      return { status: response.status, body: { sealed: Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64') } };
    },
    open(accountId, key, stored) {
      // Records written before sealing (or by a store that never saw one) are replayed as they are.
      if (!isSealed(stored.body)) return stored;
      const raw = Buffer.from(stored.body.sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', keyOf(accountId, key), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const plain = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
      return { status: stored.status, body: plain.body, ...(plain.headers ? { headers: plain.headers } : {}) };
    },
  };
}
