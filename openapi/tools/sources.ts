// Where an operation is written in openapi/ (one file per operation, named by its operationId), and
// the line of one of its documented statuses there: what CI annotations and SARIF results point at.
// The packaged runner carries this index as sources.json (scripts/build.ts writes it), since the
// split sources are not installed with it; undefined where neither is at hand.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packagedRunnerDir, repoRoot } from './paths.js';

export interface SourceLocation {
  /** Relative to the repository root, with forward slashes. */
  file: string;
  line: number;
}

/** An operation's file and the line of each documented status under its responses. */
export interface OperationSource {
  file: string;
  statusLines: Record<string, number>;
}

export type SourceIndex = Record<string, OperationSource>;

export const SOURCE_INDEX_FILE = 'sources.json';
const pathsDir = join(repoRoot, 'openapi', 'paths');
let index: SourceIndex | undefined;

const STATUS_LINE = /^ {2}'?([1-5](?:\d\d|XX))'?:\s*$/;

/** Every operation's source, read from openapi/paths (one YAML file per operation). */
export function readSourceIndex(dir: string = pathsDir): SourceIndex {
  const found: SourceIndex = {};
  if (!existsSync(dir)) return found;
  for (const folder of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!folder.isDirectory()) continue;
    for (const name of readdirSync(join(dir, folder.name)).sort()) {
      if (!name.endsWith('.yaml')) continue;
      const file = join(dir, folder.name, name);
      const statusLines: Record<string, number> = {};
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const status = STATUS_LINE.exec(line)?.[1];
          if (status && statusLines[status] === undefined) statusLines[status] = i + 1;
        });
      found[name.slice(0, -'.yaml'.length)] = { file: relative(repoRoot, file).split('\\').join('/'), statusLines };
    }
  }
  return found;
}

function sources(): SourceIndex {
  if (index) return index;
  if (packagedRunnerDir) {
    try {
      index = JSON.parse(readFileSync(join(packagedRunnerDir, SOURCE_INDEX_FILE), 'utf8')) as SourceIndex;
    } catch {
      index = {};
    }
  } else index = readSourceIndex();
  return index;
}

/** The operation's file, at the line of `'<status>':` under its responses when given and found, else line 1. */
export function operationSource(operationId: string, status?: string): SourceLocation | undefined {
  const source = sources()[operationId];
  if (!source) return undefined;
  return { file: source.file, line: (status === undefined ? undefined : source.statusLines[status]) ?? 1 };
}
