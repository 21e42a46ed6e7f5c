import { describe, expect, it } from 'vitest';
import type { Alert } from './alerts.ts';
import { scanCoverage } from './coverage.ts';
import { CANNOT_PROVE_CLEAN, NO_ALERTS, renderScanSummary, type SummaryInput } from './summary.ts';

const statuses = ['manifest', 'sms', 'safari_history', 'safari_browser_state', 'datausage', 'tcc'].map(
  (module) => ({ module, status: 'ok', message: null, records: 3, alerts: 0 }),
);

const base: SummaryInput = {
  kind: 'ios-backup',
  target: '/evidence/backup',
  encrypted: true,
  startedAt: Date.parse('2026-11-22T09:00:00Z'),
  finishedAt: Date.parse('2026-11-22T09:00:04Z'),
  statuses: [
    ...statuses,
    { module: 'configuration_profiles', status: 'skipped', message: 'no profiles', records: 0, alerts: 0 },
  ],
  alerts: [],
  indicatorFiles: [{ path: 'pegasus.stix2', indicators: 1549, fetchedAt: '2026-11-21T08:00:00.000Z' }],
  coverage: scanCoverage('ios', [...statuses], [...statuses.map((s) => s.module)]),
  files: 1234,
  performedBy: 'J. Smith',
  deviceId: 'dev_calls',
};

describe('summary.md', () => {
  it('never reads as an all-clear when nothing was found', () => {
    const md = renderScanSummary(base);
    expect(md).toContain('Result: **clean**');
    expect(md).toContain(NO_ALERTS);
    expect(md).toContain(CANNOT_PROVE_CLEAN);
    expect(md).toContain('- pegasus.stix2: 1549, fetched 2026-11-21T08:00:00.000Z');
    expect(md).toContain('| sms | 3 | 0 |');
    expect(md).toContain('- configuration_profiles: no input (no profiles)');
    expect(md).toContain('Files in the evidence: 1234');
  });

  it('lists what was found, most severe first, and what it means', () => {
    const alert: Alert = {
      level: 'critical',
      module: 'sms',
      message: 'SMS/iMessage link https://a|b.example matches indicator "b.example" (Pegasus)',
      eventTime: Date.parse('2026-11-01T10:00:00Z'),
      event: {},
      matchedIndicator: { value: 'b.example', type: 'domain', name: 'Pegasus', feed: 'p.stix2' },
    };
    const md = renderScanSummary({ ...base, alerts: [alert] });
    expect(md).toContain('Result: **compromised**');
    expect(md).toContain('1 alert(s): 1 critical.');
    expect(md).toContain(
      '| critical | sms | 2026-11-01T10:00:00.000Z | SMS/iMessage link https://a\\|b.example',
    );
    expect(md).toContain('Treat the phone as compromised');
    expect(md).toContain(CANNOT_PROVE_CLEAN);
  });

  it('a scan missing required evidence is incomplete, not clean', () => {
    const md = renderScanSummary({
      ...base,
      coverage: scanCoverage('ios', base.statuses, ['configuration_profiles']),
    });
    expect(md).toContain('Result: **incomplete**');
    expect(md).toContain('Coverage: required evidence missing: configuration_profiles.');
  });
});
