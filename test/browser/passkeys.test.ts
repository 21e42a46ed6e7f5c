/**
 * Passkeys in real Chromium with its virtual authenticator (devtools protocol), passkeys
 * required for officers: the first sign-in registers one, the next proves it after the
 * password, and a browser without it gets no further than the second-factor step (the API
 * answers 401 AUTH_SECOND_FACTOR_REQUIRED). A technician (not required) registers one from the
 * app shell. The real @simplewebauthn verifier checks every answer.
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

/** A platform authenticator with user verification, as on a phone or a laptop with Touch ID. */
async function withAuthenticator(p: Page): Promise<void> {
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
}

/** Status and error code of an API call with this page's cookie. */
const apiStatus = (p: Page, path: string) =>
  p.evaluate(async (url) => {
    const res = await fetch(url);
    const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
    return `${res.status} ${body?.error?.code ?? ''}`.trim();
  }, path);

describe.skipIf(browserTestsSkipped)('passkeys', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness({ passkeysRequired: true });
  }, 120_000);
  afterEach(async () => {
    await h.closePages();
    expect(h.problems()).toEqual([]);
  });
  afterAll(() => h?.close());

  const password = async (p: Page, role: 'officer' | 'technician') => {
    await p.goto('/signin');
    await p.getByLabel('User name').fill(h.users[role].username);
    await p.getByLabel('Password').fill(h.users[role].password);
    await p.getByRole('button', { name: 'Sign in' }).click();
  };

  it('an officer registers a passkey at the first sign-in, then signs in with password and passkey', async () => {
    expect(h.base).toMatch(/^http:\/\/localhost:\d+$/);
    const p = await h.page();
    await withAuthenticator(p);
    await password(p, 'officer');
    await p.getByRole('heading', { name: 'Register a passkey' }).waitFor();
    expect(await apiStatus(p, '/api/v1/people')).toBe('401 AUTH_SECOND_FACTOR_REQUIRED');
    expect(await seriousA11yViolations(p)).toEqual([]);
    await p.getByRole('button', { name: 'Register a passkey' }).click();
    await p.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await apiStatus(p, '/api/v1/people')).toBe('200');

    await p.getByRole('button', { name: 'Sign out', exact: true }).click();
    await p.waitForURL('**/signin');
    await password(p, 'officer');
    await p.getByRole('heading', { name: 'Confirm with your passkey' }).waitFor();
    expect(await apiStatus(p, '/api/v1/people')).toBe('401 AUTH_SECOND_FACTOR_REQUIRED');
    await screenshot(p, 'signin-passkey');
    await p.getByRole('button', { name: 'Use my passkey' }).click();
    await p.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await apiStatus(p, '/api/v1/people')).toBe('200');

    const officer = h.users.officer.username;
    const of = async (type: string) =>
      (await h.app.services.audit.list({ type })).filter((e) => e.payload.username === officer);
    expect(await of('passkey.registered')).toHaveLength(1);
    expect(await of('passkey.verified')).toHaveLength(1);
    expect(await of('passkey.failed')).toEqual([]);
  });

  it('without the passkey the officer gets no further than the second-factor step', async () => {
    const p = await h.page(); // another browser: no authenticator, no passkey
    await password(p, 'officer');
    await p.getByRole('heading', { name: 'Confirm with your passkey' }).waitFor();
    for (const path of ['/api/v1/people', '/api/v1/compliance/summary']) {
      expect(await apiStatus(p, path)).toBe('401 AUTH_SECOND_FACTOR_REQUIRED');
    }
    // The session may read itself, and says what it owes; the dashboard sends it back to that step.
    const owed = await p.evaluate(
      async () =>
        ((await (await fetch('/api/v1/session')).json()) as { pendingFactor: string | null }).pendingFactor,
    );
    expect(owed).toBe('passkey');
    await p.goto('/');
    await p.waitForURL('**/signin');
    await p.getByRole('heading', { name: 'Confirm with your passkey' }).waitFor();
  });

  it('a technician, who needs none, signs in with the password and registers a passkey from the shell', async () => {
    const p = await h.page();
    await withAuthenticator(p);
    await h.signIn(p, 'technician');
    await p.getByRole('button', { name: 'Register a passkey' }).click();
    await expect
      .poll(() => p.getByRole('status').filter({ hasText: 'Passkey' }).textContent())
      .toBe('Passkey registered.');
    const count = await p.evaluate(
      async () => ((await (await fetch('/api/v1/session/passkeys')).json()) as unknown[]).length,
    );
    expect(count).toBe(1);
  });
});
