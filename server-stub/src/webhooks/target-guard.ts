// Where a webhook may be POSTed. A customer chooses the URL, so without this guard the stub would
// be a server-side request forgery tool: it could be pointed at the cloud metadata service, the
// loopback interface or the private network it runs in. Every address the host resolves to must be
// public (one private answer is enough to refuse: that is how DNS rebinding is tried), and the
// check runs again at every delivery, since DNS can change after the endpoint was registered.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type Cidr, inCidr, parseCidr, parseIp } from '../middleware/auth/ip.js';

/** Resolves a host name to its addresses (textual IPv4/IPv6). */
export type HostLookup = (host: string) => Promise<string[]>;

export interface TargetOptions {
  /** Development sandboxes: admit loopback receivers, and plain http to 127.0.0.1, [::1] or localhost. */
  allowLoopback: boolean;
  /** Defaults to the system resolver (`dns.promises.lookup(host, { all: true })`). */
  lookup?: HostLookup;
}

/** `addresses` are the checked ones: connect to these, not to a second DNS answer. */
export type TargetCheck = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string };

/** The spec's `maxLength` of an endpoint URL. */
const MAX_URL_LENGTH = 2048;
const LOOPBACK_HTTP_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

type AddressKind =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'carrier-grade NAT'
  | 'this-network'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

const DESCRIPTION: Record<AddressKind, string> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  'link-local': 'a link-local address',
  metadata: 'the cloud metadata service address',
  'carrier-grade NAT': 'a carrier-grade NAT (shared) address',
  'this-network': 'a "this network" address (0.0.0.0/8)',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/** First match wins (the metadata address before its link-local range). IPv4 rules also match IPv4-mapped IPv6. */
const FORBIDDEN: [Cidr, AddressKind][] = (
  [
    ['169.254.169.254', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.0.0.0/8', 'this-network'],
    ['10.0.0.0/8', 'private'],
    ['100.64.0.0/10', 'carrier-grade NAT'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'],
    ['172.16.0.0/12', 'private'],
    ['192.0.0.0/24', 'reserved'],
    ['192.168.0.0/16', 'private'],
    ['198.18.0.0/15', 'reserved'],
    ['224.0.0.0/4', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.0/4', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::/7', 'private'],
    ['fec0::/10', 'private'],
    ['fe80::/10', 'link-local'],
    ['ff00::/8', 'multicast'],
  ] as const
).map(([cidr, kind]) => [parseCidr(cidr)!, kind]);

/** IPv6 ranges that carry an IPv4 address in their last 32 bits (IPv4-compatible, NAT64). */
const EMBEDS_IPV4 = ['::/96', '64:ff9b::/96'].map((c) => parseCidr(c)!);

export interface ForbiddenAddress {
  kind: AddressKind;
  /** `a private network address`, or for an embedded IPv4 `an IPv6 form of 10.0.0.1, a private network address`. */
  description: string;
}

/** Why `address` may not receive webhooks, or undefined when it is a public address. */
export function forbiddenAddress(address: string): ForbiddenAddress | undefined {
  const bytes = parseIp(address);
  if (!bytes) return { kind: 'reserved', description: 'not a valid IP address' };
  const direct = FORBIDDEN.find(([range]) => inCidr(bytes, range));
  if (direct) {
    const [, kind] = direct;
    // IPv4 is held as ::ffff:a.b.c.d, so an IPv4-mapped IPv6 address matched an IPv4 rule.
    const mapped = isIP(stripZone(address)) === 6 && inCidr(bytes, parseCidr('::ffff:0:0/96')!);
    if (!mapped) return { kind, description: DESCRIPTION[kind] };
    return { kind, description: `an IPv4-mapped form of ${ipv4Of(bytes)}, ${DESCRIPTION[kind]}` };
  }
  if (EMBEDS_IPV4.some((range) => inCidr(bytes, range))) {
    const v4 = ipv4Of(bytes);
    const inner = forbiddenAddress(v4);
    if (inner) return { kind: inner.kind, description: `an IPv6 form of ${v4}, ${inner.description}` };
  }
  return undefined;
}

const stripZone = (address: string) => (address.includes('%') ? address.slice(0, address.indexOf('%')) : address);
const ipv4Of = (bytes: Uint8Array) => Array.from(bytes.subarray(12)).join('.');

const systemLookup: HostLookup = async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Whether `url` may receive deliveries; the reason is one sentence (a 422 detail or a delivery error). */
export async function checkTarget(url: string, opts: TargetOptions): Promise<TargetCheck> {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH) {
    return { ok: false, reason: `The webhook URL must be a string of at most ${MAX_URL_LENGTH} characters.` };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'The webhook URL is not an absolute URL.' };
  }
  // Never echo the URL here: it may carry a password.
  if (parsed.username !== '' || parsed.password !== '') {
    return { ok: false, reason: 'The webhook URL must not contain a user name or password.' };
  }
  const plainLoopback = opts.allowLoopback && parsed.protocol === 'http:' && LOOPBACK_HTTP_HOSTS.has(parsed.hostname);
  if (parsed.protocol !== 'https:' && !plainLoopback) {
    const reason = opts.allowLoopback
      ? 'The webhook URL must use https (plain http is allowed only to 127.0.0.1, [::1] or localhost).'
      : 'The webhook URL must use https.';
    return { ok: false, reason };
  }
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  if (host === '') return { ok: false, reason: 'The webhook URL has no host.' };

  // `new URL` has already turned decimal, hex and octal IPv4 forms into dotted quads.
  const literal = isIP(host) !== 0;
  let addresses: string[];
  if (literal) {
    addresses = [host];
  } else {
    try {
      addresses = await (opts.lookup ?? systemLookup)(host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException)?.code;
      return { ok: false, reason: `The webhook host ${host} could not be resolved${code ? ` (${code})` : ''}.` };
    }
    if (!Array.isArray(addresses) || addresses.length === 0) {
      return { ok: false, reason: `The webhook host ${host} resolves to no address.` };
    }
  }
  for (const address of addresses) {
    const forbidden = forbiddenAddress(String(address));
    if (!forbidden || (opts.allowLoopback && forbidden.kind === 'loopback')) continue;
    const subject = literal ? `${address} is` : `The webhook host ${host} resolves to ${address},`;
    return { ok: false, reason: `${subject} ${forbidden.description}; webhooks are delivered only to public addresses.` };
  }
  return { ok: true, url: parsed, addresses };
}
