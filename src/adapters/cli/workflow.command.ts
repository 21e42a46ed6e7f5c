/**
 * `vigil swap …`, `vigil schedule`, `vigil waiver …`, `vigil refusal …`: the workflows from the
 * command line, over the same service methods as the HTTP API.
 *
 * The CLI acts as the operator at this machine (it holds the database). A waiver needs a named
 * approver: `waiver approve` requires `--approver USER`, a dashboard user, recorded as
 * `cli:USER`, acting in that user's role (checked against the protocol's `waivers.approverRole`)
 * and as that user's person. A request made with `--as USER` is `cli:USER`; the person behind
 * it may never approve it, under any name or credential.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { VigilError } from '../../core/errors.ts';
import type { Swap } from '../../core/lifecycle/swap.ts';
import { toIso } from '../../core/time.ts';
import { instantOr } from '../../services/kernel/instant.ts';
import { atInputSchema, reasonInputSchema } from '../../services/kernel/schemas.ts';
import { transitionView } from '../../services/kernel/views.ts';
import { refusalInputSchema } from '../../services/refusals/schemas.ts';
import { refusalView } from '../../services/refusals/views.ts';
import { scheduleQuerySchema } from '../../services/schedule/schemas.ts';
import { scheduleItemView } from '../../services/schedule/views.ts';
import {
  custodyStepInputSchema,
  swapDeclineInputSchema,
  swapExamineInputSchema,
  swapListQuerySchema,
  swapPlanInputSchema,
  swapStageInputSchema,
} from '../../services/swaps/schemas.ts';
import { swapView } from '../../services/swaps/views.ts';
import { waiverListQuerySchema, waiverRequestInputSchema } from '../../services/waivers/schemas.ts';
import { waiverView } from '../../services/waivers/views.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { validate } from './inventory.command.ts';
import { json, table } from './io.ts';

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const day = (t: number | null) => (t === null ? '-' : toIso(t).slice(0, 10));
const actorOf = (name: string | undefined) => (name === undefined ? CLI_ACTOR : `${CLI_ACTOR}:${name}`);

/** Hashes evidence files named on the command line. */
function evidenceOf(paths: readonly string[], cwd: string) {
  return paths.map((p) => {
    const full = resolve(cwd, p);
    try {
      const bytes = readFileSync(full);
      return {
        name: p.split(/[\\/]/).pop() ?? p,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        size: statSync(full).size,
      };
    } catch {
      throw new VigilError('FILE_UNREADABLE', `cannot read evidence file ${p}`);
    }
  });
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const AT_HELP = 'when it happened, back-filling a past event (ISO 8601; default now)';

export function registerWorkflowCommands(program: Command, env: CommandEnv): void {
  const printSwap = (s: Swap) =>
    env.io.out(
      env.json()
        ? json(swapView(s))
        : `Swap ${s.id}: ${s.oldDeviceId} -> ${s.newDeviceId ?? '(replacement not staged)'}, ${s.state}` +
            (s.dueAt === null ? '' : ` (due ${day(s.dueAt)}, stage by ${day(s.stageBy)})`),
    );

  const swap = program.command('swap').description('Swaps: plan, stage, hand over, collect, examine, wipe');
  swap
    .command('list')
    .description('List swaps')
    .option('--state <state>', 'only swaps in this state')
    .option('--open', 'only swaps in progress')
    .option('--device <id>', 'only swaps of this device (old or new)')
    .action((o: { state?: string; open?: boolean; device?: string }) =>
      env.withRuntime(async (rt) => {
        const q = validate(swapListQuerySchema, defined({ state: o.state, deviceId: o.device }));
        const swaps = await rt.services.swaps.listSwaps({
          ...(q.state === undefined ? {} : { state: q.state }),
          ...(q.deviceId === undefined ? {} : { deviceId: q.deviceId }),
          ...(o.open === true ? { open: true } : {}),
        });
        env.io.out(
          env.json()
            ? json(swaps.map(swapView))
            : table(
                ['ID', 'OLD', 'NEW', 'HOLDER', 'STATE', 'DUE', 'STAGE BY'],
                swaps.map((s) => [
                  s.id,
                  s.oldDeviceId,
                  s.newDeviceId ?? '-',
                  s.personId,
                  s.state,
                  day(s.dueAt),
                  day(s.stageBy),
                ]),
              ),
        );
      }),
    );
  swap
    .command('show')
    .description('A swap with its transitions')
    .argument('<id>', 'swap id')
    .action((id: string) =>
      env.withRuntime(async (rt) => {
        const { swap: s, transitions } = await rt.services.swaps.getSwap(id);
        if (env.json()) {
          env.io.out(json({ ...swapView(s), transitions: transitions.map(transitionView) }));
          return;
        }
        printSwap(s);
        for (const t of transitions)
          env.io.out(`  ${toIso(t.at)}  ${t.from ?? '-'} -> ${t.to}  by ${t.actor}`);
      }),
    );
  swap
    .command('plan')
    .description("Plan a swap of an issued device (due dates default to its protocol's schedule)")
    .argument('<device>', 'device id')
    .option('--due <instant>', 'due date (ISO 8601)')
    .option('--stage-by <instant>', 'stage the replacement by (ISO 8601)')
    .option('--id <id>', 'swap id (generated when omitted)')
    .option('--at <instant>', AT_HELP)
    .action((device: string, o: { due?: string; stageBy?: string; id?: string; at?: string }) =>
      env.withRuntime(async (rt) => {
        const input = validate(
          swapPlanInputSchema,
          defined({ deviceId: device, dueAt: o.due, stageBy: o.stageBy, id: o.id, at: o.at }),
        );
        printSwap(await rt.services.swaps.planSwap(input, CLI_ACTOR));
      }),
    );
  swap
    .command('stage')
    .description('Stage the replacement (a staged issued device) for a planned swap')
    .argument('<id>', 'swap id')
    .argument('<device>', 'replacement device id')
    .option('--holder <id>', 'who holds the replacement until the handover')
    .option('--location <text>', 'where the replacement waits')
    .option('--at <instant>', AT_HELP)
    .action((id: string, device: string, o: { holder?: string; location?: string; at?: string }) =>
      env.withRuntime(async (rt) => {
        const input = validate(
          swapStageInputSchema,
          defined({ newDeviceId: device, holderId: o.holder, location: o.location, at: o.at }),
        );
        printSwap(await rt.services.swaps.stageSwap(id, input, CLI_ACTOR));
      }),
    );
  swap
    .command('handover')
    .description('Hand the replacement to the holder')
    .argument('<id>', 'swap id')
    .option('--at <instant>', AT_HELP)
    .action((id: string, o: { at?: string }) =>
      env.withRuntime(async (rt) =>
        printSwap(
          await rt.services.swaps.handOver(id, CLI_ACTOR, validate(atInputSchema, defined({ at: o.at }))),
        ),
      ),
    );
  swap
    .command('collect')
    .description('Take the old device back: --holder (a technician) and/or --location')
    .argument('<id>', 'swap id')
    .option('--holder <id>', 'who takes the device')
    .option('--location <text>', 'where it is stored')
    .option('--at <instant>', AT_HELP)
    .action((id: string, o: { holder?: string; location?: string; at?: string }) =>
      env.withRuntime(async (rt) => {
        const input = validate(
          custodyStepInputSchema,
          defined({ holderId: o.holder, location: o.location, at: o.at }),
        );
        printSwap(await rt.services.swaps.collect(id, input, CLI_ACTOR));
      }),
    );
  swap
    .command('retain')
    .description('Keep the old device as evidence, where it was collected to')
    .argument('<id>', 'swap id')
    .option('--at <instant>', AT_HELP)
    .action((id: string, o: { at?: string }) =>
      env.withRuntime(async (rt) =>
        printSwap(
          await rt.services.swaps.retain(id, CLI_ACTOR, validate(atInputSchema, defined({ at: o.at }))),
        ),
      ),
    );
  swap
    .command('examine')
    .description('Record the examination of the old device')
    .argument('<id>', 'swap id')
    .requiredOption('--method <method>', 'forensic-scan, mdm-review or physical-inspection')
    .requiredOption('--result <result>', 'clean, suspicious or compromised')
    .option('--notes <text>', 'notes')
    .option('--evidence <file>', 'a file backing the result (hashed; repeatable)', collect)
    .option('--at <instant>', AT_HELP)
    .action(
      (id: string, o: { method: string; result: string; notes?: string; evidence?: string[]; at?: string }) =>
        env.withRuntime(async (rt) => {
          const input = validate(
            swapExamineInputSchema,
            defined({
              method: o.method,
              result: o.result,
              notes: o.notes,
              evidence: o.evidence === undefined ? undefined : evidenceOf(o.evidence, env.io.cwd),
              at: o.at,
            }),
          );
          printSwap(await rt.services.swaps.examine(id, input, CLI_ACTOR));
        }),
    );
  swap
    .command('wipe')
    .description('The old device was wiped: the swap is complete')
    .argument('<id>', 'swap id')
    .option('--at <instant>', AT_HELP)
    .action((id: string, o: { at?: string }) =>
      env.withRuntime(async (rt) =>
        printSwap(
          await rt.services.swaps.wipe(id, CLI_ACTOR, validate(atInputSchema, defined({ at: o.at }))),
        ),
      ),
    );
  swap
    .command('decline')
    .description('The holder declined the swap (records a refusal)')
    .argument('<id>', 'swap id')
    .requiredOption('--reason <text>', 'the reason given')
    .option('--by <person>', 'who declined (default: the holder)')
    .option('--at <instant>', AT_HELP)
    .action((id: string, o: { reason: string; by?: string; at?: string }) =>
      env.withRuntime(async (rt) => {
        const input = validate(
          swapDeclineInputSchema,
          defined({ reason: o.reason, declinedBy: o.by, at: o.at }),
        );
        printSwap(await rt.services.swaps.decline(id, input, CLI_ACTOR));
      }),
    );
  swap
    .command('cancel')
    .description('Cancel a swap not yet handed over')
    .argument('<id>', 'swap id')
    .requiredOption('--reason <text>', 'why')
    .option('--at <instant>', AT_HELP)
    .action((id: string, o: { reason: string; at?: string }) =>
      env.withRuntime(async (rt) => {
        const input = validate(reasonInputSchema, defined({ reason: o.reason, at: o.at }));
        printSwap(await rt.services.swaps.cancel(id, input, CLI_ACTOR));
      }),
    );

  program
    .command('schedule')
    .description('Swaps and checks due, with stage-by dates, now or as of an instant')
    .option('--as-of <instant>', 'as of this ISO 8601 instant')
    .action((o: { asOf?: string }) =>
      env.withRuntime(async (rt) => {
        const q = validate(scheduleQuerySchema, defined({ asOf: o.asOf }));
        const r = await rt.services.schedule.schedule(
          q.asOf === undefined ? undefined : instantOr(q.asOf, 0),
        );
        if (env.json()) {
          env.io.out(json({ asOf: toIso(r.at), items: r.items.map(scheduleItemView) }));
          return;
        }
        env.io.out(
          table(
            ['KIND', 'DEVICE', 'HOLDER', 'DUE', 'STAGE BY', 'OVERDUE'],
            r.items.map((i) => [
              i.kind,
              i.deviceId,
              i.personId ?? '-',
              day(i.dueAt),
              i.stageBy === undefined ? '-' : day(i.stageBy),
              i.overdue ? 'yes' : 'no',
            ]),
          ),
        );
      }),
    );

  const waiver = program.command('waiver').description('Waivers: request, approve, reject, revoke, list');
  waiver
    .command('request')
    .description('Request a waiver for one rule on a device (--device) or a person (--person)')
    .requiredOption('--rule <id>', 'the rule waived, e.g. sensor.camera')
    .option('--device <id>', 'the device in scope')
    .option('--person <id>', 'the person in scope (all their devices)')
    .requiredOption('--reason <text>', 'why')
    .requiredOption('--risk <text>', 'the risk accepted')
    .requiredOption('--expires <instant>', 'expiry (ISO 8601)')
    .option('--starts <instant>', 'start (default: when requested)')
    .option('--as <user>', 'who requests: a user name (recorded as cli:USER)')
    .option('--at <instant>', AT_HELP)
    .action((o: Record<string, string | undefined>) =>
      env.withRuntime(async (rt) => {
        const input = validate(
          waiverRequestInputSchema,
          defined({
            rule: o.rule,
            deviceId: o.device,
            personId: o.person,
            reason: o.reason,
            risk: o.risk,
            expiresAt: o.expires,
            startsAt: o.starts,
            at: o.at,
          }),
        );
        const w = await rt.services.waivers.requestWaiver(input, actorOf(o.as));
        env.io.out(
          env.json()
            ? json(waiverView(w))
            : `Waiver ${w.id} requested (${w.rule}); it covers nothing until approved.`,
        );
      }),
    );
  waiver
    .command('approve')
    .description('Approve a waiver as a named approver (never its requester)')
    .argument('<id>', 'waiver id')
    .requiredOption('--approver <user>', 'the user who approves, in their role (recorded as cli:USER)')
    .option('--at <instant>', AT_HELP)
    .action((id: string, o: { approver: string; at?: string }) =>
      env.withRuntime(async (rt) => {
        const user = (await rt.services.users.list()).find((u) => u.username === o.approver);
        if (user === undefined || user.disabledAt !== null) {
          throw new VigilError('USER_NOT_FOUND', `no enabled user is named ${o.approver}`);
        }
        const w = await rt.services.waivers.approveWaiver(
          id,
          { actor: actorOf(user.username), role: user.role, personId: user.personId },
          validate(atInputSchema, defined({ at: o.at })),
        );
        env.io.out(
          env.json()
            ? json(waiverView(w))
            : `Waiver ${w.id} approved by ${w.approvedBy}, until ${toIso(w.expiresAt)}.`,
        );
      }),
    );
  for (const name of ['reject', 'revoke'] as const) {
    waiver
      .command(name)
      .description(name === 'reject' ? 'Reject a requested waiver' : 'Revoke an approved waiver')
      .argument('<id>', 'waiver id')
      .requiredOption('--reason <text>', 'why')
      .option('--as <name>', 'who decides (recorded as cli:NAME)')
      .option('--at <instant>', AT_HELP)
      .action((id: string, o: { reason: string; as?: string; at?: string }) =>
        env.withRuntime(async (rt) => {
          const input = validate(reasonInputSchema, defined({ reason: o.reason, at: o.at }));
          const waivers = rt.services.waivers;
          const w =
            name === 'reject'
              ? await waivers.rejectWaiver(id, input, actorOf(o.as))
              : await waivers.revokeWaiver(id, input, actorOf(o.as));
          env.io.out(env.json() ? json(waiverView(w)) : `Waiver ${w.id} ${w.state}.`);
        }),
      );
  }
  waiver
    .command('list')
    .description('List waivers')
    .option('--state <state>', 'requested, approved, rejected or revoked')
    .action((o: { state?: string }) =>
      env.withRuntime(async (rt) => {
        const q = validate(waiverListQuerySchema, defined({ state: o.state }));
        const list = await rt.services.waivers.listWaivers(q.state === undefined ? {} : { state: q.state });
        env.io.out(
          env.json()
            ? json(list.map(waiverView))
            : table(
                ['ID', 'RULE', 'SCOPE', 'STATE', 'STARTS', 'EXPIRES', 'APPROVED BY'],
                list.map((w) => [
                  w.id,
                  w.rule,
                  'deviceId' in w.scope ? `device ${w.scope.deviceId}` : `person ${w.scope.personId}`,
                  w.state,
                  day(w.startsAt),
                  day(w.expiresAt),
                  w.approvedBy ?? '-',
                ]),
              ),
        );
      }),
    );

  const refusal = program.command('refusal').description('Refusals: record and list');
  refusal
    .command('record')
    .description('Record that a person declined an action (swap, check, ...)')
    .requiredOption('--person <id>', 'who declined')
    .option('--device <id>', 'the device concerned')
    .requiredOption('--action <action>', 'swap, check, or another action (then --rule)')
    .option('--rule <id>', 'the rule the refusal leaves unmet')
    .requiredOption('--reason <text>', 'the reason given')
    .option('--at <instant>', 'when (default now)')
    .action((o: Record<string, string | undefined>) =>
      env.withRuntime(async (rt) => {
        const input = validate(
          refusalInputSchema,
          defined({
            personId: o.person,
            deviceId: o.device,
            action: o.action,
            rule: o.rule,
            reason: o.reason,
            at: o.at,
          }),
        );
        const r = await rt.services.refusals.recordRefusal(input, CLI_ACTOR);
        env.io.out(
          env.json()
            ? json(refusalView(r))
            : `Refusal ${r.id} recorded (${r.action} by ${r.personId}, leaves ${r.rule} unmet).`,
        );
      }),
    );
  refusal
    .command('list')
    .description('List refusals, newest first')
    .option('--person <id>', 'only this person')
    .option('--device <id>', 'only this device')
    .action((o: { person?: string; device?: string }) =>
      env.withRuntime(async (rt) => {
        const list = await rt.services.refusals.listRefusals({
          ...(o.person === undefined ? {} : { personId: o.person }),
          ...(o.device === undefined ? {} : { deviceId: o.device }),
        });
        env.io.out(
          env.json()
            ? json(list.map(refusalView))
            : table(
                ['ID', 'WHEN', 'PERSON', 'DEVICE', 'ACTION', 'RULE', 'REASON'],
                list.map((r) => [
                  r.id,
                  toIso(r.at),
                  r.personId,
                  r.deviceId ?? '-',
                  r.action,
                  r.rule,
                  r.reason,
                ]),
              ),
        );
      }),
    );
}
