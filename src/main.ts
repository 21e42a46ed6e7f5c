/**
 * The composition root: the `vigil` executable. Everything it needs is wired in runtime.ts;
 * this file binds the CLI to the real process (stdout, signals, exit code).
 */
import { runCli } from './adapters/cli/cli.ts';

const stopSignal = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
  stopSignal,
});
// Signal listeners and idle pool timers must not keep a finished command alive.
process.exit();
