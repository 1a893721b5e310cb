// One HTTP exchange with a deadline and a body cap. Every way a server can misbehave on the wire
// (hang, reset, refuse, flood) comes back as a typed TransportError, never as a throw, so one
// broken case never stops the run.
import http from 'node:http';
import https from 'node:https';
import type { HttpRequest, HttpResponse, TransportError } from './types.js';

export interface SendOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  signal?: AbortSignal;
}

export type SendResult = { response: HttpResponse; error?: undefined } | { response?: undefined; error: TransportError };

const newAgents = () => ({
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
});
let agents = newAgents();

function classify(err: NodeJS.ErrnoException, timedOut: boolean, aborted: boolean): TransportError {
  if (timedOut) return { kind: 'timeout', message: err.message };
  if (aborted) return { kind: 'aborted', message: 'the run was interrupted' };
  if (err.code === 'ECONNREFUSED') return { kind: 'connection-refused', message: `connection refused (${err.message})` };
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || /socket hang up|other side closed/i.test(err.message)) {
    return { kind: 'connection-reset', message: `the server reset the connection (${err.code ?? err.message})` };
  }
  return { kind: 'network', message: `${err.code ? `${err.code}: ` : ''}${err.message}` };
}

export function parseBody(contentType: string | undefined, text: string): Pick<HttpResponse, 'json' | 'jsonError'> {
  const claimsJson = /json/i.test(contentType ?? '');
  const looksJson = /^\s*[[{]/.test(text);
  if (!claimsJson && !looksJson) return {};
  if (text.length === 0) return claimsJson ? { jsonError: 'the body is empty' } : {};
  try {
    return { json: JSON.parse(text) };
  } catch (err) {
    return claimsJson ? { jsonError: (err as Error).message } : {};
  }
}

/** `fresh`: on a new connection of its own, never an idle keep-alive socket. */
function once(req: HttpRequest, opts: SendOptions, fresh = false): Promise<SendResult & { reusedSocket?: boolean }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      resolve({ error: { kind: 'network', message: `invalid URL ${req.url}` } });
      return;
    }
    const agent = agents[url.protocol as 'http:' | 'https:'];
    if (!agent) {
      resolve({ error: { kind: 'network', message: `unsupported protocol ${url.protocol}` } });
      return;
    }
    const transport = url.protocol === 'https:' ? https : http;
    let settled = false;
    let timedOut = false;
    let aborted = false;
    let gotResponse = false;
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    const request = transport.request(url, { method: req.method, headers, agent: fresh ? false : agent });
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ ...result, reusedSocket: request.reusedSocket });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(new Error(`no complete response within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    const onAbort = () => {
      aborted = true;
      request.destroy(new Error('aborted'));
    };
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort);

    request.on('error', (err) => {
      // A server may answer (413, 415 …) before it has read the whole body and then close: the
      // write error that follows is expected once a response has started.
      if (gotResponse && !timedOut && !aborted) return;
      finish({ error: classify(err, timedOut, aborted) });
    });
    request.on('response', (res) => {
      gotResponse = true;
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > opts.maxBodyBytes) {
          finish({
            error: { kind: 'body-too-large', message: `the response body exceeds ${opts.maxBodyBytes} bytes (status ${res.statusCode})` },
          });
          res.destroy();
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (err) => finish({ error: classify(err, timedOut, aborted) }));
      res.on('aborted', () =>
        finish({ error: classify(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' }), timedOut, aborted) }),
      );
      res.on('end', () => {
        if (!res.complete) {
          finish({ error: classify(Object.assign(new Error('response ended early'), { code: 'ECONNRESET' }), timedOut, aborted) });
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const hdrs: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) hdrs[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
        finish({
          response: {
            status: res.statusCode ?? 0,
            headers: hdrs,
            text,
            bytes,
            ...parseBody(hdrs['content-type'], text),
            durationMs: Math.round(performance.now() - started),
          },
        });
      });
    });
    if (req.body !== undefined) request.end(req.body);
    else request.end();
  });
}

/**
 * Sends one request. A reset on a reused keep-alive socket is retried once, on a new connection:
 * the server may have closed that socket while it was idle, and so may it have every socket idle
 * since the same moment (after a burst), so the retry must not take another of them.
 */
export async function send(req: HttpRequest, opts: SendOptions): Promise<SendResult> {
  const first = await once(req, opts);
  if (first.error?.kind === 'connection-reset' && first.reusedSocket && !opts.signal?.aborted) {
    const { reusedSocket: _r, ...second } = await once(req, opts, true);
    return second as SendResult;
  }
  const { reusedSocket: _r, ...result } = first;
  return result as SendResult;
}

/** Closes idle keep-alive sockets so a finished run lets the process exit. */
export function closeIdleConnections(): void {
  const old = agents;
  agents = newAgents();
  for (const agent of Object.values(old)) agent.destroy();
}
