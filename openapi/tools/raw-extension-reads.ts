// What counts as a raw read of a contract extension in source text: the spec's `x-` keys whose
// meaning the contract model derives, read as a property. no-raw-extensions.test.ts applies it to
// the repository (ARCHITECTURE.md, "Folders and what may import what").

/** The extensions whose meaning the contract model derives. */
const EXTENSION =
  'x-(?:scopes|rate-limit-policies|rate-limit|concurrency-limits|concurrency-limit|test-values|body-limit|contract-probe|emitted-by)';
/** `['x-…']`, `?.["x-…"]`, and `'x-…':` as a destructured or declared key. */
const READ = new RegExp(`\\[\\s*(['"\`])(${EXTENSION})\\1\\s*\\]|(['"\`])(${EXTENSION})\\3\\s*\\??:`, 'g');

export interface RawRead {
  file: string;
  line: number;
  extension: string;
}

/** The raw extension reads in one source text (comment lines aside). */
export function rawReads(text: string, file = ''): RawRead[] {
  const out: RawRead[] = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(\/\/|\/?\*)/.test(line)) return;
    for (const m of line.matchAll(READ)) out.push({ file, line: i + 1, extension: m[2] ?? m[4] });
  });
  return out;
}
