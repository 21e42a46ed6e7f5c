import { describe, expect, it } from 'vitest';
import { DEFAULT_COVERAGE, describeCoverage, scanCoverage } from './coverage.ts';

const ok = (module: string) => ({ module, status: 'ok', message: null });

describe('scanCoverage', () => {
  it('is complete when every required module ran', () => {
    const c = scanCoverage('android', DEFAULT_COVERAGE.android.map(ok));
    expect(c).toMatchObject({ complete: true, missing: [], failed: [] });
    expect(describeCoverage(c)).toBe('every required module ran');
  });

  it('names required modules that failed, were skipped or never ran, and every failure', () => {
    const c = scanCoverage('android', [
      ok('getprop'),
      { module: 'packages', status: 'failed', message: 'packages.json is not a JSON array' },
      { module: 'processes', status: 'skipped', message: 'ps.txt is not in the acquisition' },
      { module: 'files', status: 'failed', message: 'bad json' },
    ]);
    expect(c.complete).toBe(false);
    expect(c.missing).toEqual(['packages', 'processes', 'settings']);
    expect(c.failed).toEqual(['packages', 'files']);
    expect(c.modules.find((m) => m.module === 'packages')).toMatchObject({
      status: 'failed',
      error: 'packages.json is not a JSON array',
      required: true,
    });
    expect(c.modules.find((m) => m.module === 'processes')).toMatchObject({ status: 'missing', error: null });
    expect(describeCoverage(c)).toMatch(/missing: packages, processes, settings; failed modules: packages/);
  });

  it('takes the required list it is given (a protocol override), empty included', () => {
    expect(scanCoverage('ios', [ok('sms')], ['sms']).complete).toBe(true);
    expect(scanCoverage('ios', [], []).complete).toBe(true);
    expect(scanCoverage('ios', [ok('sms')]).missing).toContain('manifest');
  });
});
