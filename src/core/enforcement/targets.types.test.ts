/**
 * The Android and Intune shapes the compiler emits are held to the vendors' published types at
 * compile time (`npm run typecheck`): a misspelt field or a value outside an enum fails tsc.
 * (Type-only imports of those packages stay out of the core's sources: test/architecture.test.ts.)
 */
import { createHash } from 'node:crypto';
import type { androidmanagement_v1 } from '@googleapis/androidmanagement';
import type { IosCompliancePolicy, IosGeneralDeviceConfiguration } from '@microsoft/microsoft-graph-types';
import { describe, expect, it } from 'vitest';
import { protocolSchema } from '../protocol/protocol.schema.ts';
import { type AndroidPolicy, androidPolicy } from './android.ts';
import { enforcementIntent } from './intent.ts';
import {
  type IntuneIosCompliance,
  type IntuneIosRestrictions,
  intuneIosCompliance,
  intuneIosRestrictions,
} from './intune.ts';

type WithoutOdata<T> = Omit<T, '@odata.type' | 'appsVisibilityList'>;

// Compile-time checks: each line fails tsc if the shape drifts from the vendor's type.
const asPolicy = (p: AndroidPolicy): androidmanagement_v1.Schema$Policy => p;
const asCompliance = (p: IntuneIosCompliance): IosCompliancePolicy => p as WithoutOdata<IntuneIosCompliance>;
const asRestrictions = (p: IntuneIosRestrictions): IosGeneralDeviceConfiguration => ({
  ...(p as WithoutOdata<IntuneIosRestrictions>),
  ...(p.appsVisibilityList === undefined
    ? {}
    : { appsVisibilityList: p.appsVisibilityList.map(({ appId, name }) => ({ appId, name })) }),
});

// Assignability alone lets an extra (misspelt) field through; these name every field.
type OnlyKnown<T, Vendor> = Exclude<keyof T, keyof Vendor | '@odata.type'> extends never ? true : false;
const policyKeys: OnlyKnown<AndroidPolicy, androidmanagement_v1.Schema$Policy> = true;
const complianceKeys: OnlyKnown<IntuneIosCompliance, IosCompliancePolicy> = true;
const restrictionsKeys: OnlyKnown<IntuneIosRestrictions, IosGeneralDeviceConfiguration> = true;

describe('vendor types', () => {
  it('accept what the compiler emits', () => {
    const doc = protocolSchema.parse({
      apiVersion: 'vigil/v1',
      kind: 'Protocol',
      metadata: { name: 'typed', title: 'Typed', version: '1' },
      roles: {
        calls: {
          sensors: {
            camera: 'disabled',
            microphone: 'disabled',
            location: 'disabled',
            bluetooth: 'disabled',
          },
          apps: { allow: ['org.whispersystems.signal'] },
          os: { minVersion: { ios: '18.6' }, maxBehindLatest: 'P7D' },
        },
      },
    });
    const i = enforcementIntent(doc, 'calls');
    expect(asPolicy(androidPolicy(i)).cameraAccess).toBe('CAMERA_ACCESS_DISABLED');
    expect(asCompliance(intuneIosCompliance(i)).osMinimumVersion).toBe('18.6');
    expect(asRestrictions(intuneIosRestrictions(i)).appsVisibilityList).toHaveLength(1);
    expect([policyKeys, complianceKeys, restrictionsKeys]).toEqual([true, true, true]);
    expect(createHash('sha256').update('').digest('hex')).toHaveLength(64);
  });
});
