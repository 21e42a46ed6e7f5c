/**
 * Deciding the demo's requested waiver in the work queue: a technician is refused (the UI
 * offers no approval or shows the API's refusal, and a forced request is refused by the API,
 * which is the authority), then an officer approves it and the audit log names the officer.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, browserTestsSkipped, startBrowserHarness } from '../support/browser.ts';

interface Waiver {
  readonly id: string;
  readonly state: string;
  readonly reason: string;
  readonly rule: string;
  readonly approvedBy?: string | null;
}

describe.skipIf(browserTestsSkipped)('waivers in the work queue', () => {
  let h: BrowserHarness;
  let waiver: Waiver;
  beforeAll(async () => {
    h = await startBrowserHarness();
    const requested = (await h.app.call('GET', '/api/v1/waivers?state=requested')).json() as Waiver[];
    // The demo office has a waiver awaiting a decision.
    const first = requested[0];
    if (first === undefined) throw new Error('the demo office has no requested waiver');
    waiver = first;
  }, 120_000);
  afterEach(async () => {
    await h.closePages();
    expect(h.problems()).toEqual([]);
  });
  afterAll(() => h?.close());

  const waiverNow = async () => (await h.app.call('GET', `/api/v1/waivers/${waiver.id}`)).json() as Waiver;

  /** The queue's "Waivers to approve" section, and the demo waiver's entry in it. */
  async function waiverEntry(p: Page): Promise<Locator> {
    await p.goto('/queues');
    await p.getByRole('heading', { name: 'Work queues', level: 1 }).waitFor();
    const section = p
      .locator('section')
      .filter({ has: p.getByRole('heading', { name: 'Waivers to approve', level: 2 }) });
    const entry = section.locator('tr, li').filter({ hasText: waiver.reason });
    await entry.first().waitFor();
    return entry.first();
  }

  it('refuses a technician: no approval in the UI, and the API refuses a forced request', async () => {
    const p = await h.page();
    await h.signIn(p, 'technician');
    const entry = await waiverEntry(p);
    const approve = entry.getByRole('button', { name: /^Approve\b/ });
    if ((await approve.count()) > 0) {
      // Offered anyway: the API's refusal must be shown.
      await approve.click();
      await p.getByRole('alert').filter({ hasText: /./ }).first().waitFor();
    }
    // Forced: the technician's own session, with its CSRF token, calls the API directly.
    const forced = await p.evaluate(async (id) => {
      const session = (await (await fetch('/api/v1/session')).json()) as { csrfToken: string };
      const r = await fetch(`/api/v1/waivers/${id}/approve`, {
        method: 'POST',
        headers: { 'X-CSRF-Token': session.csrfToken },
      });
      return { status: r.status, body: (await r.json()) as { code?: string; error?: { code?: string } } };
    }, waiver.id);
    expect(forced.status).toBe(403);
    expect(JSON.stringify(forced.body)).toContain('AUTH_FORBIDDEN');
    expect((await waiverNow()).state).toBe('requested');
  });

  it('refuses a cookie request without the CSRF token, even from an officer', async () => {
    const p = await h.page();
    await h.signIn(p, 'officer');
    const refused = await p.evaluate(async (id) => {
      const r = await fetch(`/api/v1/waivers/${id}/approve`, { method: 'POST' });
      return { status: r.status, body: await r.text() };
    }, waiver.id);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('CSRF_FAILED');
    expect((await waiverNow()).state).toBe('requested');
  });

  it('lets an officer approve it; the audit log names the officer', async () => {
    const p = await h.page();
    await h.signIn(p, 'officer');
    const entry = await waiverEntry(p);
    await entry.getByRole('button', { name: /^Approve\b/ }).click();
    // The decision lands: the entry leaves the queue (or says approved), and the API agrees.
    await expect.poll(async () => (await waiverNow()).state, { timeout: 10_000 }).toBe('approved');
    await p
      .locator('section')
      .filter({ has: p.getByRole('heading', { name: 'Waivers to approve', level: 2 }) })
      .locator('tr, li')
      .filter({ hasText: waiver.reason })
      .getByRole('button', { name: /^Approve\b/ })
      .waitFor({ state: 'detached' });
    const events = (
      await h.app.call('GET', '/api/v1/audit/events?type=waiver.approved&limit=1000')
    ).json() as {
      actor: string;
      subject: string;
    }[];
    expect(events.find((e) => e.subject.includes(waiver.id))?.actor).toBe(`user:${h.users.officer.username}`);
  });
});
