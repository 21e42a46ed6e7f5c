/**
 * Sign-in and sign-out in real Chromium: the form (by mouse and by keyboard alone), a refused
 * password, the app shell, sign out, and sign out everywhere (another browser's session dies).
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

/** The session as the API sees this page's cookie: 200 signed in, 401 not. */
const sessionStatus = (p: Page) => p.evaluate(async () => (await fetch('/api/v1/session')).status);

describe.skipIf(browserTestsSkipped)('signing in and out', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 120_000);
  afterEach(async () => {
    await h.closePages();
    expect(h.problems()).toEqual([]);
  });
  afterAll(() => h?.close());

  it('sends a visitor to the sign-in form, which is accessible', async () => {
    const p = await h.page();
    await p.goto('/');
    await p.waitForURL('**/signin');
    await p.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'signin');
    // No single sign-on configured: no button for it.
    expect(await p.getByRole('link', { name: /^Sign in with/ }).count()).toBe(0);
  });

  it('the harness catches a request to another host, a console error and an exception', async () => {
    const p = await h.page();
    await p.goto('/signin');
    await p.getByRole('button', { name: 'Sign in' }).waitFor();
    const seen: string[] = [];
    const problems = () => {
      seen.push(...h.problems());
      return seen;
    };
    // A script's fetch elsewhere: the app's CSP refuses it, and says so on the console.
    await p.evaluate("fetch('https://fonts.example.net/a.woff2').catch(() => {})");
    // An uncaught exception.
    await p.evaluate('setTimeout(() => { throw new Error("kaboom"); })');
    await expect
      .poll(problems, { timeout: 5_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^console error on .*Content Security Policy/),
          expect.stringMatching(/^uncaught exception on .*kaboom/),
        ]),
      );
    // A navigation elsewhere (no CSP governs it): caught, and aborted before it leaves.
    await p.evaluate("location.assign('https://example.net/')").catch(() => {});
    await expect
      .poll(problems, { timeout: 5_000 })
      .toContainEqual('request to another host: GET https://example.net/');
  });

  it('the axe check reports a serious violation', async () => {
    const p = await h.page();
    await p.setContent('<html lang="en"><title>t</title><main><input type="text"></main></html>');
    expect(await seriousA11yViolations(p)).toEqual([expect.stringMatching(/^critical label: /)]);
  });

  it('refuses a wrong password with an alert, and stays on the form', async () => {
    const p = await h.page();
    await p.goto('/signin');
    await p.getByLabel('User name').fill(h.users.officer.username);
    await p.getByLabel('Password').fill('not-the-password');
    await p.getByRole('button', { name: 'Sign in' }).click();
    const alert = p.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).not.toBe('');
    expect(new URL(p.url()).pathname).toBe('/signin');
    expect(await sessionStatus(p)).toBe(401);
  });

  it('signs in and shows the user’s name and role in the app shell', async () => {
    const p = await h.page();
    await h.signIn(p, 'officer');
    const nav = p.getByRole('navigation', { name: 'Main' });
    for (const link of ['Overview', 'Work queues', 'Protocols', 'Audit log']) {
      await nav.getByRole('link', { name: link }).waitFor();
    }
    await p.getByText(h.users.officer.name).first().waitFor();
    // The role itself, not the "Officer" in the user's name.
    await p.getByText('officer', { exact: true }).first().waitFor();
    expect(await sessionStatus(p)).toBe(200);
    // The session cookie is out of reach of scripts and never sent to another site.
    const cookie = (await p.context().cookies()).find((c) => c.name === 'vigil_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/' });
    expect(await p.evaluate<string>('document.cookie')).not.toContain('vigil_session');
  });

  it('signs in with the keyboard alone', async () => {
    const p = await h.page();
    await p.goto('/signin');
    await p.getByRole('button', { name: 'Sign in' }).waitFor();
    // Tab from the top of the page (past a skip link, if any) to the user name field.
    // (Strings evaluate in the page: the root tsconfig has no DOM types.)
    const focusedLabel = () =>
      p.evaluate<string>("document.activeElement?.labels?.[0]?.textContent?.trim() ?? ''");
    let tabs = 0;
    while ((await focusedLabel()) !== 'User name') {
      expect(tabs++, 'Tab never reached the "User name" field').toBeLessThan(10);
      await p.keyboard.press('Tab');
    }
    // Where the focus is can be seen (an outline or a ring).
    const ring = await p.evaluate<string>(
      '(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + " " + s.boxShadow; })()',
    );
    expect(ring).not.toBe('none none');
    await p.keyboard.type(h.users.technician.username);
    await p.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('Password');
    await p.keyboard.type(h.users.technician.password);
    await p.keyboard.press('Enter');
    await p.getByRole('navigation', { name: 'Main' }).waitFor();
    await p.getByText(h.users.technician.name).first().waitFor();
    expect(await sessionStatus(p)).toBe(200);
  });

  it('signs out: the session is gone and the app asks to sign in again', async () => {
    const p = await h.page();
    await h.signIn(p, 'auditor');
    await p.getByRole('button', { name: 'Sign out', exact: true }).click();
    await p.waitForURL('**/signin');
    expect(await sessionStatus(p)).toBe(401);
    await p.goto('/audit');
    await p.waitForURL('**/signin');
  });

  it('signs out everywhere: a session in another browser ends too', async () => {
    const here = await h.page();
    const elsewhere = await h.page();
    await h.signIn(here, 'admin');
    await h.signIn(elsewhere, 'admin');
    // Someone else's session is untouched.
    const other = await h.page();
    await h.signIn(other, 'officer');

    await here.getByRole('button', { name: 'Sign out everywhere' }).click();
    await here.waitForURL('**/signin');
    expect(await sessionStatus(here)).toBe(401);
    expect(await sessionStatus(elsewhere)).toBe(401);
    await elsewhere.reload();
    await elsewhere.waitForURL('**/signin');
    expect(await sessionStatus(other)).toBe(200);
  });
});
