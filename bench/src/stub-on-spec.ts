// The stub serving another spec (BENCH_SPEC: a bundled JSON, e.g. multiplySpec's 10× copy), for
// the growth measurement only: like `npm run stub` (main.ts: configuration from the environment,
// createStub, listen on HOST:PORT), except that the spec is BENCH_SPEC and each copied operation
// (`<id>Copy<c>`) is served by the handler of the operation it was copied from. Nothing in the
// stub changes; createStub already takes a spec and a handler map.
import { listOperations, loadSpec } from '../../openapi/tools/spec.js';
import { createStub } from '../../server-stub/src/app.js';
import { loadConfig } from '../../server-stub/src/config.js';
import { handlers } from '../../server-stub/src/handlers/index.js';
import { seedNumbers } from '../../server-stub/src/handlers/numbers.js';
import { recordEvent } from '../../server-stub/src/handlers/webhooks.js';
import type { HandlerMap } from '../../server-stub/src/pipeline/handle.js';
import { originalOperationId } from './spec-multiplier.js';

const file = process.env.BENCH_SPEC;
if (!file) {
  process.stderr.write('stub-on-spec: BENCH_SPEC must name a bundled spec (JSON)\n');
  process.exit(2);
}
const spec = loadSpec(file);
const base = handlers as unknown as HandlerMap;
const map: Record<string, HandlerMap[string]> = {};
for (const op of listOperations(spec)) map[op.operationId] = base[originalOperationId(op.operationId)];
const config = loadConfig(process.env, []);
const stub = await createStub({ config, spec, handlers: map, seedNumbers, recordEvent });
await stub.listen(config.port, config.host);
const stop = () => void stub.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
