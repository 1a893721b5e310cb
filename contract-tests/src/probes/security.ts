// ARCHITECTURE.md §2 probes: keys missing, malformed, unknown, revoked, expired, in the wrong place, too
// narrow, used from the wrong address, or from another account.
import { NO_KEY, otherAccountKey, type Presented } from '../client.js';
import { presentedBy } from '../keys.js';
import { FOREIGN_ADDRESS } from '../run-env.js';
import { expiredKey, ipRestrictedKey, keyWithout, keyWithScopes, revokedKey } from './probe-keys.js';
import { inputsOf, isSkip, keyOrSkip, MALFORMED_KEY, RESPONSE_ONLY, scopeOf, single, unknownKeyLike, worker } from './support.js';
import type { Probe } from './types.js';

export const missingKey: Probe = async (env, c) => {
  const inputs = inputsOf(env, c);
  return single(await env.exchange(env.op(c.operationId), inputs, NO_KEY), inputs);
};

export const invalidKey: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  let presented: Presented;
  if (c.variant === 'malformed')
    presented = { credential: { kind: 'malformed', via: 'bearer', label: MALFORMED_KEY }, secret: MALFORMED_KEY };
  else if (c.variant === 'unknown') {
    const secret = unknownKeyLike(env.settings.key);
    presented = { credential: { kind: 'unknown', via: 'bearer', label: secret }, secret };
  } else {
    const key = await keyOrSkip(c.variant === 'revoked' ? revokedKey(env) : expiredKey(env));
    if (isSkip(key)) return key;
    presented = presentedBy(key, 'bearer', c.variant === 'revoked' ? 'revoked' : 'expired');
  }
  return single(await env.exchange(so, inputs, presented), inputs);
};

export const keyInWrongPlace: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const key = await worker(env, so);
  return single(await env.exchange(so, inputs, presentedBy(key, c.variant === 'body' ? 'body' : 'query')), inputs);
};

export const xApiKey: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const key = await worker(env, so);
  const bearer = await env.exchange(so, inputs, presentedBy(key, 'bearer'));
  const apiKey = await env.exchange(so, inputs, presentedBy(key, 'x-api-key'));
  return [
    { label: 'bearer', exchange: bearer, sent: inputs, checks: RESPONSE_ONLY },
    { label: 'x-api-key', exchange: apiKey, sent: inputs, related: { bearer } },
  ];
};

export const conflictingKeys: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const a = await worker(env, so);
  let b = await worker(env, so);
  if (b === a) b = { ...a, secret: env.settings.key, label: '$CONTRACT_KEY' };
  if (b.secret === a.secret) return { skip: 'needs two different valid keys (minting is unavailable)' };
  const presented: Presented = { credential: { kind: 'valid', via: 'both', label: a.label }, secret: a.secret, otherSecret: b.secret };
  return single(await env.exchange(so, inputs, presented), inputs);
};

export const insufficientScope: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const key = await keyOrSkip(keyWithout(env, scopeOf(so, env.model)));
  if (isSkip(key)) return key;
  return single(await env.exchange(so, inputs, presentedBy(key)), inputs);
};

export const ipNotAllowed: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const key = await keyOrSkip(ipRestrictedKey(env));
  if (isSkip(key)) return key;
  const headers =
    c.variant === 'forwarded-for'
      ? { 'x-forwarded-for': FOREIGN_ADDRESS, 'x-real-ip': FOREIGN_ADDRESS, forwarded: `for=${FOREIGN_ADDRESS}` }
      : {};
  return single(await env.exchange(so, inputs, presentedBy(key), { headers }), inputs);
};

/** A narrow key may not mint a broader key, nor rotate (and so learn the secret of) a broader one. */
export const privilegeEscalation: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const own = scopeOf(so, env.model);
  if (!own) return { skip: `${c.operationId} requires no scope` };
  const extra = env.keys.adminScopes.filter((s) => s !== own);
  if (extra.length < 2) return { skip: 'the admin key has too few scopes to build a broader key' };
  const narrow = await keyOrSkip(keyWithScopes(env, [own, extra[0]], '$NARROW_KEY'));
  if (isSkip(narrow)) return narrow;
  const inputs = inputsOf(env, c);
  if (c.variant === 'rotate') {
    const target = await keyOrSkip(keyWithScopes(env, env.keys.adminScopes, '$BROAD_KEY'));
    if (isSkip(target) || !target.id) return isSkip(target) ? target : { skip: 'the broad key has no id' };
    const param = /\{([^}]+)\}/.exec(so.path)?.[1] ?? 'id';
    const path = { ...inputs.path, [param]: target.id };
    const missing = target.scopes.filter((s) => !narrow.scopes.includes(s));
    return single(await env.exchange(so, { ...inputs, path }, presentedBy(narrow)), { ...inputs, path }, { missingScopes: missing });
  }
  const body = { ...(inputs.body as object), scopes: [own, extra[0], extra[1]] };
  return single(await env.exchange(so, { ...inputs, body }, presentedBy(narrow)), { ...inputs, body }, { missingScopes: [extra[1]] });
};

/** Another account's key reads this account's resources: 404, never 403 or the resource. */
export const crossAccount: Probe = async (env, c) => {
  const other = env.settings.otherKey;
  if (!other) return { skip: 'needs --other-key (a key of a second account)' };
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  return single(await env.exchange(so, inputs, otherAccountKey(other)), inputs);
};
