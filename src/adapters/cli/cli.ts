/**
 * The `vigil` command line. Commands are thin: parse arguments, call the same services as the
 * HTTP routes, print. Exit codes: 0 success, 1 findings (where a command says so), 2 bad input,
 * 3 Vigil itself failed (database unreachable, embedded database in use, a bug).
 */
import { Command, CommanderError } from 'commander';
import pkg from '../../../package.json' with { type: 'json' };
import { ERRORS, VigilError } from '../../core/errors.ts';
import { unsafeTextReason } from '../../core/text.ts';
import { registerAuditCommands } from './audit.command.ts';
import { registerBackupCommands } from './backup.command.ts';
import { makeCommandEnv } from './context.ts';
import { registerCorrectionCommands } from './correct.command.ts';
import { registerDoctorCommands } from './doctor.command.ts';
import { registerEvaluateCommand } from './evaluate.command.ts';
import { registerExportCommands } from './export.command.ts';
import { registerIncidentCommands } from './incident.command.ts';
import { registerIntelCommands } from './intel.command.ts';
import { registerInventoryCommands } from './inventory.command.ts';
import type { CliIo } from './io.ts';
import { registerIocsCommands } from './iocs.command.ts';
import { registerMdmCommands } from './mdm.command.ts';
import { registerNotifyCommands } from './notify.command.ts';
import { registerProtocolCommands } from './protocol.command.ts';
import { registerReceiptCommands } from './receipt.command.ts';
import { registerScanCommands } from './scan.command.ts';
import { registerServerCommands } from './server.command.ts';
import { registerTokenCommands } from './token.command.ts';
import { registerUserCommands } from './user.command.ts';
import { registerWorkflowCommands } from './workflow.command.ts';

export const EXIT = { ok: 0, findings: 1, badInput: 2, failure: 3 } as const;

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('vigil')
    .description(
      'Keeps targeted people’s phones to a written security protocol, and proves whether they were.',
    )
    .version(`vigil ${pkg.version}`, '-V, --version', 'print the version of Vigil')
    .option('--json', 'machine-readable output on stdout')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const env = makeCommandEnv(io, () => program.opts<{ json?: boolean }>().json === true, setExitCode);
  registerServerCommands(program, env);
  registerDoctorCommands(program, env);
  registerInventoryCommands(program, env);
  registerProtocolCommands(program, env);
  registerEvaluateCommand(program, env);
  registerTokenCommands(program, env);
  // -- workflows
  registerWorkflowCommands(program, env);
  registerCorrectionCommands(program, env);
  // -- incidents, zones, acknowledgements
  registerIncidentCommands(program, env);
  // -- notices
  registerNotifyCommands(program, env);
  // -- audit log
  registerAuditCommands(program, env);
  // -- compliance receipts (verify needs no database)
  registerReceiptCommands(program, env);
  // -- forensics
  registerScanCommands(program, env);
  registerIocsCommands(program, env);
  // -- integrations
  registerIntelCommands(program, env);
  registerMdmCommands(program, env);
  // -- dashboard auth
  registerUserCommands(program, env);
  // -- exports
  registerExportCommands(program, env);
  // -- backups
  registerBackupCommands(program, env);
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    exitCode = c;
  });
  try {
    // Arguments reach the database as they are: one it cannot store is bad input, said so here.
    argv.forEach((arg, i) => {
      const reason = unsafeTextReason(arg);
      if (reason !== null)
        throw new VigilError('VALIDATION_FAILED', `argument ${i + 1} ${reason}`, [
          { path: `argv.${i + 1}`, message: reason },
        ]);
    });
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
        io.err(`  ${where}${d.path === '' ? '' : `${d.path}: `}${d.message}`);
        if (typeof d.text === 'string') io.err(`      ${String(d.line)} | ${d.text}`);
      }
      io.err(`hint: ${ERRORS[err.code].hint}`);
      return err.status < 500 && err.code !== 'EMBEDDED_DB_IN_USE' ? EXIT.badInput : EXIT.failure;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`error [INTERNAL]: ${message}`);
    return EXIT.failure;
  }
}
