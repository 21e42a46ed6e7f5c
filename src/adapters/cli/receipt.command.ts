/**
 * `vigil receipt verify FILE --key VKEY`: checks a compliance receipt offline. It never opens the
 * database or starts a service (no `withRuntime`): everything it needs is in the receipt and
 * the log's verifier key, so anyone can run it anywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { verifyReceipt } from '../../core/compliance/receipt.ts';
import { VigilError } from '../../core/errors.ts';
import type { CommandEnv } from './context.ts';
import { count, json } from './io.ts';

/** A vkey is `name+hexid+base64`; anything else names a file holding one. */
const VKEY = /^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/;

function readText(path: string, cwd: string, what: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    throw new VigilError('FILE_UNREADABLE', `cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

/** The key text given, or the content of the file it names. */
export function verifierKeyArg(value: string, cwd: string): string {
  const v = value.trim();
  if (VKEY.test(v) && !existsSync(resolve(cwd, v))) return v;
  return readText(v, cwd, 'key file').trim();
}

export function registerReceiptCommands(program: Command, env: CommandEnv): void {
  const receipt = program
    .command('receipt')
    .description('Compliance receipts (written by `vigil evaluate --receipt FILE`): verify one offline');

  receipt
    .command('verify')
    .description(
      'Verify a compliance receipt offline against the audit log’s key: checkpoint signature, inclusion proofs, digest, each fact against its audit entry, and the findings re-evaluated. Exit 0 verified, 1 a difference (the first is named), 2 bad input',
    )
    .argument('<file>', 'the receipt (JSON)')
    .requiredOption('--key <vkey>', 'the log’s verifier key (`vigil audit key`), or a file holding it')
    .action((file: string, o: { key: string }) => {
      const key = verifierKeyArg(o.key, env.io.cwd);
      let parsed: unknown;
      try {
        parsed = JSON.parse(readText(file, env.io.cwd, 'receipt'));
      } catch (err) {
        if (err instanceof VigilError) throw err;
        throw new VigilError('RECEIPT_MALFORMED', `${file} is not JSON`);
      }
      const v = verifyReceipt(parsed, key);
      if (env.json()) env.io.out(json(v));
      if (!v.ok) {
        if (!env.json()) env.io.out(`NOT VERIFIED: ${v.code}: ${v.message}`);
        env.setExitCode(1);
        return;
      }
      if (!env.json()) {
        env.io.out(
          `verified: ${v.person === null ? 'the fleet' : v.person} as of ${v.asOf}: ${count(v.facts, 'fact')}, ${count(v.findings, 'finding')}, checkpoint of ${count(v.size, 'entry', 'entries')}`,
        );
        for (const w of v.warnings) env.io.out(`  warning: ${w.code}: ${w.message}`);
      }
    });
}
