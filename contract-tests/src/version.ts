// The runner's name and version, from contract-tests/package.json: read from disk inside the
// repository, inlined by scripts/build.ts into the packaged runner (which has no such file beside it).
import { readFileSync } from 'node:fs';

declare const PARLEY_RUNNER_PACKAGE: { name: string; version: string } | undefined;

function fromDisk(): { name: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    return { name: pkg.name, version: pkg.version };
  } catch {
    return { name: 'parley-contract', version: 'unknown' };
  }
}

export const RUNNER: { name: string; version: string } =
  typeof PARLEY_RUNNER_PACKAGE === 'object' && PARLEY_RUNNER_PACKAGE !== null ? PARLEY_RUNNER_PACKAGE : fromDisk();
