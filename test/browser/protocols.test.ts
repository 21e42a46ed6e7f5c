/**
 * Proposed protocol versions on the Protocols page (a protocol asking for two persons): the
 * officer who proposed a version is offered no Approve and told why; another officer approves
 * one in the page, which says from when it is in force; an admin may reject but not approve.
 * A protocol shown states, per role, how far each MDM target holds the phone to each setting,
 * and the push receipts: which artifact went to which MDM object, when and by whom.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserHarness,
  browserTestsSkipped,
  seriousA11yViolations,
  startBrowserHarness,
} from '../support/browser.ts';

const text = (name: string, version: string) => `apiVersion: vigil/v1
kind: Protocol
metadata: { name: ${name}, title: Guarded ${name}, version: "${version}" }
roles:
  calls:
    sensors: { camera: disabled }
changes: { approval: two-person }
`;

describe.skipIf(browserTestsSkipped)('proposed protocol versions', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
    const officer = (await h.app.services.users.list()).find((u) => u.username === h.users.officer.username);
    if (officer?.personId == null) throw new Error('the harness officer has no person');
    // One proposed by the signed-in officer's own person (another credential of theirs), one by
    // another officer.
    const own = await h.app.member('officer', officer.personId);
    const other = await h.app.member('officer');
    for (const [token, name] of [
      [own.token, 'guarded-own'],
      [other.token, 'guarded-other'],
    ] as const) {
      const r = await h.app.call('PUT', '/api/v1/protocols', { token, body: { text: text(name, '1') } });
      expect(r.statusCode, r.body).toBe(201);
    }
    const covered = `apiVersion: vigil/v1
kind: Protocol
metadata: { name: covered, title: Covered, version: "1" }
roles:
  calls:
    sensors: { camera: disabled, microphone: disabled }
`;
    const r = await h.app.call('PUT', '/api/v1/protocols', { body: { text: covered } });
    expect(r.statusCode, r.body).toBe(201);
    await h.app.services.pushes.record(
      {
        source: 'android-management',
        target: 'amapi',
        protocol: 'covered',
        version: '1',
        artifacts: [
          {
            role: 'calls',
            file: 'covered-calls.amapi-policy.json',
            sha256: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
            remoteId: 'enterprises/LC01/policies/vigil-covered-calls-a1b2c3d4e5f60718',
            remoteToken: '1',
            action: 'created',
          },
        ],
        notified: 0,
      },
      'admin:pat',
    );
  }, 120_000);
  afterEach(async () => {
    await h.closePages();
    expect(h.problems()).toEqual([]);
  });
  afterAll(() => h?.close());

  async function proposal(p: Page, name: string) {
    await p.goto('/protocols');
    await p.getByRole('heading', { name: 'Proposed versions', level: 2 }).waitFor();
    const card = p.locator('li.card').filter({ hasText: `${name} version 1` });
    await card.waitFor();
    return card;
  }

  it('offers the proposer no Approve and says why; another officer approves in the page', async () => {
    const p = await h.page();
    await h.signIn(p, 'officer');
    const own = await proposal(p, 'guarded-own');
    await own.getByText('You proposed this version, so another officer approves it.').waitFor();
    expect(await own.getByRole('button', { name: /^Approve/ }).count()).toBe(0);

    const other = await proposal(p, 'guarded-other');
    await other.getByRole('button', { name: 'Approve guarded-other version 1' }).click();
    await other.waitFor({ state: 'detached' });
    await p.getByRole('status').filter({ hasText: 'guarded-other version 1 approved' }).waitFor();
    const shown = (await h.app.call('GET', '/api/v1/protocols/guarded-other')).json() as {
      version: { version: string; state: string };
    };
    expect(shown.version).toMatchObject({ version: '1', state: 'approved' });
  });

  it('shows per role how each MDM target holds the phone to each setting', async () => {
    const p = await h.page();
    await h.signIn(p, 'auditor');
    await p.goto('/protocols');
    await p.getByRole('button', { name: 'covered' }).click();
    await p.getByRole('heading', { name: 'Enforcement coverage', level: 3 }).waitFor();
    const table = p.getByRole('table', { name: 'The calls phone' });
    await table.waitFor();
    const heads = await table.getByRole('columnheader').allInnerTexts();
    expect(heads).toEqual([
      'Setting',
      'Apple profile',
      'Apple DDM',
      'Android Management API',
      'Intune (iOS)',
      'Intune (Android)',
    ]);
    const cells = async (setting: string) =>
      (await table.getByRole('row').filter({ hasText: setting }).locator('td .badge').allInnerTexts()).map(
        (t) => t.trim(),
      );
    expect(await cells('sensors.camera')).toEqual([
      'enforced',
      'enforced',
      'enforced',
      'enforced',
      'enforced',
    ]);
    // iOS cannot turn the microphone off: only an attestation or an inspection shows it.
    expect(await cells('sensors.microphone')).toEqual([
      'attest / inspect',
      'attest / inspect',
      'enforced',
      'attest / inspect',
      'enforced',
    ]);
    // The keys each note names are shown as code.
    await table.locator('.coverage-how code', { hasText: 'microphoneAccess' }).waitFor();
    expect(await table.getByRole('row').count()).toBe(3);
    const pushed = p.getByRole('table', { name: 'The latest push per MDM and role' });
    const row = pushed.getByRole('row').filter({ hasText: 'vigil-covered-calls-a1b2c3d4e5f60718' });
    expect(await row.textContent()).toMatch(/android-management.*calls.*1.*a1b2c3d4e5f60718.*by admin:pat/s);
    expect(await seriousA11yViolations(p)).toEqual([]);
  });

  it('lets an admin reject but not approve', async () => {
    const p = await h.page();
    await h.signIn(p, 'admin');
    const own = await proposal(p, 'guarded-own');
    expect(await own.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    await own.getByRole('button', { name: /^Reject/ }).click();
    await own.getByLabel('Reason to reject').fill('Not reviewed');
    await own.getByRole('button', { name: 'Confirm rejection' }).click();
    await own.waitFor({ state: 'detached' });
    await p.getByText('No protocol version awaits approval.').waitFor();
  });
});
