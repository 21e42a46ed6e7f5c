/**
 * `vigil export …`: CSV and JSON tables and OSCAL documents as of any instant (to a file with
 * `--out`, else stdout), and the audit events as JSON lines for a SIEM. `jsonl --out FILE`
 * appends to FILE and resumes after its last line, so a cron job keeps a SIEM file current
 * without duplicates; each export is recorded as `export.created`.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Argument, type Command, Option } from 'commander';
import { VigilError } from '../../core/errors.ts';
import { EXPORT_ENTITIES, type ExportEntity } from '../../core/exports/entities.ts';
import { parseInstant } from '../../core/time.ts';
import type { ExportFile } from '../../services/exports/export.service.ts';
import { openStreamFile } from '../siem/file-sink.ts';
import { pumpEvents } from '../siem/stream.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { json, count as plural } from './io.ts';

const PAGE = 1000;

function asOfOf(text: string | undefined, option = '--as-of'): string | undefined {
  if (text === undefined) return undefined;
  if (parseInstant(text) === null) {
    throw new VigilError('CLI_USAGE', `${option}: expected an ISO 8601 timestamp with a zone, got ${text}`);
  }
  return text;
}

function emit(env: CommandEnv, file: ExportFile, out: string | undefined): void {
  if (out === undefined) {
    // The document itself is the output; io.out adds the final newline back.
    env.io.out(file.body.replace(/\r?\n$/, ''));
    return;
  }
  const path = resolve(env.io.cwd, out);
  writeFileSync(path, file.body);
  env.io.out(
    env.json()
      ? json({ file: path, rows: file.rows, sha256: file.sha256 })
      : `Wrote ${path} (${plural(file.rows, 'row')}, sha256 ${file.sha256}).`,
  );
}

export function registerExportCommands(program: Command, env: CommandEnv): void {
  const cmd = program
    .command('export')
    .description('Exports for auditors (CSV, JSON, OSCAL) and SIEMs (JSON lines)');

  for (const format of ['csv', 'json'] as const) {
    cmd
      .command(format)
      .description(
        `Findings, devices, inspections, waivers or incidents as ${format.toUpperCase()}, as of an instant`,
      )
      .addArgument(new Argument('<entity>').choices(EXPORT_ENTITIES))
      .option('--as-of <instant>', 'as in effect at this instant (default now)')
      .option('--known-at <instant>', 'only facts recorded by this instant (default: everything recorded)')
      .option('--out <file>', 'write to this file (default stdout)')
      .action(async (entity: ExportEntity, opts: { asOf?: string; knownAt?: string; out?: string }) => {
        const asOf = asOfOf(opts.asOf);
        const knownAt = asOfOf(opts.knownAt, '--known-at');
        await env.withRuntime(async (rt) =>
          emit(env, await rt.services.exports.table({ entity, format, asOf, knownAt }, CLI_ACTOR), opts.out),
        );
      });
  }

  for (const [name, kind] of [
    ['oscal-ar', 'assessment-results'],
    ['oscal-poam', 'poam'],
  ] as const) {
    cmd
      .command(name)
      .description(
        kind === 'poam'
          ? 'OSCAL 1.2.1 POA&M for the open findings, as of an instant'
          : 'OSCAL 1.2.1 Assessment Results for the fleet, an office or a person, as of an instant',
      )
      .option('--person <id>', 'only this person')
      .option('--office <id>', "a principal's office: the principal and their staff")
      .option('--as-of <instant>', 'as of this instant (default now)')
      .option('--known-at <instant>', 'only facts recorded by this instant (default: everything recorded)')
      .option('--out <file>', 'write to this file (default stdout)')
      .option('--receipt', 'attach a compliance receipt to the back matter (oscal-ar, fleet or --person)')
      .action(
        async (opts: {
          person?: string;
          office?: string;
          asOf?: string;
          knownAt?: string;
          out?: string;
          receipt?: boolean;
        }) => {
          const asOf = asOfOf(opts.asOf);
          const knownAt = asOfOf(opts.knownAt, '--known-at');
          await env.withRuntime(async (rt) =>
            emit(
              env,
              await rt.services.exports.oscal(
                { kind, asOf, knownAt, personId: opts.person, officeId: opts.office, receipt: opts.receipt },
                CLI_ACTOR,
              ),
              opts.out,
            ),
          );
        },
      );
  }

  cmd
    .command('jsonl')
    .description('Audit events as JSON lines for a SIEM, after a seq (to stdout, or appended to --out)')
    .addOption(
      new Option(
        '--since <seq>',
        'events after this seq (default 0; with --out, the file’s last line)',
      ).argParser((v) => {
        const n = Number(v);
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(n))
          throw new VigilError('CLI_USAGE', `--since: expected a seq, got ${v}`);
        return n;
      }),
    )
    .option('--out <file>', 'append to this file, resuming after its last line')
    .action(async (opts: { since?: number; out?: string }) => {
      await env.withRuntime(async (rt) => {
        // Integrate what is committed first, so this process sees every event up to now.
        await rt.services.auditLog.integrateAll();
        const file = opts.out === undefined ? null : openStreamFile(resolve(env.io.cwd, opts.out));
        try {
          if (file !== null && file.lastSeq > 0 && opts.since !== undefined && opts.since !== file.lastSeq) {
            throw new VigilError(
              'EXPORT_INVALID',
              `${opts.out} already ends at seq ${file.lastSeq}; drop --since to resume after it`,
            );
          }
          const from = file !== null && file.lastSeq > 0 ? file.lastSeq : (opts.since ?? 0);
          const hash = createHash('sha256');
          const { events: count, lastSeq: after } = await pumpEvents(
            rt.services.exports,
            from,
            PAGE,
            (text, lastSeq) => {
              hash.update(text);
              if (file === null) env.io.out(text.replace(/\n$/, ''));
              else file.append(text, lastSeq);
            },
          );
          const sha256 = hash.digest('hex');
          // Nothing handed out, nothing to record (a cron job polling an idle log adds no events).
          if (count > 0) {
            await rt.services.exports.recordStreamExport(
              { fromSeq: from, toSeq: after, events: count, sha256 },
              CLI_ACTOR,
            );
          }
          const range =
            count === 0
              ? `no events after seq ${from}`
              : `${plural(count, 'event')} (seq ${from + 1}..${after})`;
          const summary = `${range}${file === null ? '' : `, appended to ${opts.out}`}`;
          if (file !== null)
            env.io.out(
              env.json()
                ? json({ file: opts.out, events: count, fromSeq: from, toSeq: after, sha256 })
                : summary,
            );
          else env.io.err(summary);
        } finally {
          file?.close();
        }
      });
    });
}
