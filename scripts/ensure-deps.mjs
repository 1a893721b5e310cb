// Runs before `npm start` and `npm test` (npm's pre-scripts) so the README's two commands work on a
// fresh machine: installs the Debian packages in .ci/apt-packages and the npm dependencies when
// they are missing. Plain Node, no dependencies: it runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fail = (message) => {
  console.error(`ensure-deps: ${message}`);
  process.exit(1);
};

function missingAptPackages() {
  const list = join(root, '.ci', 'apt-packages');
  if (!existsSync(list)) return [];
  const wanted = readFileSync(list, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return wanted.filter((pkg) => spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status !== 0);
}

function missingNpmPackages() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
  return names.filter((name) => !existsSync(join(root, 'node_modules', name, 'package.json')));
}

const apt = missingAptPackages();
if (apt.length) {
  if (process.getuid?.() !== 0) fail(`missing Debian packages ${apt.join(', ')}: run sudo apt-get install -y ${apt.join(' ')}`);
  console.log(`ensure-deps: installing ${apt.join(', ')} with apt-get`);
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...apt], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch {
    fail(`apt-get install ${apt.join(' ')} failed`);
  }
}

const npm = missingNpmPackages();
if (npm.length) {
  console.log(`ensure-deps: ${npm.length} npm package(s) missing (${npm.slice(0, 3).join(', ')}…): running npm ci`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail('npm ci failed');
}
