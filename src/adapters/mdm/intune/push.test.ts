/** The Intune push's settings: the pull's endpoint, and the group each role's objects are assigned to. */
import { describe, expect, it } from 'vitest';
import { betaBase, deviceManagementBase, intunePushEnv } from './push.ts';

const URL = 'https://graph.microsoft.com/v1.0/deviceManagement/managedDevices';
const A = '6f1c2a0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const B = '0a0b0c0d-1e1f-4a4b-8c8d-9e9f0a0b0c0d';

describe('VIGIL_INTUNE_GROUPS', () => {
  it('reads role=group pairs, and assigns nothing without it', () => {
    expect(
      intunePushEnv.parse({ VIGIL_INTUNE_URL: URL, VIGIL_INTUNE_GROUPS: `calls=${A}, social = ${B},` }),
    ).toEqual({
      url: URL,
      token: null,
      groups: { calls: A, social: B },
    });
    expect(intunePushEnv.parse({ VIGIL_INTUNE_URL: URL, VIGIL_INTUNE_TOKEN: 't' }).groups).toEqual({});
  });

  it('refuses an unknown role, a value that is not a group object id, and a role named twice', () => {
    for (const [value, message] of [
      [`desk=${A}`, 'roles: calls, social, news, general'],
      ['calls=Phones', 'got "calls=Phones"'],
      [`calls=${A},calls=${B}`, 'role calls is named twice'],
    ] as const) {
      const r = intunePushEnv.safeParse({ VIGIL_INTUNE_URL: URL, VIGIL_INTUNE_GROUPS: value });
      expect(r.success, value).toBe(false);
      expect(r.error?.issues[0]?.message, value).toContain(message);
    }
  });
});

describe('Graph bases', () => {
  it('reads deviceManagement from the pull URL, and its beta twin for the Android device owner types', () => {
    const base = deviceManagementBase(`${URL}?$top=100`);
    expect(base).toBe('https://graph.microsoft.com/v1.0/deviceManagement');
    expect(betaBase(base)).toBe('https://graph.microsoft.com/beta/deviceManagement');
    expect(betaBase('https://graph.microsoft.com/beta/deviceManagement')).toBe(
      'https://graph.microsoft.com/beta/deviceManagement',
    );
    expect(betaBase('http://127.0.0.1:8080/graph/v1.0/deviceManagement')).toBe(
      'http://127.0.0.1:8080/graph/beta/deviceManagement',
    );
  });
});
