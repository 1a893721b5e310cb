// Where an operation is written in openapi/ (one file per operation, named by its operationId), and
// the line of one of its documented statuses or top-level keys there; likewise a component, a webhook
// event, or a key of the root document: what CI annotations, SARIF results and the breaking-change
// gate point at. The packaged runner carries the operations' index as sources.json (scripts/build.ts
// writes it), since the split sources are not installed with it; undefined where neither is at hand.
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
      found[name.slice(0, -'.yaml'.length)] = { file: located(file, 1).file, statusLines };
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

const located = (file: string, line: number): SourceLocation => ({ file: relative(repoRoot, file).split('\\').join('/'), line });
const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n');

/**
 * The operation's file, at the line of `'<status>':` under its responses when given and found,
 * else of its top-level `key:` (`requestBody`, `parameters`, `security` …) when given and found
 * (inside the repository only), else line 1.
 */
export function operationSource(operationId: string, status?: string, key?: string): SourceLocation | undefined {
  const source = sources()[operationId];
  if (!source) return undefined;
  const statusLine = status === undefined ? undefined : source.statusLines[status];
  if (statusLine !== undefined || key === undefined || packagedRunnerDir) return { file: source.file, line: statusLine ?? 1 };
  const at = linesOf(join(repoRoot, source.file)).findIndex((l) => l === `${key}:` || l.startsWith(`${key}: `));
  return { file: source.file, line: at + 1 || 1 };
}

/** The first line at or after `from` whose text, indentation aside, starts with `needle` (`name:` when the needle is a bare name). */
function find(lines: string[], needle: string, from = 0): number {
  const want = /[:\s]/.test(needle) ? needle.trim() : `${needle}:`;
  for (let i = from; i < lines.length; i++) if (lines[i].trim().startsWith(want)) return i;
  return -1;
}

/** `openapi/components/<section>/<name>.yaml`, at the first line naming `needle` (a property, `enum:`) when found. */
export function componentSource(section: string, name: string, needle?: string): SourceLocation | undefined {
  const file = join(repoRoot, 'openapi', 'components', section, `${name}.yaml`);
  if (!existsSync(file)) return undefined;
  const at = needle ? find(linesOf(file), needle) : -1;
  return located(file, at === -1 ? 1 : at + 1);
}

/** The webhook event's file, `openapi/webhooks/<event>.yaml`. */
export function webhookSource(event: string): SourceLocation | undefined {
  const file = join(repoRoot, 'openapi', 'webhooks', `${event}.yaml`);
  return existsSync(file) ? located(file, 1) : undefined;
}

/** `openapi/openapi.yaml` at its top-level `key:` (then at `needle` below it when given and found). */
export function rootSource(key: string, needle?: string): SourceLocation | undefined {
  const file = join(repoRoot, 'openapi', 'openapi.yaml');
  if (!existsSync(file)) return undefined;
  const lines = linesOf(file);
  const top = lines.findIndex((l) => l === `${key}:` || l.startsWith(`${key}: `));
  if (top === -1) return located(file, 1);
  const below = needle ? find(lines, needle, top + 1) : -1;
  return located(file, (below === -1 ? top : below) + 1);
}
