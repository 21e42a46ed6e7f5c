/**
 * The dashboard's views in real Chromium, signed in as an officer on the demo office: what
 * each shows (the overdue social phone, the principal's timeline, an audit proof verified in
 * the browser), an axe-core check on each (no serious or critical violations), and, with
 * VIGIL_SCREENSHOTS=1, the screenshots in docs/screenshots.
 *
 * The tests walk one page through the views in order, as a person would.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keyPairFromSeed } from '../../src/core/audit/tlog/keys.ts';
import {
  type BrowserHarness,
  browserTestsSkipped,
  screenshot,
  seriousA11yViolations,
  startBrowserHarness,
  TABLET,
} from '../support/browser.ts';

/** The demo's principal, their phone whose security check is months overdue, and one on time. */
const PREMIER = { id: 'premier', name: 'Premier Dana Whitlock' };
const SOCIAL_PHONE = 'premier-social';
const CALLS_PHONE = 'premier-calls';

interface Finding {
  readonly deviceId: string | null;
  readonly rule: string;
  readonly status: string;
  readonly message: string;
  readonly remedy: string;
  readonly evidence: Record<string, unknown>;
}

describe.skipIf(browserTestsSkipped)('the dashboard on the demo office', () => {
  let h: BrowserHarness;
  let p: Page;
  /** The social phone's overdue check as the API reports it, for the views to show. */
  let overdueCheck: Finding;

  beforeAll(async () => {
    h = await startBrowserHarness({ historyWorker: true });
    const { findings } = (await h.app.call('GET', '/api/v1/compliance/findings')).json() as {
      findings: Finding[];
    };
    const found = findings.find((f) => f.deviceId === SOCIAL_PHONE && f.rule === 'inspection.overdue');
    if (found === undefined) throw new Error('the demo office no longer has the overdue social phone');
    overdueCheck = found;
  }, 120_000);
  afterEach(() => {
    expect(h.problems()).toEqual([]);
  });
  afterAll(() => h?.close());

  const accessible = async (page: Page) => expect(await seriousA11yViolations(page)).toEqual([]);
  const nav = (name: string) => p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

  it('overview: the social phone’s overdue security check is among the worst findings', async () => {
    p = await h.page();
    await h.signIn(p, 'officer');
    const asked: string[] = [];
    p.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await p.goto('/');
    await p.getByRole('heading', { name: 'Fleet overview', level: 1 }).waitFor();
    const worst = p.getByRole('table', { name: 'Worst findings' });
    const overdue = worst.getByRole('row').filter({ hasText: overdueCheck.message });
    await overdue.first().waitFor();
    expect(await overdue.first().textContent()).toContain(SOCIAL_PHONE);
    await p.getByRole('figure', { name: 'Compliance over time, as true then' }).waitFor();

    // Today's three things come first, ranked by the server.
    const today = (await h.app.call('GET', '/api/v1/compliance/today')).json() as {
      items: { title: string }[];
    };
    expect(today.items.length).toBeGreaterThan(0);
    expect(today.items.length).toBeLessThanOrEqual(3);
    const firstSection = await p.locator('main h2').first().textContent();
    expect(firstSection).toBe('Top three things to do today');
    const todo = p.getByRole('region', { name: 'Top three things to do today' }).getByRole('listitem');
    await todo.first().waitFor();
    expect(
      (await todo.allTextContents()).map((t) => today.items.findIndex((i) => t.includes(i.title))),
    ).toEqual(today.items.map((_, i) => i));

    // Each tile's count is the findings API's, and says what it is made of.
    const api = (await h.app.call('GET', '/api/v1/compliance/findings')).json() as {
      findings: Finding[];
      devices: { verdict: string }[];
    };
    const expected: Record<string, number> = {
      compliant: 0,
      'non-compliant': 0,
      waived: 0,
      'not-evaluated': 0,
      'open-findings': api.findings.filter((f) => f.status === 'open').length,
    };
    for (const d of api.devices) expected[d.verdict] = (expected[d.verdict] ?? 0) + 1;
    for (const [id, n] of Object.entries(expected)) {
      const tile = p.locator(`[data-tile="${id}"]`);
      expect(await tile.locator('.tile-count').textContent(), id).toBe(String(n));
    }
    const notEvaluated = (await p.locator('[data-tile="not-evaluated"] .tile-text').textContent()) ?? '';
    expect(notEvaluated).toMatch(/^\d+ personal phones?\b/);
    await accessible(p);
    await screenshot(p, 'overview');

    // Principals only, staff beneath their principal, and open findings as the findings API counts them.
    const byPrincipal = p.getByRole('table', { name: 'By principal, staff included' });
    const premierRow = byPrincipal.getByRole('row').filter({ hasText: PREMIER.name });
    await premierRow.first().waitFor();
    const open = (
      (await h.app.call('GET', '/api/v1/compliance/findings?status=open')).json() as { findings: unknown[] }
    ).findings.length;
    expect(await premierRow.first().getByRole('cell').last().textContent()).toBe(String(open));
    expect(await byPrincipal.getByRole('row').filter({ hasText: 'Unassigned' }).count()).toBe(0);

    // The chart switches to "as known then": asked of the server, and said in its caption.
    const asKnown = p.waitForResponse(
      (r) => r.url().includes('/compliance/history') && r.url().includes('known=then'),
    );
    await p.getByRole('radio', { name: 'As known then' }).check();
    expect((await asKnown).status()).toBe(200);
    await p.getByRole('figure', { name: 'Compliance over time, as known then' }).waitFor();
    await accessible(p);
    await p.getByRole('radio', { name: 'As true then' }).check();
    await p.getByRole('figure', { name: 'Compliance over time, as true then' }).waitFor();

    // The breakdown by role comes from the summary, and the role filter is the server's: the
    // page never loads the device list.
    await p
      .getByRole('table', { name: 'By device role' })
      .getByRole('rowheader', { name: 'social' })
      .waitFor();
    const filtered = p.waitForResponse(
      (r) => r.url().includes('/compliance/findings') && r.url().includes('role=calls'),
    );
    await p.getByLabel('Device role').selectOption('calls');
    await filtered;
    await worst.waitFor();
    expect(await worst.getByRole('row').filter({ hasText: SOCIAL_PHONE }).count()).toBe(0);
    await p.getByLabel('Device role').selectOption('');
    await overdue.first().waitFor();
    expect(asked).not.toContain('/api/v1/devices');
  });

  it('principal: the social phone’s timeline shows the check five months overdue', async () => {
    await p
      .getByRole('table', { name: 'Worst findings' })
      .getByRole('link', { name: PREMIER.name })
      .first()
      .click();
    await p.waitForURL(`**/people/${PREMIER.id}`);
    await p.getByRole('heading', { name: PREMIER.name, level: 1 }).waitFor();
    const chart = (device: string) =>
      p.getByRole('img', {
        name: new RegExp(`^Days since last swap and security check: .*\\b${device}(?![\\w-])`),
      });
    await chart(SOCIAL_PHONE).waitFor();
    // At a glance: days since the last check, far past the limit and marked overdue, with the
    // premier's two refused swaps marked on the same chart.
    const social = (await chart(SOCIAL_PHONE).textContent()) ?? '';
    const check = /Last security check: (\d+) days ago[^.]*?limit (\d+) days[^.]*?overdue/i.exec(social);
    expect(check, social).not.toBeNull();
    const [days, limit] = [Number(check?.[1]), Number(check?.[2])];
    expect(days).toBeGreaterThan(limit);
    expect(days).toBeGreaterThanOrEqual(140); // about five months
    expect(social.match(/Refused swap/gi) ?? [], social).toHaveLength(2);
    // The calls phone, checked on time, is not marked overdue.
    expect(await chart(CALLS_PHONE).textContent()).not.toMatch(/overdue/i);

    // The expired camera waiver is a camera finding again and an expired waiver, not a refusal.
    const matrix = p.getByRole('table', { name: /Each device against each requirement/ });
    const row = (name: string) => matrix.getByRole('row').filter({ has: p.getByRole('rowheader', { name }) });
    expect(await row('Camera').textContent()).toMatch(/waiver expired/i);
    expect(await row('Refusals waived').textContent()).not.toMatch(/camera|expired/i);
    const list = (heading: string) => p.getByRole('region', { name: heading, exact: true });
    expect(await list('Expired waivers').textContent()).toContain('sensor.camera');
    expect(await list('Waivers in force').textContent()).not.toContain('sensor.camera');
    expect(await list('Refusals').getByRole('listitem').count()).toBe(2);
    await accessible(p);
    // The picture shows the point of the page: the social phone's chart.
    await chart(SOCIAL_PHONE).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(p, 'principal');
  });

  it('device: the social phone’s findings with their remedy, custody, inspections, posture', async () => {
    await p.goto(`/devices/${SOCIAL_PHONE}`);
    await p.getByRole('heading', { level: 1, name: SOCIAL_PHONE }).waitFor();
    for (const section of [/findings/i, /custody/i, /inspections/i, /posture history/i]) {
      await p.getByRole('heading', { level: 2, name: section }).waitFor();
    }
    await p.getByText(overdueCheck.message).first().waitFor({ state: 'attached' });
    await p.getByText(overdueCheck.remedy).first().waitFor({ state: 'attached' });
    // Evidence for people: sources by title (and link when they have one), dates with how long
    // ago, no raw instants, and record ids only behind their toggle.
    const card = p.getByRole('listitem').filter({ hasText: overdueCheck.message });
    await card.getByRole('link', { name: /^NIST SP 800-53 Rev\. 5/ }).waitFor();
    expect(await card.textContent()).toContain('Politico report of 21 May 2018');
    expect(await card.textContent()).toMatch(/\d+ days ago/);
    const findings = p
      .locator('section')
      .filter({ has: p.getByRole('heading', { name: 'Findings', level: 2 }) });
    // What is rendered, not the closed toggles' content (which textContent would include).
    // biome-ignore lint/performance/useDomNodeTextContent: see above
    const shown = await findings.innerText();
    expect(shown).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(shown).not.toMatch(/\bcite\b|pos_/);
    // The posture findings name their report: its id is one click away.
    const ids = findings.locator('details').filter({ hasText: 'Record ids' }).first();
    expect(await ids.locator('dl').isVisible()).toBe(false);
    await ids.locator('summary').click();
    expect(await ids.locator('dl').textContent()).toMatch(/reportId/);
    await ids.locator('summary').click();
    await accessible(p);
    await p.evaluate('window.scrollTo(0, 0)');
    await screenshot(p, 'device');
  });

  it('work queues: every queue is there, the social phone’s check among those due', async () => {
    await nav('Work queues').click();
    await p.getByRole('heading', { name: 'Work queues', level: 1 }).waitFor();
    for (const queue of [
      'Swaps to stage and perform',
      'Checks due',
      'Waivers to approve',
      'Incidents',
      'Zone violations',
      'Unacknowledged policies',
    ]) {
      await p.getByRole('heading', { name: queue, level: 2 }).waitFor();
    }
    await p
      .locator('section')
      .filter({ has: p.getByRole('heading', { name: 'Checks due', level: 2 }) })
      .getByText(SOCIAL_PHONE)
      .first()
      .waitFor();
    await accessible(p);
    await screenshot(p, 'queues');
  });

  it('protocols: compares two side by side, with the fleet scored under each', async () => {
    await nav('Protocols').click();
    await p.getByRole('heading', { name: 'Protocols', level: 1 }).waitFor();
    // The office's protocol against its predecessor's, which finds more.
    const [a, b] = ['relaxed-social', 'strict-30day'] as const;
    await p.getByLabel('First protocol').selectOption(a);
    await p.getByLabel('Second protocol').selectOption(b);
    await p.getByRole('button', { name: 'Compare' }).click();
    const scores = p.getByRole('table', { name: 'The same fleet scored under each protocol' });
    await scores.waitFor();
    const open = async (protocol: string) =>
      (
        (await h.app.call('GET', `/api/v1/compliance/summary?protocol=${protocol}`)).json() as {
          findings: { open: number };
        }
      ).findings.open;
    const [openA, openB] = [await open(a), await open(b)];
    expect(openB).toBeGreaterThan(openA);
    const headers = (await scores.getByRole('columnheader').allTextContents()).map((t) => t.trim());
    expect(headers.slice(1)).toEqual([a, b]);
    const row = scores.getByRole('row').filter({ hasText: /open findings/i });
    const cells = (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
    expect(cells).toEqual([String(openA), String(openB)]);
    await accessible(p);
    await screenshot(p, 'protocols');
  });

  it('audit: verifies an event’s inclusion proof in the browser, and trusts nothing the server says', async () => {
    await nav('Audit log').click();
    await p.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const pin = async (key: string) => {
      await p.getByLabel(/Pinned verifier key/).fill(key);
      await p.getByRole('button', { name: 'Save key' }).click();
    };
    // Each attempt verifies another event (row), so no earlier verdict can be read by mistake.
    let attempt = 0;
    const verify = async () => {
      const row = p
        .getByRole('row')
        .filter({ has: p.getByRole('button', { name: 'Verify proof' }) })
        .nth(attempt++);
      await row.getByRole('button', { name: 'Verify proof' }).click();
      const status = row
        .getByRole('status')
        .filter({ hasText: /^(Inclusion proof verified|Verification failed)/ });
      await status.waitFor();
      return (await status.textContent()) ?? '';
    };
    /** Serves the page a doctored answer for one API path, until the returned function is called. */
    const doctor = async (path: string, edit: (body: Record<string, unknown>) => void) => {
      const matcher = (url: URL) => url.pathname === `/api/v1${path}`;
      await p.route(matcher, async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as Record<string, unknown>;
        edit(body);
        await route.fulfill({ response, json: body });
      });
      return () => p.unroute(matcher);
    };

    // Pinned to the server's real key (as from a trusted source): the proof verifies.
    await pin(h.app.services.auditLog.verifierKey());
    expect(await verify()).toMatch(/^Inclusion proof verified/);
    await accessible(p);
    await screenshot(p, 'audit');

    // A checkpoint whose signature was altered (by the server or on the way) is refused.
    let undo = await doctor('/audit/checkpoint', (cp) => {
      const note = String(cp.note);
      const line = /^— (\S+) (\S+)$/m.exec(note);
      if (line === null) throw new Error(`no signature line in ${note}`);
      const sig = Buffer.from(line[2] ?? '', 'base64');
      sig[sig.length - 1] = (sig.at(-1) ?? 0) ^ 1; // the last byte of the Ed25519 signature
      cp.note = note.replace(line[0], `— ${line[1]} ${sig.toString('base64')}`);
    });
    expect(await verify()).toMatch(/^Verification failed: .*invalid signature/);
    await undo();

    // A proof with one hash altered does not lead to the signed root.
    undo = await doctor('/audit/proofs/inclusion', (body) => {
      const proof = body.proof as string[];
      const first = Buffer.from(proof[0] ?? '', 'base64');
      first[0] = (first[0] ?? 0) ^ 1;
      proof[0] = first.toString('base64');
    });
    expect(await verify()).toMatch(/^Verification failed: .*proof does not lead/);
    await undo();

    // Pinned to a well-formed key of the same name that did not sign: nothing verifies.
    await pin(keyPairFromSeed(h.app.services.auditLog.origin, 0x01, randomBytes(32)).vkey);
    expect(await verify()).toMatch(/^Verification failed: .*not signed by/);
    await pin('');
  });

  it('overview at tablet width', async () => {
    const tablet = await h.page({ viewport: TABLET });
    await h.signIn(tablet, 'officer');
    await tablet.getByRole('heading', { name: 'Fleet overview', level: 1 }).waitFor();
    await tablet.getByRole('table', { name: 'Worst findings' }).waitFor();
    // Usable at 768 px: the page does not scroll sideways.
    const overflow = await tablet.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await accessible(tablet);
    await screenshot(tablet, 'overview-tablet');
  });
});
