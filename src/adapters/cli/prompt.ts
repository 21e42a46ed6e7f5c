/** Terminal prompts for secrets (passwords), shared by the commands that ask for one. */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Reads a line on the terminal without echoing it: the answer goes to a silent output, so it
 * shows neither on screen nor in a terminal recording. The question goes to stderr, keeping
 * stdout for the command's result.
 */
export function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(question);
    const silent = new Writable({ write: (_c, _e, cb) => cb() });
    const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
