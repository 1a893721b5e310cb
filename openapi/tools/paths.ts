// Where the spec and its build output live, for every tool that reads them.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Set to true by scripts/build.ts in the packaged runner only (contract-tests/dist/cli.js): there the
// bundled spec and the source index sit beside the one bundled file, and no repository is at hand.
// The stub's bundle (server-stub/dist/main.js) sits as deep in the repository as this file does, so
// the same arithmetic finds the repository from either.
declare const PARLEY_PACKAGED_RUNNER: boolean | undefined;
const here = dirname(fileURLToPath(import.meta.url));

/** The folder of the installed runner package's dist/, or undefined inside the repository. */
export const packagedRunnerDir: string | undefined =
  typeof PARLEY_PACKAGED_RUNNER === 'boolean' && PARLEY_PACKAGED_RUNNER ? here : undefined;
export const repoRoot = join(here, '..', '..');
export const specSource = join(repoRoot, 'openapi', 'openapi.yaml');
export const generatedDir = packagedRunnerDir ?? join(repoRoot, 'generated');
export const bundledJson = join(generatedDir, 'openapi.json');
