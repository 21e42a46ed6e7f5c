/**
 * "My phones" (/me) right after signing in: the API calls behind it (POST /session, GET /session,
 * GET /me/page) on a freshly started server (nothing cached: the fleet's evaluation is cold), then
 * from pressing "Sign in" in Chromium (headless, a phone's viewport, empty browser cache) to the
 * page showing what to do, first visit and again later, and the API's p50 over repeated sign-ins.
 * Two offices: the demo office on the embedded database, and --devices (default 100,000) on
 * PostgreSQL seeded with SQL, where the person signing in holds three of them.
 * Run: node bench/self-service.bench.ts [--devices 100000] [--rounds 20]
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); the large
 * office is skipped when it does not answer. Works in a new schema, dropped at the end.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/adapters/db/client.ts';
import { buildApp } from '../src/adapters/http/app.ts';
import { argon2Passwords } from '../src/adapters/passwords.ts';
import { systemClock, systemRandom, ulidIds } from '../src/adapters/system.ts';
import { readBaselines } from '../src/runtime.ts';
import { createServices, type Services } from '../src/services/index.ts';
import { seedFleet } from './seed-fleet.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const n = arg('devices', 100_000);
const rounds = arg('rounds', 20);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (s: string) => console.error(s);
const round = (x: number) => Math.round(x * 10) / 10;
const PASSWORD = 'bench-self-service-password-1';

interface Office {
  readonly name: string;
  readonly devices: number;
  /** The first sign-in after the process started, nothing cached (API). */
  readonly apiColdMs: number;
  readonly apiP50Ms: number;
  /** Chromium's first visit, the server's evaluation ready (null: no Chromium or web/dist). */
  readonly renderFirstMs: number | null;
  readonly renderWarmMs: number | null;
  readonly tasks: number;
  /** One-minute load average when the warm rounds began (other processes share the machine). */
  readonly loadAverage: number;
}

/** Signs in over the API and reads what the page needs, in the order the page asks for it. */
async function apiFirstRender(base: string, username: string): Promise<{ ms: number; tasks: number }> {
  const t0 = performance.now();
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!r.ok) throw new Error(`sign-in: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const session = await fetch(`${base}/api/v1/session`, { headers: { cookie } });
  if (!session.ok) throw new Error(`session: ${session.status}`);
  const page = await fetch(`${base}/api/v1/me/page`, { headers: { cookie } });
  const body = (await page.json()) as { tasks: unknown[] };
  if (!page.ok) throw new Error(`me/page: ${page.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - t0, tasks: body.tasks.length };
}

/** Chromium: from pressing "Sign in" to the page's list of things to do. */
async function browserFirstRender(base: string, username: string): Promise<number | null> {
  const webIndex = join(import.meta.dirname, '..', 'web', 'dist', 'index.html');
  if (!existsSync(webIndex) || !existsSync('/usr/bin/chromium')) return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    const t0 = performance.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'What to do' }).waitFor({ timeout: 60_000 });
    return performance.now() - t0;
  } finally {
    await browser.close();
  }
}

/** Serves `services`, signs `username` in cold (once per fresh server) and warm, and reports. */
async function measure(
  name: string,
  devices: number,
  services: Services,
  ping: () => Promise<void>,
  username: string,
) {
  const app = buildApp({ services, ready: ping, logger: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    // Cold: nothing cached, the first request after the process started (over the API).
    const cold = await apiFirstRender(base, username);
    // Then as after `vigil start`, which evaluates the fleet in the background at start: a first
    // visit in a new browser (empty cache), the server's evaluation ready.
    const renderFirstMs = await browserFirstRender(base, username);
    const loadAverage = round(loadavg()[0] ?? 0);
    const times: number[] = [];
    let tasks = 0;
    for (let i = 0; i < rounds; i++) {
      const r = await apiFirstRender(base, username);
      times.push(r.ms);
      tasks = r.tasks;
    }
    times.sort((a, b) => a - b);
    const renderWarmMs = await browserFirstRender(base, username);
    const office: Office = {
      name,
      devices,
      apiColdMs: round(cold.ms),
      apiP50Ms: round(times[Math.floor(times.length / 2)] ?? 0),
      renderFirstMs: renderFirstMs === null ? null : round(renderFirstMs),
      renderWarmMs: renderWarmMs === null ? null : round(renderWarmMs),
      tasks,
      loadAverage,
    };
    log(`${name}: ${JSON.stringify(office)}`);
    return office;
  } finally {
    await app.close();
  }
}

const offices: Office[] = [];

// -- the demo office, embedded database
{
  const db = await openDatabase({});
  await db.migrate();
  const services = createServices({
    uow: db.uow,
    clock: systemClock,
    ids: ulidIds(),
    random: systemRandom,
    auth: { passwords: argon2Passwords },
  });
  await services.demo.load(readBaselines(), 'bench');
  await services.users.create(
    { username: 'premier', name: 'Dana Whitlock', role: 'staff', personId: 'premier', password: PASSWORD },
    'bench',
  );
  const count = (await services.inventory.listDevices()).length;
  offices.push(await measure('demo office (embedded)', count, services, () => db.ping(), 'premier'));
  await db.close();
}

// -- a large office on PostgreSQL
const probe = new pg.Client({ connectionString: url });
const reachable = await probe.connect().then(
  () => true,
  (err: unknown) => {
    log(`PostgreSQL not reachable (${String(err)}): the ${n}-device office is skipped`);
    return false;
  },
);
if (reachable) {
  const schema = `bench_self_${Date.now()}`;
  const db = await openDatabase({ url, schema });
  try {
    await db.migrate();
    const services = createServices({
      uow: db.uow,
      clock: systemClock,
      ids: ulidIds(),
      random: systemRandom,
      auth: { passwords: argon2Passwords },
    });
    await probe.query(`set search_path to "${schema}"`);
    const t0 = performance.now();
    await services.protocols.syncBaselines(readBaselines(), Date.now() - 400 * 86_400_000, 'bench');
    // The dashboard bench's fleet, and the person signing in: a principal holding three phones.
    await seedFleet(probe, { devices: n, holder: { id: 'me', name: 'Me Myself', devices: 3 } });
    log(`seeded ${n} devices in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await services.users.create(
      { username: 'me', name: 'Me Myself', role: 'staff', personId: 'me', password: PASSWORD },
      'bench',
    );
    offices.push(
      await measure(`${n.toLocaleString('en')} devices (PostgreSQL)`, n, services, () => db.ping(), 'me'),
    );
  } finally {
    await db.close();
    await probe.query(`drop schema if exists "${schema}" cascade`);
    await probe.query(`drop schema if exists "${schema.slice(0, 58)}_jobs" cascade`);
    await probe.end();
  }
}

console.log(JSON.stringify({ rounds, offices }));
