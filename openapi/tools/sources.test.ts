// An operation's source file and the line of a documented status in it: what CI annotations cite.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.js';
import { operationSource } from './sources.js';

const lineOf = (loc: { file: string; line: number }) => readFileSync(join(repoRoot, loc.file), 'utf8').split('\n')[loc.line - 1];

describe('operationSource', () => {
  it('names the file of the operation, at the line of the status asked for', () => {
    const at404 = operationSource('getAgent', '404')!;
    expect(at404.file).toBe('openapi/paths/agents/getAgent.yaml');
    expect(lineOf(at404)).toBe("  '404':");
    expect(lineOf(operationSource('createAgent', '201')!)).toBe("  '201':");
  });

  it('falls back to line 1 for an undocumented status or none, and knows no unknown operation', () => {
    expect(operationSource('getAgent', '599')).toEqual({ file: 'openapi/paths/agents/getAgent.yaml', line: 1 });
    expect(operationSource('getAgent')?.line).toBe(1);
    expect(operationSource('noSuchOperation', '200')).toBeUndefined();
  });
});
