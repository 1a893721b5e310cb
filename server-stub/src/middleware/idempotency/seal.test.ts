// Idempotency records keep the answer sealed: a secret shown once (an API key's) is never at rest in
// plain text, a retry of the same request opens it, nothing else can.
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, bearer, testStub } from '../../testing/stub.js';
import { responseSealer } from './seal.js';

const PEPPER = 'a-pepper-of-at-least-32-characters-000';
const answer = { status: 201, body: { id: 'key_1', secret: `pl_test_${'S'.repeat(40)}` }, headers: { 'X-A': '1' } };

describe('responseSealer', () => {
  const sealer = responseSealer(PEPPER);

  it('seals the body and headers, and the same request opens them', () => {
    const sealed = sealer.seal('acct_a', 'k-1', answer);
    expect(JSON.stringify(sealed)).not.toContain('pl_test_');
    expect(sealed.status).toBe(201);
    expect(sealer.open('acct_a', 'k-1', sealed)).toEqual(answer);
  });

  it.each([
    ['another Idempotency-Key', () => sealer.open('acct_a', 'k-2', sealer.seal('acct_a', 'k-1', answer))],
    ['another account', () => sealer.open('acct_b', 'k-1', sealer.seal('acct_a', 'k-1', answer))],
    ['another pepper', () => responseSealer(`${PEPPER}x`).open('acct_a', 'k-1', sealer.seal('acct_a', 'k-1', answer))],
  ])('cannot be opened with %s', (_given, open) => expect(open).toThrow());

  it('replays a record stored before sealing as it is', () => {
    expect(sealer.open('acct_a', 'k-1', answer)).toEqual(answer);
  });
});

describe('through the pipeline', () => {
  it('keeps no created API key secret at rest in the idempotency records, and replays it to the retry', async () => {
    const stub = await testStub({ config: { limitScale: 100 } });
    try {
      const create = () =>
        stub.inject({
          method: 'POST',
          url: '/v1/api-keys',
          headers: { ...bearer(ADMIN_KEY), 'content-type': 'application/json', 'idempotency-key': 'k-secret' },
          payload: { name: 'sealed', scopes: ['account:read'] },
        });
      const first = await create();
      expect(first.statusCode).toBe(201);
      const secret = first.json().secret as string;
      const rows = JSON.stringify(stub.db.prepare('SELECT * FROM idempotency_records').all());
      expect(rows).toContain('k-secret');
      expect(rows).not.toContain(secret);
      const again = await create();
      expect([again.statusCode, again.headers['idempotent-replayed'], again.json().secret]).toEqual([201, 'true', secret]);
    } finally {
      await stub.close();
    }
  });
});
