import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { VigilError } from '../../core/errors.ts';
import type { Finding } from '../../core/model.ts';
import { DAY, toIso } from '../../core/time.ts';
import type { FactsView } from '../../services/compliance/compliance.service.ts';
import { evaluationQuerySchema } from '../../services/compliance/schemas.ts';
import { findingView } from '../../services/compliance/views.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { validate } from './inventory.command.ts';
import { count, json } from './io.ts';

function factsLine(f: FactsView): string {
  const sensors = Object.entries(f.sensors)
    .map(([k, s]) => `${k} ${s === null ? 'unknown' : `${s.state} (${s.provenance})`}`)
    .join(', ');
  const os = f.osVersion ?? f.patchLevel ?? 'unknown';
  const lockdown = f.lockdownMode === null ? 'unknown' : f.lockdownMode ? 'on' : 'off';
  const check =
    f.lastInspection === null ? 'never' : `${f.lastInspection.at.slice(0, 10)} ${f.lastInspection.result}`;
  return `${sensors}; OS ${os}; Lockdown Mode ${lockdown}; last check ${check}; in service since ${f.inServiceSince?.slice(0, 10) ?? '-'}`;
}

function findingLine(f: Finding, at: number): string {
  const age = Math.floor((at - f.since) / DAY);
  return `  ${f.severity.toUpperCase().padEnd(8)} ${f.rule.padEnd(22)} ${f.outcome === 'unverified' ? '(unverified) ' : ''}${f.message}  [for ${age} d; remedy: ${f.remedy}]`;
}

export function registerEvaluateCommand(program: Command, env: CommandEnv): void {
  program
    .command('evaluate')
    .description(
      'Evaluate every device against its protocol, now or as of a past instant (exit 1 when findings are open)',
    )
    .option('--as-of <instant>', 'evaluate as of this ISO 8601 instant, using only facts in force then')
    .option(
      '--known-at <instant>',
      'use only facts Vigil had recorded by this ISO 8601 instant (what was known then; default: now)',
    )
    .option(
      '--protocol <name>',
      'evaluate everyone against this protocol instead of their own, as if assigned to them (what-if)',
    )
    .option('--person <id>', 'only this person’s devices')
    .option('--device <id>', 'only this device')
    .option(
      '--receipt <file>',
      'also write a compliance receipt (facts, findings, audit-log proofs) that `vigil receipt verify` checks offline',
    )
    .action(
      (o: {
        asOf?: string;
        knownAt?: string;
        protocol?: string;
        person?: string;
        device?: string;
        receipt?: string;
      }) =>
        env.withRuntime(async (rt) => {
          if (o.receipt !== undefined && (o.protocol !== undefined || o.device !== undefined))
            throw new VigilError(
              'CLI_USAGE',
              '--receipt covers the fleet or one --person, not --protocol or --device',
            );
          const query = validate(
            evaluationQuerySchema,
            Object.fromEntries(
              Object.entries({
                asOf: o.asOf,
                knownAt: o.knownAt,
                protocol: o.protocol,
                personId: o.person,
                deviceId: o.device,
              }).filter(([, v]) => v !== undefined),
            ),
          );
          const { result, facts } = await rt.services.compliance.evaluateWithFacts(query, true);
          if (o.receipt !== undefined) {
            const receipt = await rt.services.receipts.issue(
              // The instant just evaluated, so the receipt states the same findings.
              {
                asOf: toIso(result.at),
                knownAt: result.knownAt === undefined ? undefined : toIso(result.knownAt),
                personId: query.personId,
              },
              CLI_ACTOR,
            );
            writeFileSync(resolve(env.io.cwd, o.receipt), `${JSON.stringify(receipt)}\n`);
            env.io.err(
              `Receipt written to ${o.receipt}: ${count(receipt.facts.length, 'fact')}, ${count(receipt.findings.length, 'finding')}, digest ${receipt.digest}.`,
            );
          }
          const open = result.findings.filter((f) => f.status === 'open');
          if (open.length > 0) env.setExitCode(1);
          if (env.json()) {
            env.io.out(
              json({
                asOf: toIso(result.at),
                knownAt: result.knownAt === undefined ? null : toIso(result.knownAt),
                findings: result.findings.map(findingView),
                devices: result.devices,
                facts,
              }),
            );
            return;
          }
          const people = new Map((await rt.services.inventory.listPeople()).map((p) => [p.id, p.name]));
          const evaluated = result.devices.filter((d) => d.verdict !== 'not-evaluated');
          const compliant = evaluated.filter((d) => d.verdict === 'compliant').length;
          env.io.out(
            `Compliance as of ${toIso(result.at)}${result.knownAt === undefined ? '' : ` as known at ${toIso(result.knownAt)}`}${query.protocol ? ` under ${query.protocol} (what-if)` : ''}: ` +
              `${count(evaluated.length, 'device')} evaluated, ${compliant} compliant, ${evaluated.length - compliant} not; ${count(open.length, 'open finding')}.`,
          );
          for (const d of evaluated) {
            const mine = result.findings.filter((f) => f.deviceId === d.deviceId);
            const who = d.personId === null ? 'no holder' : (people.get(d.personId) ?? d.personId);
            env.io.out(
              `\n${d.deviceId} (${d.role}) held by ${who}, protocol ${d.protocol ?? 'none'}: ${d.verdict.toUpperCase()}`,
            );
            const f = facts[d.deviceId];
            if (f !== undefined) env.io.out(`  facts: ${factsLine(f)}`);
            for (const finding of mine) env.io.out(findingLine(finding, result.at));
          }
          // Findings about people and facilities (no evaluated device): personal or unknown
          // devices seen in a secure facility, policies not acknowledged.
          const shown = new Set(evaluated.map((d) => d.deviceId));
          const others = result.findings.filter((f) => f.deviceId === null || !shown.has(f.deviceId));
          if (others.length > 0) {
            env.io.out('\nPeople and facilities:');
            for (const f of others) {
              const who = f.personId === null ? 'unknown person' : (people.get(f.personId) ?? f.personId);
              env.io.out(`  ${who}${f.deviceId === null ? '' : ` (${f.deviceId})`}:`);
              env.io.out(findingLine(f, result.at));
            }
          }
          const skipped = result.devices.filter((d) => d.verdict === 'not-evaluated');
          if (skipped.length > 0) {
            env.io.out(
              `\nNot evaluated: ${skipped.map((d) => `${d.deviceId} (${d.reason ?? 'not in service'})`).join(', ')}`,
            );
          }
        }),
    );
}
