/**
 * The API calls behind the dashboard's overview on PostgreSQL with 100,000 devices
 * and 1,000,000 audit events: `vigil serve`'s app listening on localhost, sequential requests
 * from this process (one client, as a browser's overview makes them), p50/p99 per endpoint after
 * the first (cold) request, which is reported on its own; then the history's background fill
 * (past days evaluated once and stored) and the re-evaluation after a write.
 * Run: node bench/dashboard.bench.ts [--devices 100000] [--events 1000000] [--requests 200]
 * Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test);
 * works in a new schema, dropped at the end.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '../src/adapters/db/client.ts';
import { buildApp } from '../src/adapters/http/app.ts';
import { workHistoryFills } from '../src/adapters/jobs/history.ts';
import { startJobQueue } from '../src/adapters/jobs/queue.ts';
import { argon2Passwords } from '../src/adapters/passwords.ts';
import { systemClock, systemRandom, ulidIds } from '../src/adapters/system.ts';
import { readBaselines } from '../src/runtime.ts';
import { createServices } from '../src/services/index.ts';
import { seedFleet } from './seed-fleet.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const n = arg('devices', 100_000);
const events = arg('events', 1_000_000);
const requests = arg('requests', 200);
const principals = Math.max(1, Math.round(n / 100));
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_dashboard_${Date.now()}`;
const log = (s: string) => console.error(s);

const db = await openDatabase({ url, schema });
await db.migrate();
const services = createServices({
  uow: db.uow,
  announcements: db.announcements,
  clock: systemClock,
  ids: ulidIds(),
  random: systemRandom,
  auth: { passwords: argon2Passwords },
});
const seeder = new pg.Client({ connectionString: url });
await seeder.connect();
await seeder.query(`set search_path to "${schema}"`);

try {
  const seedStart = performance.now();
  await services.protocols.syncBaselines(readBaselines(), Date.now() - 400 * 86_400_000, 'bench');
  // The fleet with SQL (bench/seed-fleet.ts), with the audit log: a million events spread over
  // the last year (not added to the Merkle tree: the checkpoint route reads the latest signed
  // checkpoint whatever the log's size).
  await seedFleet(seeder, { devices: n, principals, auditEvents: events });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  log(`seeded ${n} devices, ${principals} principals, ${events} audit events in ${seedSeconds.toFixed(1)} s`);

  await services.auditLog.integrateAll();
  await services.auditLog.checkpoint();

  const app = buildApp({ services, ready: () => db.ping(), logger: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  // The history's past days are filled on the job queue, in this process as in a `vigil serve`
  // of role `all` (adapters/jobs/history.ts).
  const quiet = { info: () => {}, error: (o: object, m: string) => log(`${m}: ${JSON.stringify(o)}`) };
  const queue = await startJobQueue(db.jobs, quiet, { superviseSeconds: 5 });
  await workHistoryFills(queue.boss, (days) => services.dashboard.fill(days), quiet);
  // The security officer behind the token and the dashboard user (credentials belong to people).
  await services.inventory.createPerson(
    { id: 'bench-officer', name: 'Bench Officer', kind: 'operator' },
    'bench',
  );
  const password = 'bench-password-123456';
  const { user } = await services.users.create(
    { username: 'bench', name: 'Bench Officer', role: 'officer', personId: 'bench-officer', password },
    'bench',
  );
  const token = (await services.tokens.create({ name: 'bench', userId: user.id }, 'bench')).token;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };

  // The dashboard user signed in, for GET /session.
  let cookie: string | null = null;
  {
    const r = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password }),
    });
    const set = r.headers.get('set-cookie');
    if (r.ok && set !== null) cookie = set.split(';')[0] ?? null;
    else log(`sign-in failed: ${r.status} ${await r.text()}`);
  }

  const call = async (path: string, h: Record<string, string> = headers) => {
    const t0 = performance.now();
    const r = await fetch(`${base}${path}`, { headers: h });
    const body = await r.text();
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(`${path}: ${r.status} ${body.slice(0, 300)}`);
    return { ms, body, bytes: body.length };
  };
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
  };
  const round = (x: number) => Math.round(x * 10) / 10;

  const endpoints: { name: string; path: string; headers?: Record<string, string> }[] = [
    { name: 'GET /compliance/summary', path: '/api/v1/compliance/summary' },
    // The overview's "top three things to do today".
    { name: 'GET /compliance/today', path: '/api/v1/compliance/today' },
    // The overview's page of worst findings (its default filter: open ones) and its person names.
    {
      name: 'GET /compliance/findings?status=open&limit=50',
      path: '/api/v1/compliance/findings?status=open&limit=50',
    },
    { name: 'GET /people', path: '/api/v1/people' },
    { name: 'GET /compliance/history', path: '/api/v1/compliance/history' },
    { name: 'GET /audit/checkpoint', path: '/api/v1/audit/checkpoint' },
    ...(cookie === null ? [] : [{ name: 'GET /session', path: '/api/v1/session', headers: { cookie } }]),
    {
      name: 'GET /compliance/summary?protocol=strict-30day',
      path: '/api/v1/compliance/summary?protocol=strict-30day',
    },
  ];

  // Cold: the first request of each, in the order the overview makes them.
  const cold: Record<string, number> = {};
  for (const e of endpoints) {
    cold[e.name] = round((await call(e.path, e.headers)).ms);
    log(`cold ${e.name}: ${cold[e.name]} ms`);
  }

  // How long the serving process's event loop was held (every request waits that long), while
  // the history fills in the background and then during the warm requests.
  const loopDelay = () => {
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    return () => {
      h.disable();
      return { p99Ms: round(h.percentile(99) / 1e6), maxMs: round(h.max / 1e6) };
    };
  };
  // The history's past days are evaluated by the job queue's worker, once: wait until none is pending.
  const fillLoop = loopDelay();
  const fillStart = performance.now();
  for (;;) {
    const h = JSON.parse((await call('/api/v1/compliance/history')).body) as { pending: number };
    if (h.pending === 0) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const historyFillSeconds = round((performance.now() - fillStart) / 1000);
  const loopDuringFill = fillLoop();
  log(`history filled ${historyFillSeconds} s after the first request`);

  // Warm: sequential requests, endpoints interleaved as page loads would be.
  const loadAverage = round(loadavg()[0] ?? 0);
  const times = new Map<string, number[]>(endpoints.map((e) => [e.name, []]));
  const sizes = new Map<string, number>();
  const warmLoop = loopDelay();
  for (let i = 0; i < requests; i++) {
    for (const e of endpoints) {
      const r = await call(e.path, e.headers);
      times.get(e.name)?.push(r.ms);
      sizes.set(e.name, r.bytes);
    }
  }
  const loopDuringWarm = warmLoop();
  const results = endpoints.map((e) => {
    const xs = times.get(e.name) ?? [];
    return {
      endpoint: e.name,
      coldMs: cold[e.name] ?? 0,
      p50Ms: round(pct(xs, 50)),
      p99Ms: round(pct(xs, 99)),
      maxMs: round(Math.max(...xs)),
      bytes: sizes.get(e.name) ?? 0,
    };
  });
  for (const r of results) log(`${r.endpoint}: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms`);

  // The overview's first render in Chromium, from navigation to the heading, the "Worst findings"
  // table with rows, the breakdown by role and the history chart; browser cache empty each time.
  // Twice: right after signing in (a sign-in changes no compliance fact, so the cached
  // evaluation should serve it), then with the server's caches warm.
  let renderMs: number | null = null;
  let renderAfterSignInMs: number | null = null;
  const webIndex = join(import.meta.dirname, '..', 'web', 'dist', 'index.html');
  if (existsSync(webIndex) && existsSync('/usr/bin/chromium')) {
    const { chromium } = await import('playwright-core');
    type Page = Awaited<ReturnType<Awaited<ReturnType<typeof chromium.launch>>['newPage']>>;
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    /** Milliseconds to the overview's parts; logs when each appeared and each API call's span. */
    const render = async (page: Page, label: string) => {
      const steps: string[] = [];
      const apiCalls = new Map<unknown, string>();
      const t0 = performance.now();
      const since = () => Math.round(performance.now() - t0);
      const step = async (name: string, wait: Promise<unknown>) => {
        await wait;
        steps.push(`${name} ${since()} ms`);
      };
      page.on('request', (r) => {
        if (r.url().includes('/api/v1/')) apiCalls.set(r, `${new URL(r.url()).pathname} ${since()}`);
      });
      page.on('requestfinished', (r) => {
        const started = apiCalls.get(r);
        if (started !== undefined) apiCalls.set(r, `${started}-${since()} ms`);
      });
      const timeout = 120_000;
      await page.goto('/');
      await step('heading', page.getByRole('heading', { name: 'Fleet overview' }).waitFor({ timeout }));
      await step(
        'worst findings',
        page.getByRole('table', { name: 'Worst findings' }).getByRole('row').nth(1).waitFor({ timeout }),
      );
      await step('by role', page.getByRole('table', { name: 'By device role' }).waitFor({ timeout }));
      await step(
        'history chart',
        page.getByRole('figure', { name: 'Compliance over time' }).waitFor({ timeout }),
      );
      const ms = round(performance.now() - t0);
      log(
        `overview ${label}: ${ms} ms (${steps.join(', ')}; API calls: ${[...apiCalls.values()].join(', ')})`,
      );
      return ms;
    };
    try {
      const context = await browser.newContext({ baseURL: base });
      const page = await context.newPage();
      await page.goto('/signin');
      await page.getByLabel('User name').fill('bench');
      await page.getByLabel('Password').fill('bench-password-123456');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      await page.goto('about:blank');
      renderAfterSignInMs = await render(page, 'right after signing in');
      // A new context: the same session cookie, an empty browser cache.
      const warm = await browser.newContext({ baseURL: base, storageState: await context.storageState() });
      renderMs = await render(await warm.newPage(), 'with the server caches warm');
    } catch (err) {
      log(`overview render not measured: ${String(err).split('\n')[0]}`);
    } finally {
      await browser.close();
    }
  }

  // After a write, the next overview waits for one re-evaluation (it must show the change).
  await call('/api/v1/compliance/summary');
  const write = await fetch(`${base}/api/v1/people`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'New Principal', kind: 'principal' }),
  });
  if (!write.ok) throw new Error(`write failed: ${write.status}`);
  const writeLoop = loopDelay();
  const afterWriteMs = round((await call('/api/v1/compliance/summary')).ms);
  const loopDuringReevaluation = writeLoop();
  log(`summary after a write: ${afterWriteMs} ms`);

  // The summary right after each kind of write that changes what is open: a posture report (its
  // device), a waiver approval (its device) and a protocol assignment (the person's devices).
  // One write, then the summary, `rounds` times each.
  const rounds = arg('rounds', 50);
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
  const writes: Record<string, (i: number) => Promise<unknown>> = {
    'posture report': (i) =>
      services.posture.record(
        {
          deviceId: `d${(i * 7919) % n}`,
          observedAt: new Date().toISOString(),
          source: 'bench',
          osVersion: '17.0',
        },
        'token:bench',
      ),
    'waiver approval': async (i) => {
      const w = await services.waivers.requestWaiver(
        {
          rule: 'posture.stale',
          deviceId: `d${(i * 104_729) % n}`,
          reason: 'bench',
          risk: 'bench',
          expiresAt: inDays(7),
        },
        'token:bench',
      );
      return services.waivers.approveWaiver(w.id, {
        actor: 'token:officer',
        role: 'officer',
        personId: 'bench-officer',
      });
    },
    'protocol assignment': (i) =>
      services.inventory.assignProtocol(
        `p${(i * 31) % principals}`,
        { protocol: i % 2 === 0 ? 'relaxed-social' : 'strict-30day' },
        'token:bench',
      ),
  };
  // The machine's own noise just before (other processes' load shows in every delay below).
  const idleLoop = loopDelay();
  await new Promise((r) => setTimeout(r, 3000));
  const loopIdleBeforeWrites = idleLoop();
  // This thread's garbage collections meanwhile: the pauses a request may have waited behind.
  let pauses: { major: boolean; ms: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind;
      pauses.push({ major: kind === constants.NODE_PERFORMANCE_GC_MAJOR, ms: e.duration });
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const gcSince = () => {
    const taken = pauses;
    pauses = [];
    const most = (xs: number[]) => round(xs.reduce((a, b) => Math.max(a, b), 0));
    return {
      collections: taken.length,
      totalMs: round(taken.reduce((a, p) => a + p.ms, 0)),
      maxMs: most(taken.map((p) => p.ms)),
      majorMaxMs: most(taken.filter((p) => p.major).map((p) => p.ms)),
    };
  };
  const afterWrites: {
    write: string;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    gc: ReturnType<typeof gcSince>;
  }[] = [];
  const afterWritesLoop = loopDelay();
  for (const [write, run] of Object.entries(writes)) {
    const times: number[] = [];
    gcSince();
    for (let i = 0; i < rounds; i++) {
      await run(i);
      times.push((await call('/api/v1/compliance/summary')).ms);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
    const gc = gcSince();
    afterWrites.push({ write, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1), gc });
    log(
      `summary after a ${write}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms; GC meanwhile ${gc.collections} pauses, longest ${gc.maxMs} ms (major ${gc.majorMaxMs} ms)`,
    );
  }
  const loopDuringWrites = afterWritesLoop();
  gcObserver.disconnect();

  await app.close();
  await queue.stop();
  console.log(
    JSON.stringify({
      devices: n,
      principals,
      auditEvents: events,
      requests,
      cores: cpus().length,
      loadAverage,
      seedSeconds: round(seedSeconds),
      historyFillSeconds,
      afterWriteMs,
      afterWrites,
      renderMs,
      renderAfterSignInMs,
      loopDelay: {
        fill: loopDuringFill,
        warm: loopDuringWarm,
        reevaluation: loopDuringReevaluation,
        writes: loopDuringWrites,
        idleBeforeWrites: loopIdleBeforeWrites,
      },
      results,
    }),
  );
} finally {
  await seeder.query(`drop schema if exists "${schema}", "${schema}_jobs" cascade`);
  await seeder.end();
  await db.close();
}
