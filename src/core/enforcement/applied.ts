/**
 * The tokens a device's MDM echoes back when the device applied what one protocol version
 * compiles to for its role: the evidence `config.drift` compares with the MDM's reports.
 *
 * - Apple DDM: each configuration's `ServerToken` (the legacy one is the profile's SHA-256). The
 *   enforced OS update and the activation are left out: they depend on the latest release patch
 *   intelligence knows, not on the protocol (os.outdated judges the OS itself).
 * - Android Management API: the policy id, which ends in the policy's digest, so a device on
 *   another version of the policy reports another name.
 * - Intune: the display names, which carry the protocol version and end in the digest of the
 *   object's content (`contentNamed`); those of the device's platform (Intune applies the iOS
 *   objects to iPhones and the Android ones to Android phones).
 */
import type { DeviceRole, Platform } from '../model.ts';
import type { AppliedTarget } from '../posture/fields.ts';
import type { ProtocolDocument } from '../protocol/protocol.schema.ts';
import { androidPolicy } from './android.ts';
import { appleDeclarations, type Sha256 } from './apple.ts';
import { canonicalJson } from './canonical.ts';
import { defaultProfileUrl, intuneObjects } from './compile.ts';
import { enforcementIntent } from './intent.ts';

export interface ExpectedItem {
  /** DDM: the declaration identifier; Android: `policy`; Intune: `compliance` or `configuration`. */
  readonly id: string;
  readonly token: string;
}

/**
 * The Android Management API policy id of a role's compiled policy (`enterprises/E/policies/ID`):
 * protocol, role and the first 16 hex digits of the policy's SHA-256 (the `amapi-policy`
 * artifact's). The one name: the push patches it, and drift expects devices to report it, so
 * another version of the policy is another policy. AMAPI ids take letters, digits, `-`, `_`, `.`.
 */
export function amapiPolicyId(protocol: string, role: string, policySha256: string): string {
  return `vigil-${protocol}-${role}-${policySha256.slice(0, 16)}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * `doc` must be resolved; `platform` is the device's. Empty when the target has nothing to apply
 * for the role's platform.
 */
export function expectedApplied(
  doc: ProtocolDocument,
  role: DeviceRole,
  target: AppliedTarget,
  platform: Platform,
  sha256: Sha256,
): ExpectedItem[] {
  const i = enforcementIntent(doc, role);
  switch (target) {
    case 'apple-ddm':
      return appleDeclarations(i, { profileUrl: defaultProfileUrl(i), latestIos: null }, sha256)
        .filter((d) => d.Type.startsWith('com.apple.configuration.'))
        .map((d) => ({ id: d.Identifier, token: d.ServerToken }));
    case 'amapi':
      return [
        { id: 'policy', token: amapiPolicyId(i.protocol, role, sha256(canonicalJson(androidPolicy(i)))) },
      ];
    case 'intune': {
      const o = intuneObjects(i, sha256);
      return platform === 'android'
        ? [
            { id: 'compliance', token: o.androidCompliance.displayName },
            { id: 'configuration', token: o.androidRestrictions.displayName },
          ]
        : [
            { id: 'compliance', token: o.iosCompliance.displayName },
            { id: 'configuration', token: o.iosRestrictions.displayName },
          ];
    }
  }
}
