/**
 * Compiles one protocol role for one target into artifacts: files whose bytes depend only on
 * the resolved protocol, the role, the target and the options (canonical key order, identifiers
 * and UUIDs derived from the protocol's name, version and role), each with its SHA-256.
 */
import type { DeviceRole } from '../model.ts';
import type { ProtocolDocument } from '../protocol/protocol.schema.ts';
import { androidPolicy } from './android.ts';
import { appleDeclarations, appleProfile, type Sha256 } from './apple.ts';
import { canonicalJson, type Plain, plist } from './canonical.ts';
import {
  COVERAGE,
  COVERAGE_COLUMNS,
  type CoverageCell,
  type CoverageColumn,
  type ProtocolSetting,
  TARGET_COLUMNS,
} from './coverage.ts';
import { type EnforcementIntent, enforcementIntent, type TargetRelease } from './intent.ts';
import { contentNamed, intuneIosCompliance, intuneIosRestrictions } from './intune.ts';
import { intuneAndroid } from './intune-android.ts';
import type { EnforcementTarget } from './targets.ts';

export interface CompileOptions {
  /** SHA-256 of UTF-8 text, lower-case hex (the core does no hashing of its own). */
  readonly sha256: Sha256;
  /** The newest iOS release known, for DDM's enforced update; without it none is emitted. */
  readonly latestIos?: TargetRelease | null;
  /** Where the MDM serves the compiled profile, for DDM's legacy configuration. */
  readonly profileUrl?: string;
}

export interface Artifact {
  readonly target: EnforcementTarget;
  readonly role: DeviceRole;
  readonly file: string;
  readonly mediaType: string;
  readonly content: string;
  readonly sha256: string;
}

const JSON_TYPE = 'application/json';

/** Where the profile is assumed to be served when no URL is given: a placeholder host. */
export const defaultProfileUrl = (i: EnforcementIntent) =>
  `https://mdm.invalid/vigil/${i.protocol}/${i.role}.mobileconfig`;

export function compileEnforcement(
  doc: ProtocolDocument,
  role: DeviceRole,
  target: EnforcementTarget,
  options: CompileOptions,
): Artifact[] {
  const i = enforcementIntent(doc, role);
  const base = `${i.protocol}-${role}`;
  const artifact = (file: string, mediaType: string, content: string): Artifact => ({
    target,
    role,
    file,
    mediaType,
    content,
    sha256: options.sha256(content),
  });
  const json = (suffix: string, value: Plain) =>
    artifact(`${base}.${suffix}.json`, JSON_TYPE, canonicalJson(value));
  switch (target) {
    case 'apple-profile':
      return [
        artifact(
          `${base}.mobileconfig`,
          'application/x-apple-aspen-config',
          plist(appleProfile(i, options.sha256)),
        ),
      ];
    case 'apple-ddm': {
      const declarations = appleDeclarations(
        i,
        { profileUrl: options.profileUrl ?? defaultProfileUrl(i), latestIos: options.latestIos ?? null },
        options.sha256,
      );
      return [json('ddm', declarations as unknown as Plain)];
    }
    case 'amapi':
      return [json('amapi-policy', androidPolicy(i))];
    case 'intune': {
      const o = intuneObjects(i, options.sha256);
      return [
        json('intune-ios-compliance', o.iosCompliance),
        json('intune-ios-restrictions', o.iosRestrictions),
        json('intune-android-compliance', o.androidCompliance),
        json('intune-android-restrictions', o.androidRestrictions),
      ];
    }
  }
}

/**
 * The four Intune objects of a role, each named by its content (`contentNamed`): what the push
 * finds by display name and what drift expects a device's policy states to name.
 */
export function intuneObjects(i: EnforcementIntent, sha256: Sha256) {
  const android = intuneAndroid(i);
  return {
    iosCompliance: contentNamed(intuneIosCompliance(i), sha256),
    iosRestrictions: contentNamed(intuneIosRestrictions(i), sha256),
    androidCompliance: contentNamed(android.compliance, sha256),
    androidRestrictions: contentNamed(android.restrictions, sha256),
  };
}

/** The settings a role of the (resolved) protocol states, in table order. */
export function statedSettings(doc: ProtocolDocument, role: DeviceRole): ProtocolSetting[] {
  const r = doc.roles?.[role] ?? null;
  if (r === null) return [];
  const stated: ProtocolSetting[] = [];
  for (const s of ['camera', 'microphone', 'location', 'bluetooth'] as const)
    if (r.sensors?.[s] === 'disabled') stated.push(`sensors.${s}`);
  if (r.apps != null) stated.push('apps.allow');
  if (r.os?.minVersion?.ios != null) stated.push('os.minVersion.ios');
  if (r.os?.minVersion?.android != null) stated.push('os.minVersion.android');
  if (r.os?.maxBehindLatest != null) stated.push('os.maxBehindLatest');
  if (r.os?.lockdownMode === 'required') stated.push('os.lockdownMode');
  const controls = r.controls ?? null;
  if (controls?.passcode !== undefined && controls !== null) stated.push('controls.passcode');
  for (const k of ['screenCapture', 'cloudBackup', 'hostPairing'] as const)
    if (controls?.[k] === 'disabled') stated.push(`controls.${k}`);
  if (r.rotation != null) stated.push('rotation');
  if (r.inspection != null) stated.push('inspection');
  if (r.posture != null) stated.push('posture.maxAge');
  return stated;
}

/**
 * How the target covers each setting the role states (what `--explain` prints): one row per
 * setting and column of the target (Intune has one for iOS and one for Android).
 */
export function explainCoverage(
  doc: ProtocolDocument,
  role: DeviceRole,
  target: EnforcementTarget,
): { setting: ProtocolSetting; column: CoverageColumn; cell: CoverageCell }[] {
  return statedSettings(doc, role).flatMap((setting) =>
    TARGET_COLUMNS[target].map((column) => ({ setting, column, cell: COVERAGE[setting][column] })),
  );
}

/** One role's coverage: per setting the (resolved) protocol states, how far each column holds it. */
export interface RoleCoverage {
  readonly role: DeviceRole;
  readonly settings: {
    readonly setting: ProtocolSetting;
    readonly targets: ({ readonly target: CoverageColumn } & CoverageCell)[];
  }[];
}

/** The coverage of every role the protocol states requirements for, columns in their usual order. */
export function coverageByRole(doc: ProtocolDocument, roles: readonly DeviceRole[]): RoleCoverage[] {
  return compiledRoles(doc, roles).map((role) => ({
    role,
    settings: statedSettings(doc, role).map((setting) => ({
      setting,
      targets: COVERAGE_COLUMNS.map((target) => ({ target, ...COVERAGE[setting][target] })),
    })),
  }));
}

/** The roles a protocol states requirements for (every role when it names none). */
export function compiledRoles(doc: ProtocolDocument, all: readonly DeviceRole[]): DeviceRole[] {
  if (doc.roles === undefined) return [...all];
  return all.filter((r) => doc.roles?.[r] != null);
}
