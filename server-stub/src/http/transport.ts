// What the stub's node:http server does before (or instead of) the pipeline: its timeouts, and
// problem+json answers where node would answer with an empty body of its own (unparsable HTTP,
// headers over the limit, a client too slow, an unmet Expect). ARCHITECTURE.md §3: every 4xx is a problem.
import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from '../config.js';
import { newRequestId } from '../pipeline/request-id.js';
import { type TransportStatus, transportProblem } from './problem.js';

export function serverOptions(timeouts: Config['timeouts']): ServerOptions {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // node checks the two timeouts above only this often (default 30 s): a slow client would keep
    // its socket up to that much longer than configured.
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(timeouts.headersMs / 4))),
    // node's own 400 for a missing Host has no body; the pipeline answers it as a problem instead.
    requireHostHeader: false,
  };
}

/** The raw bytes of a problem answer that also closes the connection. */
export function rawProblem(status: TransportStatus, detail: string): string {
  const requestId = newRequestId();
  const problem = transportProblem(status, detail, requestId);
  const body = JSON.stringify(problem);
  return `HTTP/1.1 ${status} ${problem.title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`;
}

function clientErrorAnswer(err: NodeJS.ErrnoException): [TransportStatus, string] {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'The request line and headers exceed 16 KiB.'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [400, 'The chunk extensions of the request body are too large.'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'The request was not received in time.'];
    default:
      return [400, 'The request is not valid HTTP/1.1.'];
  }
}

/**
 * server.on('clientError'): answer with a problem and close — unless the socket is gone or a
 * response on it has already started (more bytes would corrupt it; closing is all that is left).
 */
export function onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!socket.writable || err.code === 'ECONNRESET' || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, detail] = clientErrorAnswer(err);
  socket.end(rawProblem(status, detail));
  // A client that never reads must not keep the socket: ending waits for the write to drain.
  setTimeout(() => socket.destroy(), 1_000).unref();
}

/** server.on('checkExpectation'): only `100-continue` is supported (node then answers 417 with no body). */
export function onCheckExpectation(req: IncomingMessage, res: ServerResponse): void {
  const requestId = newRequestId();
  const body = JSON.stringify(
    transportProblem(417, `Expect: ${req.headers.expect ?? ''} is not supported; only 100-continue is.`, requestId),
  );
  res.writeHead(417, {
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
    'X-Request-Id': requestId,
    Connection: 'close',
  });
  res.end(body);
  req.resume();
}
