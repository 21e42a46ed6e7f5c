/** The MDM pull and single sign-on settings (src/adapters/mdm/registry.ts, src/adapters/oidc). */
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

describe('single sign-on configuration', () => {
  const SSO = {
    VIGIL_OIDC_ISSUER: 'https://login.example.org/realms/office',
    VIGIL_OIDC_CLIENT_ID: 'vigil',
    VIGIL_OIDC_CLIENT_SECRET: 'secret',
    VIGIL_OIDC_REDIRECT_URL: 'https://vigil.example.org/api/v1/session/oidc/callback',
    VIGIL_OIDC_ROLE_MAP: 'vigil-admins=admin, Security Officers=officer,,',
  };

  it('is off when nothing is set', () => {
    expect(loadConfig({}, '/tmp').oidc).toBeNull();
  });

  it('reads the settings, with defaults for the name, scopes, claim and the off switches', () => {
    expect(loadConfig(SSO, '/tmp').oidc).toEqual({
      issuer: SSO.VIGIL_OIDC_ISSUER,
      clientId: 'vigil',
      clientSecret: 'secret',
      redirectUrl: SSO.VIGIL_OIDC_REDIRECT_URL,
      name: 'login.example.org',
      scopes: 'openid profile',
      roleClaim: 'groups',
      roleMap: { 'vigil-admins': 'admin', 'Security Officers': 'officer' },
      provision: false,
      allowInsecure: false,
    });
  });

  it('refuses a partial configuration, naming what is missing', () => {
    const err = configError({ VIGIL_OIDC_ISSUER: SSO.VIGIL_OIDC_ISSUER, VIGIL_OIDC_CLIENT_SECRET: 'x' });
    expect(err.details?.map((d) => d.path)).toEqual([
      'VIGIL_OIDC_CLIENT_ID',
      'VIGIL_OIDC_REDIRECT_URL',
      'VIGIL_OIDC_ROLE_MAP',
    ]);
  });

  it('refuses a role map naming no Vigil role, or the machines-only ingest role', () => {
    for (const map of ['admins=root', 'robots=ingest', 'no-equals-sign']) {
      expect(configError({ ...SSO, VIGIL_OIDC_ROLE_MAP: map }).details?.[0]?.path).toBe(
        'VIGIL_OIDC_ROLE_MAP.0',
      );
    }
  });

  it('refuses http:// unless VIGIL_OIDC_ALLOW_INSECURE=on', () => {
    const insecure = { ...SSO, VIGIL_OIDC_ISSUER: 'http://127.0.0.1:4000' };
    expect(configError(insecure).details?.map((d) => d.path)).toEqual(['VIGIL_OIDC_ISSUER']);
    expect(loadConfig({ ...insecure, VIGIL_OIDC_ALLOW_INSECURE: 'on' }, '/tmp').oidc?.allowInsecure).toBe(
      true,
    );
  });
});
