/**
 * `vigil notify`: deliver due notices from the job queue (`run`, or `run --once` for cron), plan notices once
 * (`plan`), list and retry notices, and manage the e-mail recipients of roles.
 */
import type { Command } from 'commander';
import { VigilError } from '../../core/errors.ts';
import {
  noticeQuerySchema,
  noticeView,
  recipientInputSchema,
  recipientView,
} from '../../services/notices/schemas.ts';
import { drainNotices, workNotices } from '../jobs/notices.ts';
import { startJobQueue } from '../jobs/queue.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { validate } from './inventory.command.ts';
import { json, table } from './io.ts';

export function registerNotifyCommands(program: Command, env: CommandEnv): void {
  const notify = program
    .command('notify')
    .description('Notices: deliver, plan, list, retry; e-mail recipients of roles');

  notify
    .command('run')
    .description('Deliver due notices until stopped (Ctrl-C), or once with --once (for cron)')
    .option('--once', 'deliver what is due now, then exit')
    .action((o: { once?: boolean }) =>
      env.withRuntime(async (rt) => {
        if (!rt.services.notices.canDeliver) {
          throw new VigilError(
            'CONFIG_INVALID',
            'no delivery channel is configured: set VIGIL_SMTP_URL and/or VIGIL_WEBHOOK_URL (with VIGIL_WEBHOOK_SECRET)',
          );
        }
        const notify = rt.config.notify;
        const log = {
          info: () => {},
          error: (obj: { err?: unknown }, msg: string) =>
            env.io.err(`${msg}: ${obj.err instanceof Error ? obj.err.message : String(obj.err)}`),
        };
        const queue = await startJobQueue(rt.db.jobs, log, { superviseSeconds: notify.leaseMs / 2000 });
        try {
          if (o.once === true) {
            const r = await drainNotices(queue.boss, rt.services.notices, notify);
            env.io.out(
              env.json()
                ? json(r)
                : `Claimed ${r.claimed}: ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed.`,
            );
            return;
          }
          await workNotices(queue.boss, rt.services.notices, { ...notify, pollMs: notify.intervalMs }, (r) =>
            env.io.err(`notices: ${json(r).replaceAll(/\s+/g, ' ')}`),
          );
          env.io.out(`Notice worker running (every ${notify.intervalMs / 1000} s); Ctrl-C stops it`);
          await env.io.stopSignal;
        } finally {
          await queue.stop();
        }
      }),
    );

  notify
    .command('plan')
    .description(
      'Record finding transitions and enqueue reminders, overdue notices, escalations, waiver warnings (once)',
    )
    .action(() =>
      env.withRuntime(async (rt) => {
        const r = await rt.services.noticePlanner.plan();
        env.io.out(
          env.json()
            ? json(r)
            : r.ran
              ? `Planned: ${r.transitions} finding transition(s), ${r.enqueued} notice(s) enqueued, ${r.cancelled} cancelled.`
              : 'Another process is planning right now; nothing done.',
        );
      }),
    );

  notify
    .command('list')
    .description('List notices, newest first')
    .option('--state <state>', 'pending, sent, failed or cancelled')
    .option('--kind <kind>', 'e.g. swap.due-soon, escalation')
    .option('--limit <n>', 'at most this many', '100')
    .action((o: { state?: string; kind?: string; limit: string }) =>
      env.withRuntime(async (rt) => {
        const q = validate(noticeQuerySchema, {
          limit: o.limit,
          ...(o.state === undefined ? {} : { state: o.state }),
          ...(o.kind === undefined ? {} : { kind: o.kind }),
        });
        const list = (
          await rt.services.notices.list({
            limit: q.limit,
            ...(q.state === undefined ? {} : { state: q.state }),
            ...(q.kind === undefined ? {} : { kind: q.kind }),
          })
        ).map(noticeView);
        env.io.out(
          env.json()
            ? json(list)
            : table(
                ['ID', 'STATE', 'KIND', 'ATTEMPTS', 'NEXT', 'KEY'],
                list.map((n) => [String(n.id), n.state, n.kind, String(n.attempts), n.nextAttemptAt, n.key]),
              ),
        );
      }),
    );

  notify
    .command('retry')
    .description('Put a failed notice back in the queue with a fresh retry budget')
    .argument('<id>', 'notice id')
    .action((id: string) =>
      env.withRuntime(async (rt) => {
        if (!/^[1-9]\d{0,15}$/.test(id)) throw new VigilError('CLI_USAGE', `not a notice id: ${id}`);
        const n = noticeView(await rt.services.notices.retry(Number(id), CLI_ACTOR));
        env.io.out(env.json() ? json(n) : `Notice ${n.id} is pending again.`);
      }),
    );

  const recipient = notify
    .command('recipient')
    .description('E-mail recipients of the notices addressed to a role');
  recipient
    .command('add')
    .argument('<role>', 'admin, officer, technician, auditor, staff or ingest')
    .argument('<email>', 'address')
    .action((role: string, email: string) =>
      env.withRuntime(async (rt) => {
        const input = validate(recipientInputSchema, { role, email });
        const r = recipientView(await rt.services.notices.addRecipient(input, CLI_ACTOR));
        env.io.out(env.json() ? json(r) : `${r.email} receives ${r.role} notices.`);
      }),
    );
  recipient
    .command('list')
    .argument('[role]', 'only this role')
    .action((role: string | undefined) =>
      env.withRuntime(async (rt) => {
        const r = role === undefined ? undefined : validate(recipientInputSchema.shape.role, role);
        const list = (await rt.services.notices.listRecipients(r)).map(recipientView);
        env.io.out(
          env.json()
            ? json(list)
            : table(
                ['ROLE', 'EMAIL', 'ADDED', 'BY'],
                list.map((x) => [x.role, x.email, x.createdAt, x.createdBy]),
              ),
        );
      }),
    );
  recipient
    .command('remove')
    .argument('<role>', 'role')
    .argument('<email>', 'address')
    .action((role: string, email: string) =>
      env.withRuntime(async (rt) => {
        const input = validate(recipientInputSchema, { role, email });
        await rt.services.notices.removeRecipient(input, CLI_ACTOR);
        env.io.out(
          env.json() ? json({ removed: input }) : `${input.email} no longer receives ${input.role} notices.`,
        );
      }),
    );
}
