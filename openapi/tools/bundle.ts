// Bundles the split spec into one document with internal refs only (`#/components/...`), the
// form every consumer reads. One code path, so generate, lint checks and tests see the same thing.
import { bundle, createConfig } from '@redocly/openapi-core';
import { specSource } from './paths.js';

export async function bundleSpec(ref: string = specSource): Promise<Record<string, any>> {
  const config = await createConfig({});
  const result = await bundle({ ref, config, dereference: false });
  const unresolved = result.problems.filter((p) => p.ruleId === 'no-unresolved-refs' || p.severity === 'error');
  if (unresolved.length) {
    const first = unresolved[0];
    throw new Error(`cannot bundle ${ref}: ${first.message} (${unresolved.length} problem(s))`);
  }
  return result.bundle.parsed as Record<string, any>;
}
