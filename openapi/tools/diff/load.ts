// One side of a comparison: a git ref (its committed generated/openapi.json, always current) or a
// file (JSON or YAML bundled spec). Anything else is an InputError: one line, exit 2.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import YAML from 'yaml';
import { bundledJson, repoRoot } from '../paths.js';
import type { Spec } from '../spec.js';

export class InputError extends Error {}

export interface SpecSide {
  spec: Spec;
  /** How to name it: the file, or `ref (abc1234)`. */
  label: string;
  /** The commit, when read from git. */
  commit?: string;
  /** The bytes it was read from (for the changelog's fingerprints). */
  text: string;
}

export const BUNDLED_PATH = 'generated/openapi.json';

export function git(args: string[]): string {
  return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** The full hash of `ref`, or undefined when it is no commit here (or git is absent). */
export function resolveCommit(ref: string): string | undefined {
  try {
    return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function parseSpec(text: string, label: string): Spec {
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{') ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new InputError(`${label} is neither JSON nor YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const d = doc as Spec | null;
  if (!d || typeof d !== 'object' || typeof d.openapi !== 'string' || !d.openapi.startsWith('3.') || typeof d.paths !== 'object')
    throw new InputError(`${label} is not an OpenAPI 3 document (no openapi: 3.x and paths)`);
  if (typeof d.info?.version !== 'string') throw new InputError(`${label} has no info.version`);
  return d;
}

/** The spec committed at `commit`. */
export function specAt(commit: string, label = commit.slice(0, 7)): SpecSide {
  let text: string;
  try {
    text = git(['show', `${commit}:${BUNDLED_PATH}`]);
  } catch {
    throw new InputError(`${label} has no ${BUNDLED_PATH}`);
  }
  return { spec: parseSpec(text, `${BUNDLED_PATH} at ${label}`), label: `${label} (${commit.slice(0, 7)})`, commit, text };
}

export function loadSide(arg: string | undefined, option: string): SpecSide {
  if (arg === undefined) {
    const text = readFileSync(bundledJson, 'utf8');
    return { spec: parseSpec(text, BUNDLED_PATH), label: `working tree ${BUNDLED_PATH}`, text };
  }
  if (existsSync(arg)) {
    let text: string;
    try {
      text = readFileSync(arg, 'utf8');
    } catch (err) {
      throw new InputError(`${option} ${arg}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    return { spec: parseSpec(text, arg), label: arg, text };
  }
  const commit = resolveCommit(arg);
  if (!commit) throw new InputError(`${option} ${arg}: neither a file nor a git ref of this repository`);
  return specAt(commit, arg);
}
