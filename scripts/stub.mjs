// `npm run stub`: the reference stub. With NODE_ENV=production it runs the plain JavaScript build
// (server-stub/dist/main.js, `npm run build`), rebuilt first when missing or older than a source it
// was built from (which needs the dev dependencies; without them, one line and exit 2). Otherwise it
// runs the TypeScript sources through tsx, as development always has. Plain Node: in production
// tsx may not be installed. Cluster workers (--workers N) run this file again and take the same road.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'server-stub', 'dist', 'main.js');

/** Why the build cannot be used as it is, or undefined when it is current. */
function staleness() {
  const meta = `${built}.meta.json`;
  if (!existsSync(built) || !existsSync(meta)) return 'server-stub/dist/main.js is not built';
  const builtAt = statSync(built).mtimeMs;
  for (const input of JSON.parse(readFileSync(meta, 'utf8')).inputs) {
    const file = join(root, input);
    if (!existsSync(file)) return `${input} is gone`;
    if (statSync(file).mtimeMs > builtAt) return `${input} changed after the build`;
  }
  return undefined;
}

if (process.env.NODE_ENV === 'production') {
  const why = staleness();
  if (why) {
    if (
      !existsSync(join(root, 'node_modules', 'tsx', 'package.json')) ||
      !existsSync(join(root, 'node_modules', 'esbuild', 'package.json'))
    ) {
      process.stderr.write(`stub: ${why}, and the dev dependencies to build it are not installed (run npm run build where they are)\n`);
      process.exit(2);
    }
    process.stderr.write(`stub: building, since ${why}\n`);
    const { status } = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build.ts'), 'stub'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (status !== 0) process.exit(2);
  }
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'server-stub', 'src', 'main.ts')).href);
}
