/**
 * "My phones" at a phone's viewport (390×844): a staff member accepts the facility policy and
 * confirms a setting the MDM cannot see, each with one tap; a principal confirms a swap staged
 * for them with one tap. The API agrees each time, and axe finds no serious violation.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserHarness,
  browserTestsSkipped,
  screenshot,
  seriousA11yViolations,
  startBrowserHarness,
} from '../support/browser.ts';

const PHONE = { width: 390, height: 844 } as const;

describe.skipIf(browserTestsSkipped)('my phones, on a phone', () => {
  let h: BrowserHarness;
  let swapId: string;
  const passwords = new Map<string, string>();

  beforeAll(async () => {
    h = await startBrowserHarness();
    const { services } = h.app;
    // A new iPhone no MDM reports on yet: its microphone and Lockdown Mode are the holder's to confirm.
    await services.inventory.registerDevice(
      {
        id: 'aide-iphone',
        serial: 'AIDE-IPHONE-1',
        platform: 'ios',
        model: 'iPhone 16',
        ownership: 'issued',
        role: 'general',
        holderId: 'policy-aide',
        status: 'active',
      },
      'test',
    );
    // The premier's calls phone is due a swap; the spare waits in the secure store.
    const swap = await services.swaps.planSwap({ deviceId: 'premier-calls' }, 'test');
    await services.swaps.stageSwap(swap.id, { newDeviceId: 'premier-social-next' }, 'test');
    swapId = swap.id;
    for (const [username, name, personId] of [
      ['sam-aide', 'Sam Aide', 'policy-aide'],
      ['pat-premier', 'Pat Premier', 'premier'],
    ] as const) {
      const password = `browser-${username}-${Math.random().toString(36).slice(2, 12)}`;
      await services.users.create({ username, name, role: 'staff', personId, password }, 'test');
      passwords.set(username, password);
    }
  }, 120_000);
  afterEach(async () => {
    await h.closePages();
    expect(h.problems()).toEqual([]);
  });
  afterAll(() => h?.close());

  /** Signs in on a phone; a staff member lands on their own page. */
  async function signedIn(username: string): Promise<Page> {
    const p = await h.page({ viewport: PHONE });
    await p.goto('/signin');
    await p.getByLabel('User name').fill(username);
    await p.getByLabel('Password').fill(passwords.get(username) ?? '');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { name: 'My phones', level: 1 }).waitFor();
    await p.getByRole('heading', { name: 'What to do', level: 2 }).waitFor();
    expect(new URL(p.url()).pathname).toBe('/me');
    return p;
  }

  it('a staff member accepts the building policy and confirms Lockdown Mode, one tap each', async () => {
    const p = await signedIn('sam-aide');
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'me-staff-phone');
    // The same page on a desktop screen reads as well.
    await p.setViewportSize({ width: 1280, height: 800 });
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'me-staff-desktop');
    await p.setViewportSize(PHONE);
    // Nothing but their own page in the navigation.
    expect(await p.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual([
      'My phones',
    ]);

    await p.getByRole('button', { name: 'Accept the Main building policy' }).click();
    await p.getByRole('status').filter({ hasText: 'Policy accepted' }).waitFor();
    await p.getByText(/You accepted this policy on /).waitFor();
    const acks = (await h.app.call('GET', '/api/v1/acknowledgements?personId=policy-aide')).json() as {
      facility: string;
    }[];
    expect(acks.map((a) => a.facility)).toEqual(['main-building']);

    await p.getByRole('button', { name: 'Confirm Lockdown Mode is on' }).click();
    await p.getByRole('status').filter({ hasText: 'Recorded' }).waitFor();
    await p.getByText(/You confirmed Lockdown Mode on on /).waitFor();
    expect(await p.getByRole('button', { name: 'Confirm Lockdown Mode is on' }).count()).toBe(0);
    const events = (
      await h.app.call('GET', '/api/v1/audit/events?type=self-attestation.recorded&limit=10')
    ).json() as { actor: string; actorPersonId: string | null }[];
    expect(events).toEqual([
      expect.objectContaining({ actor: 'user:sam-aide', actorPersonId: 'policy-aide' }),
    ]);
    expect(await seriousA11yViolations(p)).toEqual([]);
  });

  it('a principal sees the swap ready and confirms it with one tap', async () => {
    const p = await signedIn('pat-premier');
    const task = p.locator('#swap-premier-calls');
    await task.getByText(/Swap ready: .* is staged at Secure store, room B12/).waitFor();
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'me-principal-phone');

    await task.getByRole('button', { name: 'I have the new phone' }).click();
    await p.getByRole('status').filter({ hasText: 'Swap confirmed' }).waitFor();
    const swap = (await h.app.call('GET', `/api/v1/swaps/${swapId}`)).json() as { state: string };
    expect(swap.state).toBe('handed-over');
    await p
      .locator('#swap-premier-calls')
      .getByText(/Hand your old .* to the security office/)
      .waitFor();
  });

  it('opens at the task a notice links to', async () => {
    const p = await signedIn('pat-premier');
    await p.goto('/me#swap-premier-calls');
    await p.locator('#swap-premier-calls').waitFor();
    await expect
      .poll(() => p.locator('#swap-premier-calls').evaluate((el) => el.ownerDocument.activeElement === el))
      .toBe(true);
  });
});
