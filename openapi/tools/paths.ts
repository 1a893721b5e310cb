// Where the spec and its build output live, for every tool that reads them.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const specSource = join(repoRoot, 'openapi', 'openapi.yaml');
export const generatedDir = join(repoRoot, 'generated');
export const bundledJson = join(generatedDir, 'openapi.json');
