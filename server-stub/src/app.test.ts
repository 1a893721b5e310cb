// The assembled stub: first-start seeding, persistence across a restart on the same file, and a
// graceful close over a real port (in-flight requests finish, new ones are refused).
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_KEY } from './config.js';
import { spec } from './testing/examples.js';
import { ACCOUNT, ADMIN_KEY, bearer, OTHER_ACCOUNT, OTHER_KEY, testStub } from './testing/stub.js';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'stub-app-')), 'stub.sqlite');

describe('seeding', () => {
  it('creates two accounts with an all-scopes test key each, once', async () => {
    const db = tempDb();
    const numbered: string[] = [];
    const seedNumbers = (_s: unknown, accountId: string) => void numbered.push(accountId);
    let stub = await testStub({ config: { db }, seedNumbers });
    expect(stub.stores.accounts.count()).toBe(2);
    for (const [secret, account] of [
      [ADMIN_KEY, ACCOUNT],
      [OTHER_KEY, OTHER_ACCOUNT],
    ]) {
      const stored = stub.stores.keys.findBySecret(secret)!;
      expect(stored.accountId).toBe(account);
      expect(stored.key.mode).toBe('test');
      expect([...stored.key.scopes].sort()).toEqual(Object.keys(spec['x-scopes']).sort());
    }
    expect(numbered).toEqual([ACCOUNT, OTHER_ACCOUNT]);
    await stub.close();

    stub = await testStub({ config: { db }, seedNumbers });
    expect(stub.stores.accounts.count()).toBe(2);
    expect(stub.stores.keys.list(ACCOUNT)).toHaveLength(1);
    expect(numbered).toHaveLength(2);
    await stub.close();
  });

  it('adds a changed admin key on the next start', async () => {
    const db = tempDb();
    await (await testStub({ config: { db } })).close();
    const changed = `pl_test_${'C'.repeat(36)}`;
    const stub = await testStub({ config: { db, adminKey: changed } });
    expect((await stub.inject({ url: '/v1/account', headers: bearer(changed) })).statusCode).toBe(200);
    expect((await stub.inject({ url: '/v1/account', headers: bearer(DEFAULT_ADMIN_KEY) })).statusCode).toBe(200);
    await stub.close();
  });
});

describe('persistence', () => {
  it('keeps acknowledged writes across a restart on the same file', async () => {
    const db = tempDb();
    const doc = { id: 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', object: 'agent' };
    const override = {
      startCampaign: (_i: unknown, ctx: any) => {
        ctx.stores.resources.insert(ctx.account.id, 'agent', doc);
        throw Object.assign(new Error('stop after the write'), { wrote: true });
      },
    };
    let stub = await testStub({ config: { db }, override });
    const res = await stub.inject({ method: 'POST', url: '/v1/campaigns/cmp_6Tz1Qp8Lm3Wx7Rk2Nv9Hd5/start', headers: bearer(ADMIN_KEY) });
    expect(res.statusCode).toBe(500); // the write was committed before the handler failed
    const minted = stub.stores.keys.create(ACCOUNT, 'test', { name: 'kept', scopes: ['account:read'] }, new Date()).secret;
    await stub.close();

    stub = await testStub({ config: { db } });
    expect(stub.stores.resources.get(ACCOUNT, 'agent', doc.id)).toEqual(doc);
    expect(stub.stores.resources.get(OTHER_ACCOUNT, 'agent', doc.id)).toBeUndefined();
    expect((await stub.inject({ url: '/v1/account', headers: bearer(minted) })).statusCode).toBe(200);
    await stub.close();
  });
});

describe('close', () => {
  it('lets an in-flight request finish, then refuses connections and closes the database', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stub = await testStub({
      override: {
        getAccount: async () => {
          await gate;
          return { status: 200, body: { ...accountExample() } };
        },
      },
    });
    const { port } = await stub.listen(0, '127.0.0.1');
    const inFlight = get(port, '/v1/account');
    await new Promise((r) => setTimeout(r, 50));
    const closed = stub.close();
    await new Promise((r) => setTimeout(r, 50));
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('close');
    await closed;
    expect(stub.db.open).toBe(false);
    await expect(get(port, '/v1/account')).rejects.toThrow(/ECONNREFUSED/);
  });
});

function accountExample() {
  const op = spec.paths['/v1/account'].get;
  return op.responses['200'].content['application/json'].examples.account.value;
}

function get(port: number, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: bearer(ADMIN_KEY) }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
