// The conforming implementation the faults are injected in front of: the reference stub of
// issue [2], started in-process on a real loopback port with a fresh in-memory database. Loaded
// dynamically so this folder keeps compiling whatever shape server-stub is in; when its factory
// is missing, the suites that need it skip with the reason.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Target {
  url: string;
  adminKey: string;
  otherKey: string;
  close(): Promise<void>;
}

const stubDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'server-stub', 'src');

/** Why no target can be started, or undefined when the stub's factory is there. */
export async function unavailable(): Promise<string | undefined> {
  if (!existsSync(join(stubDir, 'app.ts')) || !existsSync(join(stubDir, 'config.ts')))
    return 'server-stub/src/app.ts (createStub) and config.ts (DEFAULT_ADMIN_KEY, DEFAULT_OTHER_ADMIN_KEY) do not exist yet';
  try {
    const app = await import(pathToFileURL(join(stubDir, 'app.ts')).href);
    const config = await import(pathToFileURL(join(stubDir, 'config.ts')).href);
    if (typeof app.createStub !== 'function') return 'server-stub/src/app.ts does not export createStub(options)';
    if (typeof config.DEFAULT_ADMIN_KEY !== 'string' || typeof config.DEFAULT_OTHER_ADMIN_KEY !== 'string')
      return 'server-stub/src/config.ts does not export DEFAULT_ADMIN_KEY and DEFAULT_OTHER_ADMIN_KEY';
    return undefined;
  } catch (err) {
    return `server-stub does not load: ${(err as Error).message.split('\n')[0]}`;
  }
}

export interface TargetOptions {
  /**
   * Deliver webhooks to local receivers (STUB_WEBHOOK_ALLOW_LOOPBACK=1) with retries 100 times
   * sooner (STUB_WEBHOOK_RETRY_SCALE=0.01); off, the stub refuses loopback endpoints and the
   * webhook cases are skipped.
   */
  webhooks?: boolean;
}

/** The stub's settings for local webhook delivery (its config keys; ignored by a stub without them). */
export const WEBHOOK_CONFIG = { webhookAllowLoopback: true, webhookRetryScale: 0.01 } as const;

export async function startTarget(options: TargetOptions = {}): Promise<Target> {
  const app = await import(pathToFileURL(join(stubDir, 'app.ts')).href);
  const config = await import(pathToFileURL(join(stubDir, 'config.ts')).href);
  const stub = await app.createStub({ config: { db: ':memory:', ...(options.webhooks ? WEBHOOK_CONFIG : {}) } });
  const { url } = await stub.listen(0, '127.0.0.1');
  return { url, adminKey: config.DEFAULT_ADMIN_KEY, otherKey: config.DEFAULT_OTHER_ADMIN_KEY, close: () => stub.close() };
}
