import { rmSync } from 'node:fs';
import { type Command, Option } from 'commander';
import pino from 'pino';
import { VigilError } from '../../core/errors.ts';
import { type Runtime, readBaselines } from '../../runtime.ts';
import { startAuditLogLoop } from '../audit-log/loop.ts';
import { buildApp } from '../http/app.ts';
import { listen } from '../http/server.ts';
import { HISTORY_HEARTBEAT_SECONDS, workHistoryFills } from '../jobs/history.ts';
import { HistoryFillThread } from '../jobs/history-thread.ts';
import { startJobQueue } from '../jobs/queue.ts';
import { SCAN_HEARTBEAT_SECONDS } from '../jobs/scans.ts';
import { anyIntegration, scheduleIntegrations } from '../mdm/pull.ts';
import { type LoopLogger, startNoticeLoops } from '../notify/background.ts';
import { createOidcFlow } from '../oidc/client.ts';
import { startSiemLoops } from '../siem/stream.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { count, json } from './io.ts';
import { scanWorkerFor } from './scan-jobs.ts';

/** What a serving process does: HTTP only, background work only, or both (the default). */
const ROLES = ['api', 'worker', 'all'] as const;
type Role = (typeof ROLES)[number];

/** The background work of a worker (or `all`) process; one stop for all of it. */
async function startBackground(rt: Runtime, log: LoopLogger): Promise<() => Promise<void>> {
  // First, as the one step that may fail: the other loops are not started then.
  // Integrations: patch-currency feeds and MDM pulls on their intervals, when configured, on the
  // job queue: once per interval across every worker, retried with backoff (docs/adr/0030-job-queue.md).
  // Notices are delivered on the same queue (adapters/jobs/notices.ts), when this process delivers them.
  // Scan jobs too (adapters/jobs/scans.ts), when this process runs them, and history fills.
  const notify = rt.config.notify;
  // Always started: the dashboard's history days are filled on it (adapters/jobs/history.ts).
  // Expired jobs and missed heartbeats (history fills, scans) are found at this pace: half the
  // shortest lease or heartbeat.
  const superviseSeconds = Math.min(
    notify.leaseMs / 2000,
    SCAN_HEARTBEAT_SECONDS / 2,
    HISTORY_HEARTBEAT_SECONDS / 2,
  );
  const queue = await startJobQueue(rt.db.jobs, log, { superviseSeconds });
  // On PostgreSQL, with the evaluation off this thread, the fills too (docs/adr/0045).
  const fills =
    rt.config.databaseUrl !== null && rt.config.evaluationWorker
      ? new HistoryFillThread({
          url: rt.config.databaseUrl,
          schema: rt.config.databaseSchema,
          fixedNow: null,
        })
      : null;
  await workHistoryFills(queue.boss, fills?.fill ?? ((days) => rt.services.dashboard.fill(days)), log);
  if (anyIntegration(rt.config.integrations))
    await scheduleIntegrations(rt.services, rt.config.integrations, queue.every);
  const auditLog = startAuditLogLoop(rt.services.auditLog, {
    checkpointIntervalMs: rt.config.auditLog.checkpointIntervalMs,
    logger: log,
  });
  // Notices: deliver and plan in the background (VIGIL_NOTIFY_WORKER=off leaves it to other processes).
  const notices = notify.worker ? await startNoticeLoops(rt.services, notify, log, queue) : null;
  // -- scan jobs: run the scans requested with POST /scans (VIGIL_SCAN_WORKER=off: another process does).
  const scans = await scanWorkerFor(rt, log, queue);
  // -- exports: stream audit events to the SIEM file and/or webhook, when configured.
  const siem = startSiemLoops(rt.services.exports, rt.config.siem, log);
  return async () => {
    await scans?.stop();
    await notices?.stop();
    await queue.stop(); // waits for the scan and the history fill in flight
    await fills?.stop();
    await auditLog.stop();
    await siem.stop(); // -- exports: after the log's last integration, so the stream ends complete
  };
}

async function serveUntilStopped(
  rt: Runtime,
  env: CommandEnv,
  banner: (url: string) => string[],
  level: string,
  role: Role = 'all',
) {
  if (role === 'worker') {
    const log = pino({ level });
    const stopBackground = await startBackground(rt, log);
    // -- dashboard api: ask for the recent history days (filled on the job queue) and evaluate now.
    rt.services.dashboard.warm();
    env.io.out(
      'Vigil worker running (notices, scan jobs, scheduled pulls, history fills, audit log); Ctrl-C stops it',
    );
    await env.io.stopSignal;
    await stopBackground();
    return;
  }
  const app = buildApp({
    services: rt.services,
    logger: { level },
    ready: () => rt.db.ping(),
    rateLimits: rt.config.rateLimits,
    // -- single sign-on
    oidc: rt.config.oidc === null ? null : createOidcFlow(rt.config.oidc),
    pushes: {
      settings: rt.config.integrations.pushes,
      allowInsecureHttp: rt.config.integrations.allowInsecureHttp,
    },
  });
  // The fleet "now" evaluated off this thread, so that requests never wait for a whole-fleet pass.
  rt.offloadEvaluation(app.log);
  const url = await listen(app, { host: rt.config.host, port: rt.config.port });
  // An API process does no background work: worker processes on the same database do it.
  const stopBackground = role === 'all' ? await startBackground(rt, app.log) : null;
  for (const line of banner(url)) env.io.out(line);
  // -- dashboard api: evaluate "now" and the recent days in the background, so the first overview is quick.
  if (role === 'all') rt.services.dashboard.warm();
  await env.io.stopSignal;
  await app.close();
  await stopBackground?.();
}

export function registerServerCommands(program: Command, env: CommandEnv): void {
  program
    .command('start')
    .description(
      'Migrate, load the demo office if the database is empty, serve, and print the URL and an admin token',
    )
    .action(async () => {
      const started = performance.now();
      // A first run is for looking around: keep request logs quiet unless asked for.
      const level = env.io.env.LOG_LEVEL ?? 'warn';
      await env.withRuntime(async (rt) => {
        const demo = (await rt.db.isEmpty()) ? await rt.services.demo.load(readBaselines()) : null;
        await rt.services.protocols.syncBaselines(readBaselines(), Date.now(), 'system');
        // -- the demo admin gets a fresh password at every start, and a fresh token of theirs.
        const admin = await rt.services.users.ensureStartAdmin();
        const token = await rt.services.tokens.issueStartToken();
        await serveUntilStopped(
          rt,
          env,
          (url) => [
            `Vigil is running at ${url}`,
            admin === null
              ? `  dashboard: ${url}/ (the user \`admin\` is disabled or not an admin: no start password; see \`vigil user\`)`
              : `  dashboard: ${url}/ (sign in as ${admin.username}, password ${admin.password}; a new one at every start)`,
            `  database: ${rt.db.kind === 'pglite' ? `embedded PGlite in ${rt.config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}${demo ? `, demo office loaded (${count(demo.people, 'person', 'people')}, ${count(demo.devices, 'device')})` : ''}`,
            ...(token === null
              ? []
              : [
                  `  admin token (shown once; a new one replaces it at every start): ${token}`,
                  `  try: curl -H "Authorization: Bearer ${token}" ${url}/api/v1/compliance/findings`,
                ]),
            `  API description: ${url}/api/v1/openapi.json`,
            `  ready in ${((performance.now() - started) / 1000).toFixed(2)} s; Ctrl-C stops it`,
          ],
          level,
        );
      });
    });

  program
    .command('serve')
    .description('Migrate and serve the API (production: no demo, no token printed)')
    .addOption(
      new Option(
        '--role <role>',
        'api: serve HTTP only; worker: background work only (notices, scan jobs, pulls, history fills, audit log); all: both',
      )
        .choices(ROLES)
        .default('all'),
    )
    .action(async (o: { role: Role }) => {
      await env.withRuntime(async (rt) => {
        await rt.services.protocols.syncBaselines(readBaselines(), Date.now(), 'system');
        await serveUntilStopped(
          rt,
          env,
          (url) => [`Vigil is serving at ${url}${o.role === 'all' ? '' : ` (role ${o.role})`}`],
          rt.config.logLevel,
          o.role,
        );
      });
    });

  program
    .command('demo')
    .description('Load the demo office into an empty database')
    .option('--reset', 'delete the embedded database first (PGlite only)')
    .action(async (opts: { reset?: boolean }) => {
      if (opts.reset === true) {
        const url = env.io.env.DATABASE_URL;
        if (url !== undefined && url !== '') {
          throw new VigilError(
            'CLI_USAGE',
            '--reset deletes data and is only available on the embedded database; on PostgreSQL drop the database yourself',
          );
        }
        // Take the lock first, so a running server's database is never deleted under it.
        await env
          .withRuntime(async (rt) => rt.config.dataDir)
          .then((dir) => rmSync(dir, { recursive: true, force: true }));
      }
      await env.withRuntime(async (rt) => {
        if (!(await rt.db.isEmpty())) {
          throw new VigilError(
            'DEMO_NOT_EMPTY',
            'the database already holds people or devices; use `vigil demo --reset` (embedded only)',
          );
        }
        const summary = await rt.services.demo.load(readBaselines(), CLI_ACTOR);
        await rt.services.protocols.syncBaselines(readBaselines(), Date.now(), CLI_ACTOR);
        env.io.out(
          env.json()
            ? json(summary)
            : `Demo office loaded: ${count(summary.people, 'person', 'people')}, ${count(summary.devices, 'device')}.`,
        );
      });
    });
}
