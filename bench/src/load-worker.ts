// The load generator's own process (forked by load-process.ts), so that it and the server under
// test each get a core: receives LoadOptions over IPC, answers with the LoadResult.
import { type LoadOptions, runLoad } from './load.js';

interface Job {
  id: number;
  options: LoadOptions;
}

if (!process.send) {
  process.stderr.write('load-worker: start me with child_process.fork (bench/src/load-process.ts)\n');
  process.exit(2);
}

process.on('message', (job: Job) => {
  runLoad(job.options).then(
    (result) => process.send!({ id: job.id, result }),
    (err: Error) => process.send!({ id: job.id, error: err.message }),
  );
});
process.on('disconnect', () => process.exit(0));
