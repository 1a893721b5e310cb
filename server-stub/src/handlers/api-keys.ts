// API keys (ARCHITECTURE.md §2): the secret leaves the server only in the answers to create and rotate;
// a key never mints (or reveals) a key broader than itself.
import type { RequestContext } from '../context.js';
import { ApiError, conflict, invalid, notFound } from '../http/problem.js';
import { parseCidr } from '../middleware/auth/ip.js';
import type { ApiKey, Scope, StoredKey } from '../store/api-keys.js';
import { paginate } from '../store/resources.js';
import type { HandlerGroup } from './types.js';

/** The documented fields only: whatever else a stored key carries never reaches a response. */
function publicKey(k: ApiKey): ApiKey {
  return {
    id: k.id,
    object: 'api_key',
    name: k.name,
    prefix: k.prefix,
    mode: k.mode,
    scopes: k.scopes,
    allowed_ips: k.allowed_ips,
    expires_at: k.expires_at,
    created_at: k.created_at,
    last_used_at: k.last_used_at,
    revoked_at: k.revoked_at,
  };
}

const isExpired = (k: ApiKey, now: Date) => k.expires_at !== null && Date.parse(k.expires_at) <= now.getTime();

/** 403 unless every scope is one the calling key holds (no privilege escalation). */
function assertScopesHeld(ctx: RequestContext, scopes: readonly Scope[], doing: string): void {
  const missing = scopes.filter((s) => !ctx.apiKey.scopes.includes(s));
  if (missing.length === 0) return;
  // RFC 6750 §3: `scope` is a space-delimited list; it names every scope the caller lacks.
  throw new ApiError('INSUFFICIENT_SCOPE', `This API key cannot ${doing} with scopes it does not hold: ${missing.join(', ')}.`, {
    headers: { 'WWW-Authenticate': `Bearer realm="parley", error="insufficient_scope", scope="${missing.join(' ')}"` },
  });
}

function load(ctx: RequestContext, id: string): StoredKey {
  const stored = ctx.stores.keys.get(ctx.account.id, id);
  if (!stored) throw notFound('API key', id);
  return stored;
}

export const apiKeyHandlers: HandlerGroup<'listApiKeys' | 'createApiKey' | 'getApiKey' | 'revokeApiKey' | 'rotateApiKey'> = {
  listApiKeys: ({ query }, ctx) => {
    const page = paginate(ctx.stores.keys.list(ctx.account.id), { limit: query.limit, startingAfter: query.starting_after });
    return { status: 200, body: { ...page, data: page.data.map(publicKey) } };
  },

  createApiKey: ({ body }, ctx) => {
    assertScopesHeld(ctx, body.scopes, 'create a key');
    // IpAddressOrCidr is typed `unknown` (its anyOf branches carry no `type`); ajv has checked it is a string.
    const allowedIps = (body.allowed_ips ?? []) as string[];
    allowedIps.forEach((value, i) => {
      if (!parseCidr(value)) throw invalid(`body.allowed_ips.${i}`, 'must be an IPv4 or IPv6 address or CIDR range');
    });
    if (body.expires_at !== undefined && Date.parse(body.expires_at) <= ctx.now.getTime()) {
      throw invalid('body.expires_at', 'must be in the future');
    }
    const { key, secret } = ctx.stores.keys.create(
      ctx.account.id,
      ctx.mode,
      { name: body.name, scopes: body.scopes, allowed_ips: allowedIps, expires_at: body.expires_at ?? null },
      ctx.now,
    );
    return { status: 201, body: { ...publicKey(key), secret } };
  },

  getApiKey: ({ path }, ctx) => ({ status: 200, body: publicKey(load(ctx, path.key_id).key) }),

  revokeApiKey: ({ path }, ctx) => {
    const stored = load(ctx, path.key_id);
    if (stored.key.revoked_at !== null) throw conflict(`API key ${stored.key.id} was already revoked at ${stored.key.revoked_at}.`);
    if (isExpired(stored.key, ctx.now))
      throw conflict(`API key ${stored.key.id} expired at ${stored.key.expires_at}; it cannot be revoked.`);
    const key: ApiKey = { ...stored.key, revoked_at: ctx.now.toISOString() };
    ctx.stores.keys.save(ctx.account.id, key, stored.secretHash);
    return { status: 200, body: publicKey(key) };
  },

  rotateApiKey: ({ path }, ctx) => {
    const stored = load(ctx, path.key_id);
    // Rotation hands out a working secret: the same rule as creation applies to the key's scopes,
    // and a test key must not obtain a live secret.
    assertScopesHeld(ctx, stored.key.scopes, 'rotate a key');
    if (stored.key.mode === 'live' && ctx.mode === 'test') {
      throw new ApiError('INSUFFICIENT_SCOPE', 'A test-mode key cannot rotate a live key.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="parley", error="insufficient_scope"' },
      });
    }
    if (stored.key.revoked_at !== null) throw conflict(`API key ${stored.key.id} is revoked; a revoked key cannot be rotated.`);
    if (isExpired(stored.key, ctx.now))
      throw conflict(`API key ${stored.key.id} expired at ${stored.key.expires_at}; an expired key cannot be rotated.`);
    const { key, secret } = ctx.stores.keys.rotate(stored);
    return { status: 201, body: { ...publicKey(key), secret } };
  },
};
