#!/usr/bin/env node
// The installed runner's command (`parley-contract`, package.json bin): the bundle's entry point,
// built by scripts/build.ts. A bin is reached through a symlink, so it runs the CLI unconditionally
// instead of comparing its own URL with argv[1] as cli.ts does.
import { runCli } from './cli.js';

runCli('parley-contract');
