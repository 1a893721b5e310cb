// Where the spec under test comes from (--spec): the bundled generated/openapi.json by default, a
// file, or an http(s) URL (another version of the spec, served by a docs site or a registry).
// JSON or YAML either way. Anything unreadable is one UsageError line.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { bundledJson } from '../../openapi/tools/paths.js';
import type { Spec } from '../../openapi/tools/spec.js';
import { UsageError } from './usage-error.js';

export const isSpecUrl = (source: string) => /^https?:\/\//i.test(source);

function parse(text: string, where: string): Spec {
  let doc: unknown;
  try {
    doc = /^\s*[{[]/.test(text) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new UsageError(`the spec ${where} is neither JSON nor YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || typeof (doc as Spec).openapi !== 'string' || typeof (doc as Spec).paths !== 'object')
    throw new UsageError(`the spec ${where} is not an OpenAPI document (no openapi version or paths)`);
  return doc as Spec;
}

/** The spec at `source` (a file path or an http(s) URL; default the bundled spec). */
export async function loadSpecFrom(source: string = bundledJson, timeoutMs = 15_000): Promise<Spec> {
  if (!isSpecUrl(source)) {
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read the bundled spec ${source}: ${(err as Error).message} (run npm run generate)`);
    }
    return parse(text, source);
  }
  let res: Response;
  try {
    res = await fetch(source, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.1' },
    });
  } catch (err) {
    throw new UsageError(
      `cannot fetch the spec ${source}: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}`,
    );
  }
  if (!res.ok) throw new UsageError(`cannot fetch the spec ${source}: HTTP ${res.status}`);
  return parse(await res.text(), source);
}
