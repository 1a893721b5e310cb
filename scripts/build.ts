// `npm run build`: plain JavaScript for what runs outside development, so production needs no
// TypeScript loader (tsx costs ~33 MiB and start-up time):
//   server-stub/dist/main.js   the stub (`NODE_ENV=production npm run stub` runs it, scripts/stub.mjs)
//   bench/dist/bare-server.js  the bench's bare node:http peer
//   contract-tests/dist/       the installable runner: cli.js (bin parley-contract), the bundled spec
//                              it carries (openapi.json) and where each operation is written (sources.json)
// esbuild bundles our modules; npm packages stay imports (each bundle's package.json lists them), and
// a meta file (<bundle>.meta.json) lists every input so the stub's launcher can tell a stale build.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { bundledJson, repoRoot } from '../openapi/tools/paths.js';
import { readSourceIndex, SOURCE_INDEX_FILE } from '../openapi/tools/sources.js';

export interface Bundle {
  name: string;
  entry: string;
  outFile: string;
  /** Build-time constants (esbuild `define`), each a JSON value. */
  define?: Record<string, unknown>;
  /** A linked source map: for the stub's stack traces; the package ships without one. */
  sourcemap?: boolean;
  /** Files copied or written beside the bundle. */
  extras?: () => Record<string, string>;
}

const META_SUFFIX = '.meta.json';

export const BUNDLES: Bundle[] = [
  { name: 'stub', entry: 'server-stub/src/main.ts', outFile: 'server-stub/dist/main.js', sourcemap: true },
  // bench/'s peer: the bare node:http server runs as plain JavaScript too, so neither side pays a loader.
  { name: 'bench-bare', entry: 'bench/src/bare-server.ts', outFile: 'bench/dist/bare-server.js' },
  {
    name: 'runner',
    entry: 'contract-tests/src/bin.ts',
    outFile: 'contract-tests/dist/cli.js',
    define: {
      PARLEY_PACKAGED_RUNNER: true,
      PARLEY_RUNNER_PACKAGE: (({ name, version }) => ({ name, version }))(
        JSON.parse(readFileSync(join(repoRoot, 'contract-tests', 'package.json'), 'utf8')),
      ),
    },
    extras: () => ({
      'openapi.json': readFileSync(bundledJson, 'utf8'),
      [SOURCE_INDEX_FILE]: `${JSON.stringify(readSourceIndex())}\n`,
    }),
  },
];

/** Builds one bundle; returns the files written, relative to the repository. */
export async function buildBundle(bundle: Bundle): Promise<string[]> {
  const outFile = join(repoRoot, bundle.outFile);
  const result = await build({
    entryPoints: [join(repoRoot, bundle.entry)],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: bundle.sourcemap ? 'linked' : false,
    metafile: true,
    logLevel: 'error',
    define: Object.fromEntries(Object.entries(bundle.define ?? {}).map(([k, v]) => [k, JSON.stringify(v)])),
  });
  const written = bundle.sourcemap ? [outFile, `${outFile}.map`] : [outFile];
  for (const [name, content] of Object.entries(bundle.extras?.() ?? {})) {
    const file = join(dirname(outFile), name);
    writeFileSync(file, content);
    written.push(file);
  }
  writeFileSync(`${outFile}${META_SUFFIX}`, `${JSON.stringify(metaOf(result.metafile, bundle), null, 1)}\n`);
  return written.map((f) => relative(repoRoot, f));
}

/** What a bundle was built from (every module, plus the files its extras read) and the packages it imports. */
export interface BuildMeta {
  inputs: string[];
  packages: string[];
}

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

function metaOf(meta: Metafile, bundle: Bundle): BuildMeta {
  // esbuild names a `define` of an object as an input too: `<define:NAME>`, not a file.
  const files = Object.keys(meta.inputs).filter((f) => !f.startsWith('<'));
  const inputs = files.map((f) => relative(repoRoot, join(process.cwd(), f)));
  if (bundle.extras) inputs.push(relative(repoRoot, bundledJson), 'contract-tests/package.json');
  const packages = new Set<string>();
  for (const input of Object.values(meta.inputs))
    for (const imported of input.imports)
      if (imported.external && !/^(node:|<)/.test(imported.path)) packages.add(packageOf(imported.path));
  return { inputs: inputs.sort(), packages: [...packages].sort() };
}

/** The meta file of a built bundle. */
export const readBuildMeta = (bundle: Bundle): BuildMeta =>
  JSON.parse(readFileSync(`${join(repoRoot, bundle.outFile)}${META_SUFFIX}`, 'utf8')) as BuildMeta;

export async function buildAll(names?: string[]): Promise<string[]> {
  const chosen = names?.length ? BUNDLES.filter((b) => names.includes(b.name)) : BUNDLES;
  const unknown = (names ?? []).filter((n) => !BUNDLES.some((b) => b.name === n));
  if (unknown.length) throw new Error(`no bundle named ${unknown.join(', ')} (known: ${BUNDLES.map((b) => b.name).join(', ')})`);
  for (const b of chosen) mkdirSync(dirname(join(repoRoot, b.outFile)), { recursive: true });
  return (await Promise.all(chosen.map(buildBundle))).flat();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  buildAll(process.argv.slice(2)).then(
    (files) =>
      console.log(`build: wrote ${files.filter((f) => !f.endsWith('.map')).join(', ')} in ${Math.round(performance.now() - started)} ms`),
    (err: Error) => {
      console.error(`build: ${err.message.split('\n')[0]}`);
      process.exit(1);
    },
  );
}
