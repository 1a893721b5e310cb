import { describe, expect, it } from 'vitest';
import type { Scope } from '../store/api-keys.js';
import { expectDocumented, pick, thrown } from '../testing/assert.js';
import { example } from '../testing/examples.js';
import { input, T0, World } from '../testing/world.js';
import { apiKeyHandlers as h } from './api-keys.js';

const later = (ms: number) => new Date(T0.getTime() + ms);
const STABLE = ['object', 'name', 'mode', 'scopes', 'allowed_ips', 'expires_at', 'revoked_at'] as const;

describe('createApiKey', () => {
  // given: a documented example; want: its status and stable values.
  it.each(['create-key', 'create-read-only-key'])('replays the %s example', async (name) => {
    const ex = example(`createApiKey:${name}`);
    const world = new World();
    const res = await h.createApiKey(input({ body: ex.request.body }), world.ctx());
    expect(res.status).toBe(ex.status);
    expect(pick(res.body, STABLE)).toEqual(pick(ex.value, STABLE));
    expect(res.body.last_used_at).toBeNull();
    expect(res.body.secret.startsWith(res.body.prefix)).toBe(true);
    expectDocumented('createApiKey', res);
  });

  it('returns a secret that authenticates, stored only as a hash', async () => {
    const world = new World();
    const res = await h.createApiKey(input({ body: { name: 'Backend server', scopes: ['calls:read'] } }), world.ctx());
    expect(world.stores.keys.findBySecret(res.body.secret)?.key.id).toBe(res.body.id);
    const rows = world.db.prepare('SELECT * FROM api_keys').all();
    expect(JSON.stringify(rows)).not.toContain(res.body.secret);
  });

  // given: the caller's scopes and the requested ones; want: created, or 403 naming the missing scopes.
  const escalation: Array<{ given: [Scope[], Scope[]]; want: number | string }> = [
    { given: [['keys:write', 'calls:read'], ['calls:read']], want: 201 },
    {
      given: [
        ['keys:write', 'calls:read', 'calls:write'],
        ['calls:read', 'calls:write'],
      ],
      want: 201,
    },
    { given: [['keys:write'], ['keys:write']], want: 201 },
    {
      given: [
        ['keys:write', 'calls:read'],
        ['calls:read', 'calls:write'],
      ],
      want: 'calls:write',
    },
    { given: [['keys:write'], ['keys:read']], want: 'keys:read' },
    {
      given: [
        ['keys:write', 'calls:read'],
        ['billing:read', 'calls:read', 'otp'],
      ],
      want: 'billing:read otp',
    },
  ];
  it.each(escalation)('a key with $given.0 asking for $given.1 → $want', async ({ given: [own, asked], want }) => {
    const world = new World();
    const caller = world.addKey(own).key;
    const before = world.stores.keys.list(world.accountId).length;
    const call = () => h.createApiKey(input({ body: { name: 'Narrow', scopes: asked } }), world.ctx({ key: caller }));
    if (typeof want === 'number') {
      const res = await call();
      expect(res.status).toBe(want);
      expect(res.body.scopes).toEqual(asked);
      return;
    }
    const err = await thrown(call);
    expect([err.status, err.code]).toEqual([403, 'INSUFFICIENT_SCOPE']);
    expect(err.extra.headers?.['WWW-Authenticate']).toBe(`Bearer realm="parley", error="insufficient_scope", scope="${want}"`);
    expect(world.stores.keys.list(world.accountId)).toHaveLength(before);
  });

  // given: the caller's mode; want: the new key's mode and prefix.
  it.each(['live', 'test'] as const)('a %s key creates %s keys', async (mode) => {
    const world = new World({ mode });
    const res = await h.createApiKey(input({ body: { name: 'Child', scopes: ['otp'] } }), world.ctx());
    expect(res.body.mode).toBe(mode);
    expect(res.body.prefix).toMatch(new RegExp(`^pl_${mode}_[A-Za-z0-9]{4}$`));
    expect(res.body.secret).toMatch(new RegExp(`^pl_${mode}_[A-Za-z0-9]{32,}$`));
  });

  // given: a body the schema admits; want: the 422 field.
  const invalidBodies: Array<{ given: object; want: string }> = [
    { given: { expires_at: T0.toISOString() }, want: 'body.expires_at' },
    { given: { expires_at: '2020-01-01T00:00:00Z' }, want: 'body.expires_at' },
    { given: { allowed_ips: ['10.0.0.0/8', '10.0.0.0/33'] }, want: 'body.allowed_ips.1' },
  ];
  it.each(invalidBodies)('$given → 422 on $want', async ({ given, want }) => {
    const world = new World();
    const err = await thrown(() => h.createApiKey(input({ body: { name: 'Bad', scopes: ['otp'], ...given } }), world.ctx()));
    expect([err.status, err.code, err.extra.errors?.[0].field]).toEqual([422, 'VALIDATION_ERROR', want]);
  });
});

describe('getApiKey and listApiKeys', () => {
  it('never include a secret', async () => {
    const world = new World();
    const created = await h.createApiKey(input({ body: example('createApiKey:create-key').request.body }), world.ctx());
    const got = await h.getApiKey(input({ path: { key_id: created.body.id } }), world.ctx());
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('secret');
    expect(got.body).toEqual(Object.fromEntries(Object.entries(created.body).filter(([k]) => k !== 'secret')));
    expectDocumented('getApiKey', got);
    const list = await h.listApiKeys(input(), world.ctx());
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    expect(list.body.data.every((k) => !('secret' in k))).toBe(true);
    expectDocumented('listApiKeys', list);
  });

  // given: a key id; want: 404 (unknown, or another account's).
  it.each(['unknown', 'other-account'])('getApiKey of an %s key → 404', async (which) => {
    const world = new World();
    const other = world.addAccount();
    const id = which === 'unknown' ? example('getApiKey:not-found').request.path.key_id : world.key({ account: other }).id;
    const err = await thrown(() => h.getApiKey(input({ path: { key_id: id } }), world.ctx()));
    expect([err.status, err.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('lists newest first, a page at a time, revoked keys included', async () => {
    const world = new World();
    const a = world.addKey(['otp']).key;
    const b = world.addKey(['lookup']).key;
    await h.revokeApiKey(input({ path: { key_id: a.id } }), world.ctx());
    const first = await h.listApiKeys(input({ query: { limit: 2 } }), world.ctx());
    expect(first.body.data.map((k) => k.id)).toEqual([b.id, a.id]);
    expect(first.body.data[1].revoked_at).not.toBeNull();
    expect([first.body.has_more, first.body.next_cursor]).toEqual([true, a.id]);
    const second = await h.listApiKeys(input({ query: { limit: 2, starting_after: a.id } }), world.ctx());
    expect(second.body.data.map((k) => k.id)).toEqual([world.key().id]);
    expect([second.body.has_more, second.body.next_cursor]).toEqual([false, null]);
    const err = await thrown(() => h.listApiKeys(input({ query: { starting_after: 'key_0000000000000000000000' } }), world.ctx()));
    expect(err.status).toBe(422);
  });

  it("lists only the caller's account", async () => {
    const world = new World();
    world.addAccount();
    const list = await h.listApiKeys(input(), world.ctx());
    expect(list.body.data.map((k) => k.id)).toEqual([world.key().id]);
  });
});

describe('revokeApiKey', () => {
  it('replays revoke-key, then conflict, as documented', async () => {
    const world = new World();
    const made = await h.createApiKey(input({ body: example('createApiKey:create-read-only-key').request.body }), world.ctx());
    const revoke = example('revokeApiKey:revoke-key');
    const res = await h.revokeApiKey(input({ path: { key_id: made.body.id } }), world.ctx({ now: later(60_000) }));
    expect(res.status).toBe(revoke.status);
    expect(pick(res.body, ['object', 'name', 'mode', 'scopes', 'allowed_ips', 'expires_at'])).toEqual(
      pick(revoke.value, ['object', 'name', 'mode', 'scopes', 'allowed_ips', 'expires_at']),
    );
    expect(res.body.revoked_at).toBe(later(60_000).toISOString());
    expect(res.body).not.toHaveProperty('secret');
    expectDocumented('revokeApiKey', res);
    // Persisted: the key stays, revoked.
    expect(world.stores.keys.findBySecret(made.body.secret)?.key.revoked_at).toBe(res.body.revoked_at);
    const again = example('revokeApiKey:conflict');
    const err = await thrown(() => h.revokeApiKey(input({ path: { key_id: made.body.id } }), world.ctx()));
    expect([err.status, err.code]).toEqual([again.status, again.value.code]);
  });

  // given: the state of the target key; want: the answer.
  const cases: Array<{ given: string; want: number }> = [
    { given: 'active', want: 200 },
    { given: 'itself', want: 200 },
    { given: 'broader than the caller', want: 200 },
    { given: 'revoked', want: 409 },
    { given: 'expired', want: 409 },
    { given: 'of another account', want: 404 },
    { given: 'unknown', want: 404 },
  ];
  it.each(cases)('revoking a key that is $given → $want', async ({ given, want }) => {
    const world = new World();
    const other = world.addAccount();
    const caller = world.addKey(['keys:write']).key;
    const ids: Record<string, () => Promise<string> | string> = {
      active: () => world.addKey(['otp']).key.id,
      itself: () => caller.id,
      'broader than the caller': () => world.key().id,
      revoked: async () => {
        const id = world.addKey(['otp']).key.id;
        await h.revokeApiKey(input({ path: { key_id: id } }), world.ctx());
        return id;
      },
      expired: () => world.addKey(['otp'], { expiresAt: later(1000).toISOString() }).key.id,
      'of another account': () => world.key({ account: other }).id,
      unknown: () => 'key_0000000000000000000000',
    };
    const id = await ids[given]();
    const call = () => h.revokeApiKey(input({ path: { key_id: id } }), world.ctx({ key: caller, now: later(5000) }));
    if (want === 200) expect((await call()).body.revoked_at).toBe(later(5000).toISOString());
    else expect((await thrown(call)).status).toBe(want);
  });
});

describe('rotateApiKey', () => {
  it('replays rotated-key: same key, new secret; the old secret stops working', async () => {
    const world = new World();
    const made = await h.createApiKey(input({ body: example('createApiKey:create-key').request.body }), world.ctx());
    const ex = example('rotateApiKey:rotated-key');
    const res = await h.rotateApiKey(input({ path: { key_id: made.body.id } }), world.ctx());
    expect(res.status).toBe(ex.status);
    expect(pick(res.body, STABLE)).toEqual(pick(ex.value, STABLE));
    expect(pick(res.body, ['id', 'created_at'])).toEqual(pick(made.body, ['id', 'created_at']));
    expect(res.body.secret).not.toBe(made.body.secret);
    expect(res.body.secret.startsWith(res.body.prefix)).toBe(true);
    expectDocumented('rotateApiKey', res);
    expect(world.stores.keys.findBySecret(made.body.secret)).toBeUndefined();
    expect(world.stores.keys.findBySecret(res.body.secret)?.key.id).toBe(made.body.id);
    const got = await h.getApiKey(input({ path: { key_id: made.body.id } }), world.ctx());
    expect(got.body.prefix).toBe(res.body.prefix);
  });

  it('replays conflict: the revoked reporting key', async () => {
    const world = new World();
    const made = await h.createApiKey(input({ body: example('createApiKey:create-read-only-key').request.body }), world.ctx());
    await h.revokeApiKey(input({ path: { key_id: made.body.id } }), world.ctx());
    const ex = example('rotateApiKey:conflict');
    const err = await thrown(() => h.rotateApiKey(input({ path: { key_id: made.body.id } }), world.ctx()));
    expect([err.status, err.code]).toEqual([ex.status, ex.value.code]);
    expect(world.stores.keys.findBySecret(made.body.secret)).toBeDefined();
  });

  // given: the target key and the caller; want: the answer (and the missing scope on a 403).
  const cases: Array<{ given: string; want: number; scope?: string }> = [
    { given: 'narrower', want: 201 },
    { given: 'itself', want: 201 },
    { given: 'broader', want: 403, scope: 'calls:write' },
    { given: 'live, rotated by a test key', want: 403 },
    { given: 'revoked', want: 409 },
    { given: 'expired', want: 409 },
    { given: 'of another account', want: 404 },
  ];
  it.each(cases)('rotating a key that is $given → $want', async ({ given, want, scope }) => {
    const world = new World();
    const other = world.addAccount();
    const caller = world.addKey(['keys:write', 'calls:read']).key;
    const target: Record<string, () => Promise<string> | string> = {
      narrower: () => world.addKey(['calls:read']).key.id,
      itself: () => caller.id,
      broader: () => world.addKey(['calls:read', 'calls:write']).key.id,
      'live, rotated by a test key': () => world.addKey(['calls:read'], { mode: 'live' }).key.id,
      revoked: async () => {
        const id = world.addKey(['calls:read']).key.id;
        await h.revokeApiKey(input({ path: { key_id: id } }), world.ctx());
        return id;
      },
      expired: () => world.addKey(['calls:read'], { expiresAt: later(1000).toISOString() }).key.id,
      'of another account': () => world.addKey(['calls:read'], { account: other }).key.id,
    };
    const id = await target[given]();
    const call = () => h.rotateApiKey(input({ path: { key_id: id } }), world.ctx({ key: caller, now: later(5000) }));
    if (want === 201) {
      const res = await call();
      expect([res.status, res.body.id]).toEqual([201, id]);
      return;
    }
    const err = await thrown(call);
    expect(err.status).toBe(want);
    if (want === 403) expect(err.code).toBe('INSUFFICIENT_SCOPE');
    if (scope) expect(err.extra.headers?.['WWW-Authenticate']).toContain(`scope="${scope}"`);
  });
});
