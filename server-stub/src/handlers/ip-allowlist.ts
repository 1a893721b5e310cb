// The account-wide IP allowlist. Replacing it is guarded so that a key cannot lock the account
// out: a non-empty list must admit the address the replacing request comes from.
import type { RequestContext } from '../context.js';
import { conflict, invalid } from '../http/problem.js';
import { type Cidr, ipMatchesAny, parseCidr } from '../middleware/auth/ip.js';
import type { AccountRecord, IpAllowlistEntry } from '../store/accounts.js';
import type { HandlerGroup } from './types.js';

/** One spelling per range (`2001:DB8::/32`, `2001:0db8::0/32` and `2001:db8:1::/32` are one range). */
function rangeKey(range: Cidr): string {
  const bytes = Uint8Array.from(range.bytes, (b, i) => {
    const keep = Math.min(8, Math.max(0, range.prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  return `${Buffer.from(bytes).toString('hex')}/${range.prefix}`;
}

interface NewEntry {
  value: string;
  description?: string;
}

function view(account: AccountRecord) {
  return {
    object: 'ip_allowlist' as const,
    entries: account.ip_allowlist,
    // Older records may lack the field: the list was then never replaced.
    updated_at: account.ip_allowlist_updated_at ?? null,
  };
}

export const ipAllowlistHandlers: HandlerGroup<'getIpAllowlist' | 'replaceIpAllowlist'> = {
  getIpAllowlist: (_input, ctx) => ({ status: 200, body: view(ctx.stores.accounts.get(ctx.account.id) ?? ctx.account) }),

  replaceIpAllowlist: ({ body }, ctx) => {
    // IpAddressOrCidr is typed `unknown` (its anyOf branches carry no `type`); ajv has checked it is a string.
    const entries = body.entries as NewEntry[];
    const keys = new Map<string, number>();
    entries.forEach((entry, i) => {
      const range = parseCidr(entry.value);
      if (!range) throw invalid(`body.entries.${i}.value`, 'must be an IPv4 or IPv6 address or CIDR range');
      const key = rangeKey(range);
      const first = keys.get(key);
      if (first !== undefined) throw invalid(`body.entries.${i}.value`, `lists the same range as entries.${first}.value`);
      keys.set(key, i);
    });
    const values = entries.map((e) => e.value);
    if (values.length > 0 && !ipMatchesAny(ctx.clientIp, values)) {
      throw conflict(
        `The new allowlist does not include ${ctx.clientIp}, the address of this request: it would lock the account out. Add it, or send an empty list to remove the restriction.`,
      );
    }
    return { status: 200, body: view(replace(ctx, entries)) };
  },
};

function replace(ctx: RequestContext, entries: NewEntry[]): AccountRecord {
  return ctx.stores.resources.transaction(() => {
    const account = ctx.stores.accounts.get(ctx.account.id) ?? ctx.account;
    // An entry already listed (the same range, however written) keeps its created_at.
    const since = new Map<string, string>();
    for (const old of account.ip_allowlist) {
      const range = parseCidr(old.value as string);
      if (range) since.set(rangeKey(range), old.created_at);
    }
    const now = ctx.now.toISOString();
    account.ip_allowlist = entries.map(
      (e): IpAllowlistEntry => ({
        value: e.value,
        description: e.description ?? null,
        created_at: since.get(rangeKey(parseCidr(e.value)!)) ?? now,
      }),
    );
    account.ip_allowlist_updated_at = now;
    ctx.stores.accounts.save(account);
    ctx.account = account;
    return account;
  });
}
