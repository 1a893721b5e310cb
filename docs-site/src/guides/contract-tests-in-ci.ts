// "Contract tests in your CI": how a team that implements the Parley API runs the contract runner
// in its own pipeline. The two examples are the files in contract-tests/ci/, printed as they are:
// contract-tests/ci/packed-runner.test.ts runs their commands against the reference stub from a
// directory outside this repository, so what a reader copies is what this project's CI runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../openapi/tools/paths.js';
import { esc } from '../html.js';
import { callout, codeBlock, h2 } from '../layout.js';
import type { Guide } from './guide.js';

const ciDir = join(repoRoot, 'contract-tests', 'ci');
const read = (name: string) => readFileSync(join(ciDir, name), 'utf8');

export const contractTestsInCi: Guide = {
  slug: 'contract-tests-in-ci',
  title: 'Contract tests in your CI',
  summary: 'Run the Parley contract tests against your implementation in one CI job: GitHub Actions and GitLab.',
  render(ctx) {
    const runner = JSON.parse(read('../package.json')) as { name: string; version: string; dependencies: Record<string, string> };
    const tarball = `${runner.name}-${runner.version}.tgz`;
    return `<h1>Contract tests in your CI</h1>
<p class="lead">If you implement the Parley API ${esc(ctx.spec.info.version)}, the contract runner holds your service to it on every push: it replays every documented example, probes authentication, scopes, rate and concurrency limits, idempotency, pagination, webhooks and errors, and fails the job when your service breaks the contract.</p>
${h2('install', 'Install the runner')}
<p>The runner is the npm package <code>${esc(runner.name)}</code> (version ${esc(runner.version)}), one command with the spec it tests against inside. It needs Node.js 20.19, 22.12 or 24 and brings only its ${Object.keys(runner.dependencies).length} runtime dependencies and theirs (${Object.keys(
      runner.dependencies,
    )
      .map((d) => `<code>${esc(d)}</code>`)
      .join(
        ', ',
      )}). Until it is published, build the tarball in the Parley repository with <code>npm run pack:contract</code> (it writes <code>reports/${esc(tarball)}</code>) and commit it to your repository, for example under <code>vendor/</code>.</p>
${codeBlock(`npm install --prefix .parley-contract ./vendor/${tarball}\nnpx --prefix .parley-contract parley-contract --server http://127.0.0.1:4000 --key "$PARLEY_KEY" --other-key "$PARLEY_OTHER_KEY"`, 'shell')}
<p>Installing into its own folder (<code>--prefix</code>) keeps it out of your project's dependencies, whatever language your service is written in.</p>
${h2('service', 'What your service must provide')}
<ul>
<li><strong>A test-mode key with every scope</strong> (<code>--key</code>) of a test account, and a key of a second account (<code>--other-key</code>) for the cross-account probes. The runner mints, uses and revokes its own narrower keys with the first, and cleans up what it creates.</li>
<li><strong>Webhook delivery to the runner.</strong> The runner registers endpoints on a receiver it starts on 127.0.0.1; your service must be allowed to deliver there. Use <code>--receiver HOST:PORT</code> when your service runs in another container, or <code>--no-webhooks</code> to report the webhook cases as skipped.</li>
<li><strong>The documented limits.</strong> The rate and concurrency probes check the limits the spec documents, so run the service with them, not with test-friendly ones.</li>
</ul>
${h2('github-actions', 'GitHub Actions')}
<p>Save as <code>.github/workflows/parley-contract.yml</code>. Failures become code-scanning alerts (SARIF) and annotations, the coverage and every failure with its <code>curl</code> land in the job's summary, and the JUnit, HTML and SARIF reports are kept as an artifact.</p>
${codeBlock(read('github-actions.yml'), 'text', '.github/workflows/parley-contract.yml')}
${h2('gitlab', 'GitLab CI')}
<p>Add the job to <code>.gitlab-ci.yml</code>. GitLab shows the JUnit report in the merge request's test summary.</p>
${codeBlock(read('gitlab-ci.yml'), 'text', '.gitlab-ci.yml')}
${callout('note', 'These are the commands this project runs in its own CI: the runner is packed, installed into an empty folder outside the repository with the install step above, and run with the contract step against the reference server, which must pass; against a deliberately broken server the same step must fail with SARIF results and annotations.')}
${h2('gates', 'Gates and reports')}
<table>
<thead><tr><th>Flag</th><th>What it does</th></tr></thead>
<tbody>
<tr><td><code>--min-coverage P</code></td><td>Exit 1 when fewer than <code>P</code>% of the operations, of their documented statuses or of the example pairs were checked, naming what was not. Per dimension: <code>operations=100,pairs=100,statuses=70</code>. Some statuses cannot be provoked from outside (a 500, a 503 while a store is down), so 100% of statuses is not a realistic bar.</td></tr>
<tr><td><code>--fail-on-skip</code></td><td>Exit 1 when any check was skipped, with the first reasons.</td></tr>
<tr><td><code>--sarif FILE</code></td><td>SARIF 2.1.0 for code scanning: one rule per check, the check id as its stable rule id, each failure at the operation's file and the line of its documented status in the spec's sources.</td></tr>
<tr><td><code>--github</code></td><td><code>::error</code> annotations and a Markdown step summary; on by itself when <code>GITHUB_ACTIONS=true</code>.</td></tr>
<tr><td><code>--junit FILE</code>, <code>--html FILE</code>, <code>--json FILE</code></td><td>JUnit XML for test summaries, a browsable report with the coverage matrix, and the whole result as JSON.</td></tr>
<tr><td><code>--spec FILE|URL</code></td><td>Test against another version of the spec (JSON or YAML, a file or an http(s) URL) instead of the one the package carries.</td></tr>
<tr><td><code>--only PATTERN</code></td><td>Only the cases whose id or operationId matches, with what they depend on.</td></tr>
</tbody>
</table>
<p>Exit codes: 0 when every check passed (skips allowed), 1 when a check failed or a gate was missed, 2 for bad usage, an unreadable spec, a refused key or a server nothing could be had from (one <code>contract: …</code> line). Every flag can also be given as an environment variable: <code>CONTRACT_SERVER</code>, <code>CONTRACT_MIN_COVERAGE</code> and so on. <code>parley-contract --help</code> lists them all, and <code>--version</code> names the runner and the spec it carries.</p>`;
  },
};
