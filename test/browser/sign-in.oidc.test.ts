/**
 * Single sign-on in real Chromium against a real OpenID provider (oidc-provider on loopback):
 * "Sign in with Test Provider" on the sign-in page, the provider's own login and consent pages,
 * and back on the dashboard signed in with the role mapped from the account's groups (a user
 * created at this first sign-in); a person whose groups map to no role is sent back to the
 * sign-in page with an explanation.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOidcFlow } from '../../src/adapters/oidc/client.ts';
import {
  type BrowserHarness,
  browserTestsSkipped,
  freePort,
  screenshot,
  seriousA11yViolations,
  startBrowserHarness,
} from '../support/browser.ts';
import { startTestProvider, type TestProvider } from '../support/oidc-provider.ts';

const sessionStatus = (p: Page) => p.evaluate(async () => (await fetch('/api/v1/session')).status);

describe.skipIf(browserTestsSkipped)('signing in through the OpenID provider', () => {
  let h: BrowserHarness;
  let provider: TestProvider;
  beforeAll(async () => {
    const port = await freePort();
    const redirect = `http://127.0.0.1:${port}/api/v1/session/oidc/callback`;
    provider = await startTestProvider({
      redirectUris: [redirect],
      accounts: {
        'olive.sso': {
          name: 'Olivia Single',
          preferred_username: 'olivia',
          groups: ['staff', 'vigil-officers'],
        },
        'no.role': { name: 'Nora Norole', groups: ['everyone'] },
      },
    });
    h = await startBrowserHarness({
      port,
      oidc: createOidcFlow(provider.settings(redirect, { provision: true })),
      allowOrigins: [provider.issuer],
    });
  }, 120_000);
  afterEach(async () => {
    await h.closePages();
    // The provider's development login page (not Vigil's) loads a web font; the harness aborts it.
    expect(h.problems().filter((m) => !m.includes('https://fonts.googleapis.com/'))).toEqual([]);
  });
  afterAll(async () => {
    await h?.close();
    await provider?.close();
  });

  /** From the dashboard's sign-in page through the provider's pages, as `login`. */
  const viaProvider = async (p: Page, login: string) => {
    await p.goto('/signin');
    const sso = p.getByRole('link', { name: 'Sign in with Test Provider' });
    await sso.waitFor();
    await sso.click();
    await p.waitForURL(`${provider.issuer}/interaction/**`);
    await p.locator('input[name="login"]').fill(login);
    await p.locator('input[name="password"]').fill('any password at all');
    await p.getByRole('button', { name: 'Sign-in' }).click();
    await p.getByRole('button', { name: 'Continue' }).click(); // the consent page
  };

  it('offers single sign-on on an accessible sign-in page', async () => {
    const p = await h.page();
    await p.goto('/signin');
    await p.getByRole('link', { name: 'Sign in with Test Provider' }).waitFor();
    await p.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'signin-sso');
  });

  it('signs in at the provider and lands on the dashboard with the mapped role', async () => {
    const p = await h.page();
    await viaProvider(p, 'olive.sso');
    await p.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(new URL(p.url()).origin).toBe(h.base);
    await p.getByText('Olivia Single').first().waitFor();
    await p.getByText('officer', { exact: true }).first().waitFor();
    expect(await sessionStatus(p)).toBe(200);
    const cookies = await p.context().cookies(h.base);
    expect(cookies.find((c) => c.name === 'vigil_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      secure: true,
    });
    // The sign-in transaction is over.
    expect(cookies.find((c) => c.name === 'vigil_oidc')).toBeUndefined();
    const me = await p.evaluate(
      async () => (await (await fetch('/api/v1/session')).json()) as { user: unknown },
    );
    expect(me.user).toMatchObject({ username: 'olivia', role: 'officer' });
  });

  it('sends a person whose groups map to no role back to the sign-in page, saying why', async () => {
    const p = await h.page();
    await viaProvider(p, 'no.role');
    await p.waitForURL('**/signin?error=OIDC_NO_ROLE');
    const alert = p.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('no Vigil role');
    expect(await sessionStatus(p)).toBe(401);
  });
});
