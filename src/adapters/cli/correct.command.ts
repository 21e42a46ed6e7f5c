/**
 * `vigil correct KIND FACT-ID --reason T (--retract | --set FIELD=VALUE ...)` and
 * `vigil correction list`: corrections of recorded facts, over the same service methods as the
 * HTTP API. `--set notes=` (nothing after `=`) empties a field that may be empty.
 */
import type { Command } from 'commander';
import { VigilError } from '../../core/errors.ts';
import { CORRECTABLE_KINDS, type CorrectableKind } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';
import { correctionInputSchema } from '../../services/corrections/schemas.ts';
import { correctionView } from '../../services/corrections/views.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { validate } from './inventory.command.ts';
import { json, table } from './io.ts';

const collect = (value: string, list: string[]) => [...list, value];

/** `field=value` pairs as the `set` of a correction (an empty value is null). */
function setOf(pairs: readonly string[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new VigilError('CLI_USAGE', `--set takes FIELD=VALUE, not ${pair}`);
    const value = pair.slice(i + 1);
    out[pair.slice(0, i)] = value === '' ? null : value;
  }
  return out;
}

export function registerCorrectionCommands(program: Command, env: CommandEnv): void {
  program
    .command('correct')
    .description(
      `Correct or retract a recorded fact (${CORRECTABLE_KINDS.join(', ')}; a status or custody record by its seq)`,
    )
    .argument('<kind>', CORRECTABLE_KINDS.join(' | '))
    .argument('<factId>', "the fact's id")
    .requiredOption('--reason <text>', 'why the fact is corrected')
    .option('--retract', 'the fact never happened')
    .option('--set <field=value>', 'a corrected field (repeat for more)', collect, [])
    .action((kind: string, factId: string, o: { reason: string; retract?: boolean; set: string[] }) =>
      env.withRuntime(async (rt) => {
        if ((o.retract === true) === o.set.length > 0)
          throw new VigilError('CLI_USAGE', 'give either --retract or --set FIELD=VALUE, not both');
        const input = validate(correctionInputSchema, {
          kind,
          factId,
          reason: o.reason,
          ...(o.retract === true ? { retract: true } : { set: setOf(o.set) }),
        });
        const c = await rt.services.corrections.correct(input, CLI_ACTOR);
        env.io.out(
          env.json()
            ? json(correctionView(c))
            : `Correction ${c.id} recorded: ${c.kind} ${c.factId} ${c.values === null ? 'retracted' : 'corrected'}.`,
        );
      }),
    );
  program
    .command('correction')
    .description('Corrections of recorded facts')
    .command('list')
    .description('List corrections, oldest first')
    .option('--kind <kind>', 'only this kind of fact')
    .option('--fact <id>', 'only this fact')
    .option('--device <id>', 'only facts of this device')
    .action((o: { kind?: string; fact?: string; device?: string }) =>
      env.withRuntime(async (rt) => {
        if (o.kind !== undefined && !(CORRECTABLE_KINDS as readonly string[]).includes(o.kind))
          throw new VigilError('CLI_USAGE', `--kind is one of ${CORRECTABLE_KINDS.join(', ')}`);
        const list = await rt.services.corrections.list({
          ...(o.kind === undefined ? {} : { kind: o.kind as CorrectableKind }),
          ...(o.fact === undefined ? {} : { factId: o.fact }),
          ...(o.device === undefined ? {} : { deviceId: o.device }),
        });
        env.io.out(
          env.json()
            ? json(list.map(correctionView))
            : table(
                ['ID', 'RECORDED', 'KIND', 'FACT', 'CHANGE', 'BY', 'REASON'],
                list.map((c) => [
                  c.id,
                  toIso(c.recordedAt),
                  c.kind,
                  c.factId,
                  c.values === null ? 'retracted' : 'corrected',
                  c.recordedBy,
                  c.reason,
                ]),
              ),
        );
      }),
    );
}
