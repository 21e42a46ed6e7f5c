import { rmSync } from 'node:fs';
import type { Command } from 'commander';
import { VigilError } from '../../core/errors.ts';
import { type Runtime, readBaselines } from '../../runtime.ts';
import { startAuditLogLoop } from '../audit-log/loop.ts';
import { buildApp } from '../http/app.ts';
import { listen } from '../http/server.ts';
import { startIntegrationLoops } from '../mdm/pull.ts';
import { startNoticeLoops } from '../notify/background.ts';
import { createOidcFlow } from '../oidc/client.ts';
import { startSiemLoops } from '../siem/stream.ts';
import { CLI_ACTOR, type CommandEnv } from './context.ts';
import { json } from './io.ts';
import { scanWorkerFor } from './scan-jobs.ts';

async function serveUntilStopped(
  rt: Runtime,
  env: CommandEnv,
  banner: (url: string) => string[],
  level: string,
) {
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
  const url = await listen(app, { host: rt.config.host, port: rt.config.port });
  const auditLog = startAuditLogLoop(rt.services.auditLog, {
    checkpointIntervalMs: rt.config.auditLog.checkpointIntervalMs,
    logger: app.log,
  });
  // Notices: deliver and plan in the background (VIGIL_NOTIFY_WORKER=off leaves it to other processes).
  const notices = rt.config.notify.worker ? startNoticeLoops(rt.services, rt.config.notify, app.log) : null;
  // Integrations: patch-currency feeds and MDM pulls on their intervals, when configured.
  const integrations = startIntegrationLoops(rt.services, rt.config.integrations, app.log);
  // -- scan jobs: run the scans requested with POST /scans (VIGIL_SCAN_WORKER=off: another process does).
  const scans = scanWorkerFor(rt, app.log);
  // -- exports: stream audit events to the SIEM file and/or webhook, when configured.
  const siem = startSiemLoops(rt.services.exports, rt.config.siem, app.log);
  for (const line of banner(url)) env.io.out(line);
  // -- dashboard api: evaluate "now" and the recent days in the background, so the first overview is quick.
  rt.services.dashboard.warm();
  await env.io.stopSignal;
  await scans?.stop();
  await notices?.stop();
  await integrations.stop();
  await app.close();
  await auditLog.stop();
  await siem.stop(); // -- exports: after the log's last integration, so the stream ends complete
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
            `  database: ${rt.db.kind === 'pglite' ? `embedded PGlite in ${rt.config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}${demo ? `, demo office loaded (${demo.people} people, ${demo.devices} devices)` : ''}`,
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
    .action(async () => {
      await env.withRuntime(async (rt) => {
        await rt.services.protocols.syncBaselines(readBaselines(), Date.now(), 'system');
        await serveUntilStopped(rt, env, (url) => [`Vigil is serving at ${url}`], rt.config.logLevel);
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
            : `Demo office loaded: ${summary.people} people, ${summary.devices} devices.`,
        );
      });
    });
}
