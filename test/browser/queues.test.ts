/**
 * The work queues' actions in real Chromium on the demo office, each for the roles the API
 * allows: an auditor is offered none and the API refuses a forced one, and reads how late the
 * late items are; a technician plans, stages, hands over (by keyboard) and completes the news
 * phone's swap and sees it move through the queue, focus following it and each outcome said in
 * the status region; an officer revokes a waiver, finishes the demo incident (is offered no Close, since
 * they worked its steps, and is told why; an admin, another person, closes it), and
 * records a policy acknowledgement. An axe-core check runs on the view with forms open.
 *
 * The tests share one demo office and run in order: the technician's swap does not touch
 * what the officer's test uses (and the auditor changes nothing).
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserHarness,
  browserTestsSkipped,
  seriousA11yViolations,
  startBrowserHarness,
} from '../support/browser.ts';

/**
 * The policy aide's news phone, whose swap is due and past its stage-by date, and the demo's one
 * staged phone (meant for the premier's social phone, but any staged issued device may serve).
 */
const DUE = 'aide-news';
const HOLDER = 'policy-aide';
const REPLACEMENT = 'premier-social-next';
/** The premier's social phone, whose security check is months overdue. */
const CHECK_OVERDUE = 'premier-social';
const DAY = 86_400_000;
/** The demo's incident (the chief of staff's breached personal phone), its playbook half done. */
const INCIDENT = 'inc-chief-personal';
/** The one person in the demo who has not acknowledged their facility policy. */
const UNACKNOWLEDGED = 'policy-aide';

interface Swap {
  readonly id: string;
  readonly oldDeviceId: string;
  readonly state: string;
  readonly newDeviceId: string | null;
  readonly custody: { old: { holderId: string | null; location: string | null } };
}

describe.skipIf(browserTestsSkipped)('the work queues’ actions', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 120_000);
  afterEach(async () => {
    await h.closePages();
    expect(h.problems()).toEqual([]);
  });
  afterAll(() => h?.close());

  const get = async <T>(url: string) => (await h.app.call('GET', `/api/v1${url}`)).json() as T;
  const accessible = async (p: Page) => expect(await seriousA11yViolations(p)).toEqual([]);

  async function openQueues(p: Page): Promise<void> {
    await p.goto('/queues');
    await p.getByRole('heading', { name: 'Work queues', level: 1 }).waitFor();
    // Every queue has loaded (no "Loading …" left), so an absent button is really absent.
    await p
      .getByRole('status')
      .filter({ hasText: /^Loading/ })
      .first()
      .waitFor({ state: 'detached' });
  }
  /** The text of what has focus, or "<body>" when focus is lost. */
  const focused = (p: Page) =>
    p.evaluate<string>(
      "document.activeElement === null || document.activeElement === document.body ? '<body>' : (document.activeElement.textContent ?? '').trim()",
    );
  /** The view's polite live region, once it says `text`. */
  const announced = (p: Page, text: string | RegExp) =>
    p.getByRole('status').filter({ hasText: text }).waitFor();
  const queue = (p: Page, name: string): Locator =>
    p.locator('section').filter({ has: p.getByRole('heading', { name, level: 2 }) });

  /** What the signed-in page itself gets from the API for a command (its cookie and CSRF token). */
  const forced = (p: Page, url: string, body: unknown) =>
    p.evaluate(
      async ({ url, body }) => {
        const session = (await (await fetch('/api/v1/session')).json()) as { csrfToken: string };
        const r = await fetch(`/api/v1${url}`, {
          method: 'POST',
          headers: { 'X-CSRF-Token': session.csrfToken, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: r.status, body: await r.text() };
      },
      { url, body },
    );

  it('offers an auditor no action, and the API refuses one forced', async () => {
    const p = await h.page();
    await h.signIn(p, 'auditor');
    await openQueues(p);
    // The queues are there to read...
    await queue(p, 'Swaps to stage and perform').getByText(DUE).first().waitFor();
    await queue(p, 'Incidents')
      .getByRole('list', { name: `Playbook of incident ${INCIDENT}` })
      .waitFor();
    // ...and nothing to act on.
    expect(await p.getByRole('main').getByRole('button').count()).toBe(0);
    for (const [url, body] of [
      ['/swaps', { deviceId: DUE }],
      [`/incidents/${INCIDENT}/close`, { resolution: 'cleared' }],
      [`/incidents/${INCIDENT}/steps/revoke-accounts`, { status: 'done' }],
      ['/acknowledgements', { personId: UNACKNOWLEDGED, facility: 'main-building' }],
    ] as const) {
      const r = await forced(p, url, body);
      expect(r.status, url).toBe(403);
      expect(r.body).toContain('AUTH_FORBIDDEN');
    }
    expect((await get<{ status: string }>(`/incidents/${INCIDENT}`)).status).not.toBe('closed');
  });

  it('says how late the late items are, in words and not colour alone', async () => {
    const schedule = await get<{
      asOf: string;
      items: { kind: string; deviceId: string; dueAt: string; overdue: boolean }[];
    }>('/schedule');
    const check = schedule.items.find((i) => i.kind === 'check' && i.deviceId === CHECK_OVERDUE);
    if (check === undefined || !check.overdue) throw new Error('the demo no longer has the overdue check');
    const days = Math.floor((Date.parse(schedule.asOf) - Date.parse(check.dueAt)) / DAY);

    const p = await h.page();
    await h.signIn(p, 'auditor');
    await openQueues(p);
    const row = queue(p, 'Checks due').getByRole('row').filter({ hasText: CHECK_OVERDUE });
    const label = row.locator('.late');
    const text = (await label.textContent()) ?? '';
    // Counted from the due date as the rule counts; the page may read the schedule a little later.
    const shown = Number(/^Overdue by (\d+) days$/.exec(text)?.[1]);
    expect([days, days + 1], text).toContain(shown);
    expect(await label.getAttribute('class')).toContain('late-overdue');
    // The news phone's swap is not due yet, but its replacement should have been staged already.
    await queue(p, 'Swaps to stage and perform')
      .getByRole('row')
      .filter({ hasText: DUE })
      .locator('.late')
      .filter({ hasText: /^Stage-by date passed \d+ days? ago$/ })
      .waitFor();
    await accessible(p);
  });

  it('lets a technician stage and hand over the news phone’s swap, and take it to the end', async () => {
    const p = await h.page();
    await h.signIn(p, 'technician');
    await openQueues(p);
    const swaps = queue(p, 'Swaps to stage and perform');
    // Not the technician's to decide: waivers, closing incidents, acknowledgements.
    for (const name of [/^Approve/, /^Revoke/, /^Close incident/, /^Record acknowledgement/]) {
      expect(await p.getByRole('main').getByRole('button', { name }).count(), String(name)).toBe(0);
    }

    await swaps.getByRole('button', { name: `Plan swap of ${DUE}` }).click();
    const card = swaps.locator('li.card').filter({ hasText: `Swap of ${DUE} for` });
    const state = card.locator('.swap-state');
    await state.filter({ hasText: /^planned$/ }).waitFor();
    const swap = (await get<Swap[]>(`/swaps?open=true&deviceId=${DUE}`))[0];
    if (swap === undefined) throw new Error('the planned swap is not in the API');

    // Stage: the form names its fields; the staged phone is offered as the replacement.
    // The planned swap's card says the same as its row did.
    await card
      .locator('.late')
      .filter({ hasText: /^Stage-by date passed/ })
      .waitFor();
    await card.getByRole('button', { name: /^Stage\b/ }).click();
    const stage = card.getByRole('form', { name: `Stage a replacement for ${DUE}` });
    await stage.getByLabel('Replacement (a staged device)').selectOption(REPLACEMENT);
    await accessible(p);
    // A request that lost its CSRF token on the way: the API refuses it, and the page shows the
    // refusal's message and stable code in an alert beside the form; nothing changed.
    const stageUrl = `**/api/v1/swaps/${swap.id}/stage`;
    await p.route(stageUrl, (route) => {
      const { 'x-csrf-token': _dropped, ...headers } = route.request().headers();
      return route.continue({ headers });
    });
    await stage.getByRole('button', { name: 'Stage replacement' }).click();
    await card.getByRole('alert').filter({ hasText: '(CSRF_FAILED)' }).waitFor();
    expect((await get<Swap>(`/swaps/${swap.id}`)).state).toBe('planned');
    // Refused, the button keeps focus: the rest is done from the keyboard.
    expect(await focused(p)).toBe('Stage replacement');
    await p.unroute(stageUrl);
    await p.keyboard.press('Enter');
    await state.filter({ hasText: /^staged$/ }).waitFor();
    await announced(p, `Swap of ${DUE}: ${REPLACEMENT} staged`);
    await card.getByText(`Replacement ${REPLACEMENT}`).waitFor();
    expect((await get<Swap>(`/swaps/${swap.id}`)).newDeviceId).toBe(REPLACEMENT);

    // The form has gone with its button: focus is on the swap's next step, not on <body>.
    await expect.poll(() => focused(p)).toMatch(/^Hand over/);
    await p.keyboard.press('Enter');
    await state.filter({ hasText: /^handed over$/ }).waitFor();
    await announced(p, `Swap of ${DUE}: replacement handed over`);
    // Its button gone too, focus is on the step after.
    await expect.poll(() => focused(p)).toMatch(/^Collect old device/);
    expect(await focused(p)).not.toBe('<body>');
    expect((await get<Swap>(`/swaps/${swap.id}`)).state).toBe('handed-over');
    const next = await get<{ device: { status: string; holderId: string } }>(`/devices/${REPLACEMENT}`);
    expect([next.device.status, next.device.holderId]).toEqual(['active', HOLDER]);

    // Collecting without saying where the old phone goes: the form says so, in an alert.
    await p.keyboard.press('Enter');
    const collect = card.getByRole('form', { name: `Record where the old device ${DUE} goes` });
    await collect.waitFor();
    await p.keyboard.press('Tab'); // Taken by
    await p.keyboard.press('Tab'); // Stored at
    const storedAt = collect.getByLabel('Stored at');
    expect(await storedAt.evaluate((el) => el.matches(':focus'))).toBe(true);
    await p.keyboard.press('Enter');
    await card.getByRole('alert').filter({ hasText: 'Say who takes the old device' }).waitFor();
    await p.keyboard.type('Evidence locker, room B12');
    await p.keyboard.press('Enter');
    await state.filter({ hasText: /^old device collected$/ }).waitFor();
    await expect.poll(() => focused(p)).toMatch(/^Record examination/);
    expect(await card.getByRole('alert').count()).toBe(0);
    expect((await get<Swap>(`/swaps/${swap.id}`)).custody.old.location).toBe('Evidence locker, room B12');

    await card.getByRole('button', { name: /^Record examination/ }).click();
    const examine = card.getByRole('form', { name: `Record the examination of ${DUE}` });
    await examine.getByLabel('Method').selectOption('forensic-scan');
    await examine.getByLabel('Result').selectOption('clean');
    await examine.getByLabel('Notes').fill('No indicators');
    await examine.getByRole('button', { name: 'Save examination' }).click();
    await state.filter({ hasText: /^old device examined$/ }).waitFor();

    // Wiped: the swap is complete and leaves the queue; focus goes to the queue's heading.
    await card.getByRole('button', { name: /^Wiped/ }).click();
    await card.waitFor({ state: 'detached' });
    expect((await get<Swap>(`/swaps/${swap.id}`)).state).toBe('wiped');
    await announced(p, `Swap of ${DUE} complete: old device wiped`);
    await expect.poll(() => focused(p)).toBe('Swaps to stage and perform');
  });

  it('lets an officer revoke a waiver, close the incident, and record an acknowledgement', async () => {
    // A waiver in force: requested (admin token), approved by an officer (not its requester).
    const requested = await h.app.call('POST', '/api/v1/waivers', {
      body: {
        rule: 'sensor.camera',
        deviceId: 'premier-calls',
        reason: 'Video calls from the summit venue',
        risk: 'A compromised calls phone could film its surroundings',
        expiresAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      },
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const waiverId = (requested.json() as { id: string }).id;
    const approved = await h.app.call('POST', `/api/v1/waivers/${waiverId}/approve`, {
      token: await h.app.token('officer'),
    });
    expect(approved.statusCode, approved.body).toBe(200);

    const p = await h.page();
    await h.signIn(p, 'officer');
    await openQueues(p);

    // Revoke, with a reason.
    const waiver = queue(p, 'Waivers to approve')
      .locator('li.card')
      .filter({ hasText: 'Video calls from the summit venue' });
    await waiver.getByRole('button', { name: /^Revoke/ }).click();
    await waiver.getByLabel('Reason to revoke').fill('The summit was cancelled');
    await waiver.getByRole('button', { name: 'Confirm revocation' }).click();
    await waiver.waitFor({ state: 'detached' });
    const revoked = await get<{ state: string; endReason: string }>(`/waivers/${waiverId}`);
    expect([revoked.state, revoked.endReason]).toEqual(['revoked', 'The summit was cancelled']);

    // The incident: finish one step, skip the other with a reason, then close it.
    const incident = queue(p, 'Incidents')
      .locator('li.card')
      .filter({ has: p.getByRole('list', { name: `Playbook of incident ${INCIDENT}` }) });
    expect(await incident.getByRole('button', { name: /^Close incident/ }).count()).toBe(0);
    await incident.getByRole('button', { name: 'Mark done — Take a forensic copy of the device' }).click();
    await incident.getByRole('button', { name: /^Skip — Revoke the holder/ }).click();
    await incident.getByLabel('Why it does not apply').fill('The personal phone held no office accounts');
    await accessible(p);
    await incident.getByRole('button', { name: 'Confirm skip' }).click();
    // The officer worked its steps, so another person signs it off: no Close for them, and why.
    await incident.getByText('You declared this incident or recorded one of its steps').waitFor();
    expect(await incident.getByRole('button', { name: /^Close incident/ }).count()).toBe(0);
    // The admin, another person, closes it.
    const a = await h.page();
    await h.signIn(a, 'admin');
    await openQueues(a);
    const toClose = queue(a, 'Incidents')
      .locator('li.card')
      .filter({ has: a.getByRole('list', { name: `Playbook of incident ${INCIDENT}` }) });
    await toClose.getByRole('button', { name: /^Close incident/ }).click();
    await toClose.getByLabel('Resolution').selectOption('retained');
    await toClose.getByLabel('Closing note').fill('Kept for the forensic report');
    await toClose.getByRole('button', { name: 'Confirm closing' }).click();
    await toClose.waitFor({ state: 'detached' });
    const closed = await get<{ status: string; resolution: string; closedBy: string }>(
      `/incidents/${INCIDENT}`,
    );
    expect(closed).toMatchObject({
      status: 'closed',
      resolution: 'retained',
      closedBy: `user:${h.users.admin.username}`,
    });

    // The policy aide's acknowledgement, recorded on their behalf.
    const policies = queue(p, 'Unacknowledged policies');
    await policies
      .getByRole('button', { name: /^Record acknowledgement/ })
      .first()
      .click();
    await policies.getByText('Every required facility policy is acknowledged.').waitFor();
    const acks = await get<{ personId: string }[]>(`/acknowledgements?personId=${UNACKNOWLEDGED}`);
    expect(acks.length).toBeGreaterThan(0);
    await accessible(p);
  });
});
