/**
 * The `vigil` command line. Commands are thin: parse arguments, call the same services as the
 * HTTP routes, print. Exit codes: 0 success, 1 findings (where a command says so), 2 bad input,
 * 3 Vigil itself failed (database unreachable, embedded database in use, a bug).
 */
import { Command, CommanderError } from 'commander';
import { VigilError } from '../../core/errors.ts';
import { makeCommandEnv } from './context.ts';
import { registerEvaluateCommand } from './evaluate.command.ts';
import { registerInventoryCommands } from './inventory.command.ts';
import type { CliIo } from './io.ts';
import { registerProtocolCommands } from './protocol.command.ts';
import { registerServerCommands } from './server.command.ts';
import { registerTokenCommands } from './token.command.ts';

export const EXIT = { ok: 0, findings: 1, badInput: 2, failure: 3 } as const;

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('vigil')
    .description(
      'Keeps targeted people’s phones to a written security protocol, and proves whether they were.',
    )
    .option('--json', 'machine-readable output on stdout')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const env = makeCommandEnv(io, () => program.opts<{ json?: boolean }>().json === true, setExitCode);
  registerServerCommands(program, env);
  registerInventoryCommands(program, env);
  registerProtocolCommands(program, env);
  registerEvaluateCommand(program, env);
  registerTokenCommands(program, env);
  // -- workflows
  // -- incidents, zones, acknowledgements
  // -- notices
  // -- audit log
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    exitCode = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (err instanceof VigilError) {
      io.err(`error [${err.code}]: ${err.message}`);
      for (const d of err.details ?? []) {
        const where =
          typeof d.line === 'number' ? `${String(d.file ?? '')}:${d.line}:${String(d.column ?? 0)}: ` : '';
        io.err(`  ${where}${d.path}: ${d.message}`);
      }
      return err.status < 500 && err.code !== 'EMBEDDED_DB_IN_USE' ? EXIT.badInput : EXIT.failure;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`error [INTERNAL]: ${message}`);
    return EXIT.failure;
  }
}
