/**
 * Secure zones: the facilities a protocol declares, and how a detection in one is judged.
 *
 * Identifiers a sensor or check-point may report (normalised on ingest):
 * - `imei:<14 to 16 digits>`: resolved against the inventory's IMEI;
 * - `serial:<letters, digits, dashes>`: resolved against the inventory's serial number;
 * - `mac-sha256:<64 hex digits>`: the SHA-256 of a Wi-Fi or Bluetooth MAC address, as privacy-
 *   preserving sensors report it. The inventory records no MAC addresses, so these never
 *   resolve to a device: they are unknown devices.
 *
 * A detection in a facility whose policy bans personal devices is a violation when the device
 * is personal or unknown; an issued device is allowed. Which policy governs a facility: every
 * protocol in force that governs someone may declare it; the strictest wins (any ban bans).
 */
import { VigilError } from '../errors.ts';
import type { Ownership } from '../model.ts';
import type { CompiledFacility, CompiledProtocol } from '../protocol/compiled.ts';

export const IDENTIFIER_KINDS = ['imei', 'serial', 'mac-sha256'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

const PATTERNS: Readonly<Record<IdentifierKind, RegExp>> = {
  imei: /^\d{14,16}$/,
  serial: /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/,
  'mac-sha256': /^[0-9a-f]{64}$/,
};

/** `kind:value`, or null when the text is not one of the accepted forms. */
export function parseIdentifier(text: string): { kind: IdentifierKind; value: string } | null {
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const kind = text.slice(0, colon).toLowerCase();
  if (!(IDENTIFIER_KINDS as readonly string[]).includes(kind)) return null;
  const k = kind as IdentifierKind;
  // Hex digests compare case-insensitively; serials keep their case (the inventory's is exact).
  const value = k === 'mac-sha256' ? text.slice(colon + 1).toLowerCase() : text.slice(colon + 1);
  return PATTERNS[k].test(value) ? { kind: k, value } : null;
}

/** The identifier in its one stored form; throws DETECTION_INVALID otherwise. */
export function normalizeIdentifier(text: string): string {
  const id = parseIdentifier(text.trim());
  if (id === null) {
    throw new VigilError('DETECTION_INVALID', `not a usable device identifier: ${JSON.stringify(text)}`, [
      {
        path: 'identifier',
        message: 'expected imei:<14-16 digits>, serial:<serial number> or mac-sha256:<64 hex digits>',
      },
    ]);
  }
  return `${id.kind}:${id.value}`;
}

/** A facility's policy as one protocol states it. */
export interface FacilityPolicy extends CompiledFacility {
  readonly protocol: string;
  /** `<protocol>@<version>`: what a person acknowledges (see acknowledgement.ts). */
  readonly version: string;
}

/** The version of a facility policy people acknowledge: the facility's own, else the protocol's. */
export function policyVersionOf(protocol: CompiledProtocol, facility: CompiledFacility): string {
  return `${protocol.name}@${facility.policyVersion ?? protocol.version}`;
}

/** Every facility the given protocols declare, each with the policies stating it (by protocol name). */
export function facilityPolicies(protocols: Iterable<CompiledProtocol>): Map<string, FacilityPolicy[]> {
  const out = new Map<string, FacilityPolicy[]>();
  const sorted = [...protocols].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const p of sorted) {
    for (const f of p.facilities) {
      const list = out.get(f.id) ?? [];
      list.push({ ...f, protocol: p.name, version: policyVersionOf(p, f) });
      out.set(f.id, list);
    }
  }
  return out;
}

/** The policy that bans personal devices in a facility (the first by protocol name), if any does. */
export function banningPolicy(policies: readonly FacilityPolicy[] | undefined): FacilityPolicy | null {
  return policies?.find((p) => p.personalDevices === 'banned') ?? null;
}

export type DetectionVerdict = 'violation' | 'allowed';

/**
 * Judges one detection: `device` is what the identifier resolved to (null: unknown), `policy`
 * the facility's banning policy (null: personal devices are not banned there).
 */
export function classifyDetection(
  policy: FacilityPolicy | null,
  device: { readonly ownership: Ownership } | null,
): DetectionVerdict {
  if (policy === null) return 'allowed';
  return device === null || device.ownership === 'personal' ? 'violation' : 'allowed';
}
