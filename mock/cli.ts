// `npm run mock [-- --host H --port P]`: Prism serving generated/openapi.json until Ctrl-C.
import { parseArgs } from 'node:util';
import { MOCK_DEFAULT_HOST, MOCK_DEFAULT_PORT, startMock } from './prism.js';

/** The command line's flags, or undefined (after printing the usage) when parseArgs refuses them. */
function cliFlags() {
  try {
    return parseArgs({
      options: { host: { type: 'string', default: MOCK_DEFAULT_HOST }, port: { type: 'string', default: String(MOCK_DEFAULT_PORT) } },
    }).values;
  } catch (err) {
    console.error(`mock: ${(err as Error).message}. Usage: npm run mock -- [--host 127.0.0.1] [--port 4010]`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const values = cliFlags();
  if (!values) return 2;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`mock: --port must be an integer from 1 to 65535, got "${values.port}"`);
    return 2;
  }
  const mock = await startMock({ host: values.host, port, verboseLevel: 'info', onLog: (line) => console.log(line) });
  console.log(
    `Prism mock of the Parley API on ${mock.url} (send any Bearer key; pick an example with "Prefer: code=404, example=not-found"). Ctrl-C stops it.`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await mock.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`mock: ${(err as Error).message}`);
    process.exit(1);
  },
);
