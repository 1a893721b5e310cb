// Where an operation is written in openapi/ (one file per operation, named by its operationId), and
// the line of one of its documented statuses there: what CI annotations and SARIF results point at.
// Undefined where the split sources are not at hand (an installed runner carries only the bundle).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './paths.js';

export interface SourceLocation {
  /** Relative to the repository root, with forward slashes. */
  file: string;
  line: number;
}

const pathsDir = join(repoRoot, 'openapi', 'paths');
let index: Map<string, string> | undefined;

/** operationId → its file, read once. */
function files(): Map<string, string> {
  if (index) return index;
  index = new Map();
  if (!existsSync(pathsDir)) return index;
  for (const folder of readdirSync(pathsDir, { withFileTypes: true }))
    if (folder.isDirectory())
      for (const f of readdirSync(join(pathsDir, folder.name)))
        if (f.endsWith('.yaml')) index.set(f.slice(0, -'.yaml'.length), join(pathsDir, folder.name, f));
  return index;
}

/** The operation's file, at the line of `'<status>':` under its responses when given and found, else line 1. */
export function operationSource(operationId: string, status?: string): SourceLocation | undefined {
  const file = files().get(operationId);
  if (!file) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = status === undefined ? -1 : lines.findIndex((l) => l === `  '${status}':` || l === `  ${status}:`);
  return { file: relative(repoRoot, file).split('\\').join('/'), line: at === -1 ? 1 : at + 1 };
}
