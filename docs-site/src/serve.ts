// `npm run docs:serve`: serves docs-site/dist on 127.0.0.1:4020 (node:http, read-only, no
// directory listings, nothing outside the root). startDocsServer() is exported for scripts/tests.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_OUT_DIR } from './paths.js';

export const DOCS_DEFAULT_HOST = '127.0.0.1';
export const DOCS_DEFAULT_PORT = 4020;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface DocsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Maps a URL path to a file under root, or undefined (outside root, missing). */
export function fileFor(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return undefined;
  }
  const absolute = resolve(root, `.${normalize(`/${path}`)}`);
  if (absolute !== root && !absolute.startsWith(root + sep)) return undefined;
  const candidate = existsSync(absolute) && statSync(absolute).isDirectory() ? join(absolute, 'index.html') : absolute;
  return existsSync(candidate) && statSync(candidate).isFile() ? candidate : undefined;
}

export async function startDocsServer(options: { root?: string; host?: string; port?: number } = {}): Promise<DocsServer> {
  const root = resolve(options.root ?? DEFAULT_OUT_DIR);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`no site in ${root} (run npm run docs first)`);
  const host = options.host ?? DOCS_DEFAULT_HOST;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed\n');
      return;
    }
    const file = fileFor(root, req.url ?? '/');
    if (!file) {
      res
        .writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' })
        .end('<!DOCTYPE html><title>Not found</title><p>Not found. <a href="/">Parley API docs</a></p>\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? DOCS_DEFAULT_PORT, host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** The command line's flags; on a flag parseArgs refuses, the usage and exit 2. */
function cliFlags() {
  try {
    return parseArgs({
      options: { host: { type: 'string', default: DOCS_DEFAULT_HOST }, port: { type: 'string', default: String(DOCS_DEFAULT_PORT) } },
    }).values;
  } catch (err) {
    console.error(`docs:serve: ${(err as Error).message}. Usage: npm run docs:serve -- [--host 127.0.0.1] [--port 4020]`);
    process.exit(2);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const values = cliFlags();
  startDocsServer({ host: values.host, port: Number(values.port) }).then(
    (s) => {
      console.log(`Parley API docs on ${s.url}/ (Ctrl-C stops)`);
      const stop = () => s.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err) => {
      console.error(`docs:serve: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
