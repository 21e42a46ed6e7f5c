/**
 * The browser test harness: the real Vigil app listening on a free localhost port over a
 * fresh database holding the demo office (as `npm start` loads it), with the audit log
 * integrating and checkpointing in the background as in a serving process, one user per
 * role, and Debian's Chromium driven by playwright-core.
 *
 * Every page it opens fails its test (`problems()` in `afterEach`) when the page requests
 * any other host (such requests are also aborted: tests make no network beyond localhost),
 * logs a console error, or throws an uncaught exception.
 *
 * One harness per test file (`beforeAll`): Chromium and the server are reused across its
 * tests; each test gets a fresh browser context, so cookies never leak between tests.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startAuditLogLoop } from '../../src/adapters/audit-log/loop.ts';
import type { OidcFlow } from '../../src/adapters/oidc/client.ts';
import { readBaselines } from '../../src/runtime.ts';
import type { Role } from '../../src/services/kernel/ports.ts';
import { buildTestApp, type TestApp } from './app.ts';
import { CHROMIUM, chromiumSkipped } from './chromium.ts';

/** Roles that sign in to the dashboard in these tests (staff and ingest do not). */
export type UserRole = 'admin' | 'officer' | 'technician' | 'auditor';
export const USER_ROLES: readonly UserRole[] = ['admin', 'officer', 'technician', 'auditor'];

export interface Credential {
  readonly username: string;
  readonly password: string;
  readonly name: string;
  readonly role: UserRole;
}

export const VIEWPORT = { width: 1280, height: 800 } as const;
export const TABLET = { width: 768, height: 1024 } as const;

/** Where screenshots go when VIGIL_SCREENSHOTS=1 (docs/screenshots/README.md). */
export const SCREENSHOTS_DIR = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
export const screenshotsWanted = process.env.VIGIL_SCREENSHOTS === '1';

/**
 * The browser tests drive the same server on either database; nothing in them differs on
 * PostgreSQL, so they run only in the PGlite suite (DATABASE_URL unset) to keep CI short. Without
 * Chromium they are skipped, unless VIGIL_REQUIRE_BROWSER=1 (CI), when they fail (./chromium.ts).
 */
export const browserTestsSkipped = (process.env.DATABASE_URL ?? '') !== '' || chromiumSkipped;

export interface BrowserHarness {
  /** `http://127.0.0.1:<port>` (`localhost` with passkeys), the only origin pages may talk to (but `allowOrigins`). */
  readonly base: string;
  readonly app: TestApp;
  readonly browser: Browser;
  readonly users: Readonly<Record<UserRole, Credential>>;
  /** A fresh context (no cookies) and page, watched for foreign requests and console errors. */
  page(opts?: { viewport?: { width: number; height: number } }): Promise<Page>;
  /** Opens /signin and signs in through the form, waiting for the app shell. */
  signIn(page: Page, role: UserRole): Promise<void>;
  /** What went wrong on pages since the last call (and forgets it): assert it is empty. */
  problems(): string[];
  /** Closes every context opened since the last call (call in `afterEach`). */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

/** Chromium's own log line for an HTTP error answer; a refusal the page handles is no script error. */
const HANDLED_REFUSAL = /^Failed to load resource: the server responded with a status of (401|403|429)\b/;

/** The built dashboard the server serves at `/`. */
const WEB_DIST_INDEX = join(import.meta.dirname, '..', '..', 'web', 'dist', 'index.html');

export interface HarnessOptions {
  /** The port to listen on (default: any free one); see `freePort`. */
  readonly port?: number;
  /** Single sign-on against a test provider (test/support/oidc-provider.ts). */
  readonly oidc?: OidcFlow;
  /** Origins other than the server's that pages may visit (the test OpenID provider). */
  readonly allowOrigins?: readonly string[];
  /**
   * Serve at http://localhost:<port> with passkeys required for admins and officers. WebAuthn
   * wants a secure context and a host name as relying party id: `localhost` is both, an IP
   * address is neither.
   */
  readonly passkeysRequired?: boolean;
  /** Fill the history chart's past days in this process, as a worker process does. */
  readonly historyWorker?: boolean;
}

/** A port free right now on 127.0.0.1 (for a redirect URL that must be known before listening). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

export async function startBrowserHarness(opts: HarnessOptions = {}): Promise<BrowserHarness> {
  if (!existsSync(WEB_DIST_INDEX)) {
    throw new Error('web/dist is missing: build the dashboard first (npm run build:web)');
  }
  const passkeys = opts.passkeysRequired === true;
  const port = opts.port ?? (passkeys ? await freePort() : 0);
  const app = await buildTestApp({
    ...(opts.oidc === undefined ? {} : { oidc: opts.oidc }),
    ...(opts.historyWorker === true ? { historyWorker: true } : {}),
    ...(passkeys
      ? {
          auth: {
            passkeys: {
              rpId: 'localhost',
              origin: `http://localhost:${port}`,
              requiredFor: ['admin', 'officer'],
            },
          },
        }
      : {}),
  });
  let auditLoop: { stop(): Promise<void> } | null = null;
  let browser: Browser | null = null;
  try {
    const baselines = readBaselines();
    await app.services.demo.load(baselines);
    await app.services.protocols.syncBaselines(baselines, Date.now(), 'system');
    const users = await createUsers(app);
    await app.app.listen({ host: '127.0.0.1', port });
    const host = passkeys ? 'localhost' : '127.0.0.1';
    const base = `http://${host}:${(app.app.server.address() as AddressInfo).port}`;
    // As in `vigil start`: events reach the Merkle tree within ~200 ms, and a checkpoint is
    // signed every second while the log grows, so a fresh event can be proved soon.
    auditLoop = startAuditLogLoop(app.services.auditLog, {
      checkpointIntervalMs: 1_000,
      logger: { error: (obj, msg) => console.error(msg, obj) },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return harness(app, browser, base, users, auditLoop, opts.allowOrigins ?? []);
  } catch (err) {
    await browser?.close();
    await auditLoop?.stop();
    await app.close();
    throw err;
  }
}

function harness(
  app: TestApp,
  browser: Browser,
  base: string,
  users: Record<UserRole, Credential>,
  auditLoop: { stop(): Promise<void> },
  allowOrigins: readonly string[],
): BrowserHarness {
  let found: string[] = [];
  let contexts: BrowserContext[] = [];
  const origin = new URL(base).origin;
  const local = (url: string) => {
    // data: and blob: URLs are the page's own; anything else must be the server.
    if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
    try {
      const at = new URL(url).origin;
      return at === origin || allowOrigins.includes(at);
    } catch {
      return false;
    }
  };

  const page = async (opts: { viewport?: { width: number; height: number } } = {}) => {
    const context = await browser.newContext({
      baseURL: base,
      viewport: opts.viewport ?? VIEWPORT,
      reducedMotion: 'reduce',
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    contexts.push(context);
    // Well under vitest's test timeout, so a missing element fails with Playwright's message.
    context.setDefaultTimeout(10_000);
    // Never let a request leave localhost, and fail the test when one was tried.
    await context.route(
      (url) => !local(url.href),
      (route) => route.abort('blockedbyclient'),
    );
    const p = await context.newPage();
    p.on('request', (r) => {
      if (!local(r.url())) found.push(`request to another host: ${r.method()} ${r.url()}`);
    });
    p.on('console', (m) => {
      if (m.type() !== 'error') return;
      const at = m.location().url;
      if (HANDLED_REFUSAL.test(m.text()) && at.startsWith(`${origin}/api/`)) return;
      found.push(`console error on ${p.url()}: ${m.text()}${at ? ` (${at})` : ''}`);
    });
    p.on('pageerror', (e) => found.push(`uncaught exception on ${p.url()}: ${e.message}`));
    return p;
  };

  const signIn = async (p: Page, role: UserRole) => {
    const u = users[role];
    await p.goto('/signin');
    await p.getByLabel('User name').fill(u.username);
    await p.getByLabel('Password').fill(u.password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('navigation', { name: 'Main' }).waitFor();
  };

  return {
    base,
    app,
    browser,
    users,
    page,
    signIn,
    problems() {
      const out = found;
      found = [];
      return out;
    },
    async closePages() {
      const open = contexts;
      contexts = [];
      await Promise.all(open.map((c) => c.close()));
    },
    async close() {
      await Promise.all(contexts.map((c) => c.close()));
      await browser.close();
      await auditLoop.stop();
      await app.close();
    },
  };
}

/** One dashboard user per role, through the user service (as `vigil user create` does). */
async function createUsers(app: TestApp): Promise<Record<UserRole, Credential>> {
  const names: Record<UserRole, string> = {
    admin: 'Avery Admin',
    officer: 'Olive Officer',
    technician: 'Theo Technician',
    auditor: 'Aude Auditor',
  };
  const out = {} as Record<UserRole, Credential>;
  for (const role of USER_ROLES) {
    // Long enough for any password policy; differs per run so no test relies on a fixed one.
    const password = `browser-${role}-${Math.random().toString(36).slice(2, 12)}`;
    const username = `${role}-user`;
    // Every user is a person: the security office's are operators.
    const person = await app.services.inventory.createPerson(
      { id: `${role}-person`, name: names[role], kind: 'operator' },
      'test',
    );
    await app.services.users.create(
      { username, name: names[role], role: role satisfies Role, personId: person.id, password },
      'test',
    );
    out[role] = { username, password, name: names[role], role };
  }
  return out;
}

/**
 * Runs axe-core on the page; returns its serious and critical violations, formatted for an
 * assertion message. axe's source is evaluated through the devtools protocol rather than added
 * with addScriptTag: the app's CSP (default-src 'self') rightly refuses an inline script, and
 * the tests must not switch the CSP off (bypassCSP), since they check the app runs under it.
 */
export async function seriousA11yViolations(p: Page): Promise<string[]> {
  await p.evaluate(axe.source);
  const violations = await p.evaluate(async () => {
    const inPage = (globalThis as unknown as { axe: typeof axe }).axe;
    return (await inPage.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 5)
          .map((n) => JSON.stringify(n.target))
          .join(', ')}${v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : ''}`,
    );
}

/** Saves a screenshot to docs/screenshots/<name>.png when VIGIL_SCREENSHOTS=1 (never in CI). */
export async function screenshot(p: Page, name: string): Promise<void> {
  if (!screenshotsWanted) return;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await p.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: false, animations: 'disabled' });
}
