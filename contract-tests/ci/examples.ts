// The CI examples of the "Contract tests in your CI" page (github-actions.yml, gitlab-ci.yml, beside
// this file), read as data: the docs site prints the files as they are, and packed-runner.test.ts
// runs their commands against the stub from a directory outside the repository. So the commands a
// reader copies are the ones CI runs, and the two examples cannot drift apart.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));

export const GITHUB_EXAMPLE = join(here, 'github-actions.yml');
export const GITLAB_EXAMPLE = join(here, 'gitlab-ci.yml');

/** The steps that stand for the user's own work, in the order a job runs them. */
export const STEPS = ['service', 'wait', 'install', 'contract'] as const;
export type StepId = (typeof STEPS)[number];

export interface CiExample {
  file: string;
  /** The file as written: what the page shows. */
  text: string;
  /** Each step's shell command. */
  commands: Record<StepId, string>;
  /** The job's variables (PARLEY_SERVER, PARLEY_CONTRACT_PACKAGE …), secrets left out. */
  variables: Record<string, string>;
}

interface GithubWorkflow {
  jobs: Record<string, { env?: Record<string, string>; steps: Array<{ id?: string; run?: string }> }>;
}

interface GitlabJob {
  variables?: Record<string, string>;
  script: string[];
}

const fold = (command: string) => command.trim();

export function githubExample(file = GITHUB_EXAMPLE): CiExample {
  const text = readFileSync(file, 'utf8');
  const job = Object.values((parse(text) as GithubWorkflow).jobs)[0];
  const byId = new Map(job.steps.filter((s) => s.id && s.run).map((s) => [s.id!, fold(s.run!)]));
  const commands = Object.fromEntries(
    STEPS.map((id) => {
      const run = byId.get(id);
      if (run === undefined) throw new Error(`${file}: no step with id ${id} and a run command`);
      return [id, run];
    }),
  ) as Record<StepId, string>;
  const variables = Object.fromEntries(Object.entries(job.env ?? {}).filter(([, v]) => !v.includes('${{')));
  return { file, text, commands, variables };
}

/** The job's script lines, in order, are the steps' commands. */
export function gitlabExample(file = GITLAB_EXAMPLE): CiExample {
  const text = readFileSync(file, 'utf8');
  const job = Object.values(parse(text) as Record<string, GitlabJob>)[0];
  if (job.script.length !== STEPS.length) throw new Error(`${file}: the script has ${job.script.length} lines, not ${STEPS.length}`);
  const commands = Object.fromEntries(STEPS.map((id, i) => [id, fold(job.script[i])])) as Record<StepId, string>;
  return { file, text, commands, variables: job.variables ?? {} };
}
