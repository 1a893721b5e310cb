// Did the run change the server's own objects? Prototype-pollution payloads plant properties a
// polluted Object.prototype would leak into ordinary answers (`headers`, `errors`, `api_key`, and
// a run-unique key and value). The same ordinary requests are made before and after the run; their
// shapes (status, media type, header names, body keys) must not change, and no answer may carry
// the canary.
import type { Address } from './client.js';

export interface CanaryProbe {
  name: string;
  method: string;
  path: string;
  key?: string;
  body?: string;
}

export interface CanarySnapshot {
  [probe: string]: string;
}

export interface CanaryResult {
  unchanged: boolean;
  /** One line per probe whose shape changed or that carried the canary. */
  differences: string[];
}

export function canaryProbes(adminKey: string): CanaryProbe[] {
  return [
    { name: 'GET /v1/account', method: 'GET', path: '/v1/account', key: adminKey },
    { name: 'GET /v1/account without a key', method: 'GET', path: '/v1/account' },
    { name: 'POST /v1/contacts {}', method: 'POST', path: '/v1/contacts', key: adminKey, body: '{}' },
    { name: 'POST /v1/contacts not JSON', method: 'POST', path: '/v1/contacts', key: adminKey, body: '{' },
    { name: 'GET /v1/no-such-route', method: 'GET', path: '/v1/no-such-route', key: adminKey },
  ];
}

/** Keys (recursively, objects only; arrays by their first item), not values: values change between runs. */
function shape(value: unknown, depth = 0): string {
  if (Array.isArray(value)) return `[${value.length > 0 && depth < 3 ? shape(value[0], depth + 1) : ''}]`;
  if (value && typeof value === 'object') {
    if (depth >= 3) return '{…}';
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${k}:${shape((value as Record<string, unknown>)[k], depth + 1)}`).join(',')}}`;
  }
  return typeof value;
}

const VOLATILE = new Set(['date', 'connection', 'keep-alive']);

export async function snapshot(address: Address, probes: readonly CanaryProbe[], canary: string): Promise<CanarySnapshot> {
  const out: CanarySnapshot = {};
  for (const p of probes) {
    const headers: Record<string, string> = {};
    if (p.key) headers.authorization = `Bearer ${p.key}`;
    if (p.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await fetch(`http://${address.host}:${address.port}${p.path}`, {
        method: p.method,
        headers,
        body: p.body,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      const names = [...res.headers.keys()].filter((n) => !VOLATILE.has(n)).sort();
      const all = `${text}\n${[...res.headers.entries()].map(([n, v]) => `${n}: ${v}`).join('\n')}`;
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // compared as text
      }
      const leak = all.includes(canary) ? ' CARRIES THE CANARY' : '';
      out[p.name] = `${res.status} ${res.headers.get('content-type') ?? '-'} headers[${names.join(',')}] body${shape(body)}${leak}`;
    } catch (err) {
      out[p.name] = `no answer: ${(err as Error).message}`;
    }
  }
  return out;
}

export function compare(before: CanarySnapshot, after: CanarySnapshot): CanaryResult {
  const differences: string[] = [];
  for (const name of Object.keys(before)) {
    if (before[name] !== after[name]) differences.push(`${name}: before ${before[name]} / after ${after[name]}`);
    else if (after[name].includes('CARRIES THE CANARY')) differences.push(`${name}: ${after[name]}`);
  }
  return { unchanged: differences.length === 0, differences };
}
