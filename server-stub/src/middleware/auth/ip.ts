// IP addresses and CIDR ranges (ARCHITECTURE.md §2): account allowlist, key `allowed_ips`, trusted proxies.
// Every address is held as 16 bytes; IPv4 as its IPv4-mapped IPv6 form (::ffff:a.b.c.d), so an
// IPv4 rule matches a dual-stack socket's `::ffff:203.0.113.7` and `203.0.113.7` alike.
import { isIP } from 'node:net';

export interface Cidr {
  bytes: Uint8Array;
  /** Prefix length in the 128-bit space (an IPv4 /24 is 120). */
  prefix: number;
}

function parseV4(s: string, out: Uint8Array, at: number): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return false;
    const n = Number(parts[i]);
    if (n > 255) return false;
    out[at + i] = n;
  }
  return true;
}

/** 16 bytes for a textual IPv4/IPv6 address (zone ids dropped), or null. */
export function parseIp(text: string): Uint8Array | null {
  const s = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  const version = isIP(s);
  if (version === 0) return null;
  const out = new Uint8Array(16);
  if (version === 4) {
    out[10] = 0xff;
    out[11] = 0xff;
    return parseV4(s, out, 12) ? out : null;
  }
  let head = s;
  let v4Tail: string | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    v4Tail = s.slice(lastColon + 1);
    head = `${s.slice(0, lastColon + 1)}0:0`; // placeholder groups, overwritten below
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const groups =
    right === undefined ? leftGroups : [...leftGroups, ...Array(8 - leftGroups.length - rightGroups.length).fill('0'), ...rightGroups];
  if (groups.length !== 8) return null;
  groups.forEach((g, i) => {
    const n = parseInt(g || '0', 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  if (v4Tail !== undefined && !parseV4(v4Tail, out, 12)) return null;
  return out;
}

const cidrCache = new Map<string, Cidr | null>();

/** An address (a /32 or /128) or a CIDR range; null when not valid. Cached: lists repeat. */
export function parseCidr(text: string): Cidr | null {
  const hit = cidrCache.get(text);
  if (hit !== undefined) return hit;
  let result: Cidr | null = null;
  const slash = text.indexOf('/');
  const addr = slash === -1 ? text : text.slice(0, slash);
  const bytes = parseIp(addr);
  if (bytes) {
    const v4 = isIP(addr) === 4;
    const max = v4 ? 32 : 128;
    const lenText = slash === -1 ? String(max) : text.slice(slash + 1);
    const len = /^\d{1,3}$/.test(lenText) ? Number(lenText) : NaN;
    if (len >= 0 && len <= max) result = { bytes, prefix: v4 ? 96 + len : len };
  }
  if (cidrCache.size > 10_000) cidrCache.clear();
  cidrCache.set(text, result);
  return result;
}

export function inCidr(ip: Uint8Array, range: Cidr): boolean {
  const full = range.prefix >> 3;
  for (let i = 0; i < full; i++) if (ip[i] !== range.bytes[i]) return false;
  const rest = range.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (ip[full] & mask) === (range.bytes[full] & mask);
}

/** True when `ip` is in any entry; invalid entries match nothing. */
export function ipMatchesAny(ip: string | Uint8Array, entries: readonly string[]): boolean {
  const bytes = typeof ip === 'string' ? parseIp(ip) : ip;
  if (!bytes) return false;
  for (const e of entries) {
    const range = parseCidr(e);
    if (range && inCidr(bytes, range)) return true;
  }
  return false;
}

/** `::ffff:203.0.113.7` → `203.0.113.7`; anything else unchanged. */
export function normalizeIp(text: string): string {
  return text.startsWith('::ffff:') && text.includes('.') ? text.slice(7) : text;
}

/**
 * The caller's address: the socket peer, unless the peer is a trusted proxy, in which case the
 * X-Forwarded-For chain is walked from the right to the first address that is not a trusted proxy
 * (a client cannot spoof it by prepending entries).
 */
export function clientAddress(peer: string, forwardedFor: string | undefined, trusted: readonly string[]): string {
  let addr = normalizeIp(peer);
  if (trusted.length === 0 || !forwardedFor || !ipMatchesAny(addr, trusted)) return addr;
  const hops = forwardedFor.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i].trim());
    if (isIP(hop) === 0) break;
    addr = hop;
    if (!ipMatchesAny(hop, trusted)) break;
  }
  return addr;
}
