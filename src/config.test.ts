/** The MDM pull settings, read through each connector's own schema (src/adapters/mdm/registry.ts). */
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { VigilError } from './core/errors.ts';

function configError(env: Record<string, string>): VigilError {
  try {
    loadConfig(env, '/tmp');
  } catch (err) {
    if (err instanceof VigilError) return err;
    throw err;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('MDM pull configuration', () => {
  it('reads each configured pull under its connector name, keeping the variable names', () => {
    const config = loadConfig(
      {
        VIGIL_INTUNE_URL: 'https://graph.microsoft.com/v1.0/deviceManagement/managedDevices',
        VIGIL_INTUNE_TOKEN: 'graph',
        VIGIL_JAMF_URL: 'https://jamf.example.org/api/v2/mobile-devices/detail',
        VIGIL_APPLE_MDM_URL: 'https://mdm.example.org/v1/devices',
        VIGIL_APPLE_MDM_API_KEY: 'key',
        VIGIL_FLEET_TOKEN: '', // empty counts as unset
      },
      '/tmp',
    );
    expect(config.integrations.pulls).toEqual({
      intune: { url: 'https://graph.microsoft.com/v1.0/deviceManagement/managedDevices', token: 'graph' },
      jamf: { url: 'https://jamf.example.org/api/v2/mobile-devices/detail', token: null },
      'apple-mdm': { url: 'https://mdm.example.org/v1/devices', token: 'key' },
    });
  });

  it('configures no pull when none of its variables is set', () => {
    expect(loadConfig({}, '/tmp').integrations.pulls).toEqual({});
  });

  it('refuses a partially configured pull, naming the missing variable', () => {
    const err = configError({ VIGIL_FLEET_TOKEN: 'fleet-token' });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('VIGIL_FLEET_URL: required: the fleet pull is partially configured');
    expect(err.details).toEqual([
      {
        path: 'VIGIL_FLEET_URL',
        message: 'required: the fleet pull is partially configured (VIGIL_FLEET_TOKEN set)',
      },
    ]);
  });

  it('refuses a malformed URL with the schema’s message, alongside other configuration errors', () => {
    const err = configError({ VIGIL_APPLE_MDM_URL: 'ftp://mdm', PORT: 'eighty' });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.details?.map((d) => d.path)).toEqual(['PORT', 'VIGIL_APPLE_MDM_URL']);
  });
});
