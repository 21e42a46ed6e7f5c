/**
 * Self-service: what a governed person (staff or principal) must do about their own phones, in
 * plain words, and the settings they may attest themselves. Pure: the service gathers the facts.
 *
 * A self-attestation is the holder's own word that a setting the MDM cannot see is as the
 * protocol asks (the iOS microphone, Lockdown Mode). It is kept and shown beside the finding, but
 * never satisfies a rule: the rules accept an attestation only from a named person after a
 * physical check (posture reports with `attested` provenance), and the person the protocol
 * governs is not the one to vouch for their own phone.
 */
import type { DeviceVerdict } from '../compliance/types.ts';
import type { Finding, Platform } from '../model.ts';
import type { Instant } from '../time.ts';

/** The settings a holder may attest, and the rule each answers. */
export const SELF_SETTINGS = ['microphone', 'lockdown-mode'] as const;
export type SelfSetting = (typeof SELF_SETTINGS)[number];

const RULE_OF: Readonly<Record<SelfSetting, string>> = {
  microphone: 'sensor.microphone',
  'lockdown-mode': 'lockdown.off',
};

/** What the holder states: the microphone off, Lockdown Mode on (what the protocol asks). */
export const SELF_STATES: Readonly<Record<SelfSetting, string>> = {
  microphone: 'off',
  'lockdown-mode': 'on',
};

const SETTING_WORDS: Readonly<Record<SelfSetting, string>> = {
  microphone: 'the microphone is off for every app',
  'lockdown-mode': 'Lockdown Mode is on',
};

/** A holder's statement about one setting of one device. */
export interface SelfAttestation {
  readonly id: string;
  readonly personId: string;
  readonly deviceId: string;
  readonly setting: SelfSetting;
  readonly state: string;
  /** When the holder looked at the setting. */
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
}

/**
 * The settings of a device its holder may attest: iOS only (Android's MDM reports both), and only
 * while the rule finds the setting unverified (a failure the MDM reported is not the holder's to
 * contradict).
 */
export function attestableSettings(
  platform: Platform,
  deviceId: string,
  findings: readonly Pick<Finding, 'deviceId' | 'rule' | 'outcome' | 'status'>[],
): SelfSetting[] {
  if (platform !== 'ios') return [];
  return SELF_SETTINGS.filter((s) =>
    findings.some(
      (f) =>
        f.deviceId === deviceId &&
        f.rule === RULE_OF[s] &&
        f.outcome === 'unverified' &&
        f.status !== 'resolved',
    ),
  );
}

/** A device's standing in plain words. */
export function verdictWords(verdict: DeviceVerdict, openFindings: number, reason: string | null): string {
  switch (verdict) {
    case 'compliant':
      return 'Meets the protocol.';
    case 'waived':
      return 'Meets the protocol with an approved exception.';
    case 'non-compliant':
      return openFindings === 1
        ? 'Does not meet the protocol: 1 thing to fix.'
        : `Does not meet the protocol: ${openFindings} things to fix.`;
    case 'not-evaluated':
      return reason === null ? 'Not checked against the protocol.' : `Not checked: ${reason}.`;
  }
}

export type SelfTaskKind = 'acknowledge' | 'attest' | 'confirm-swap' | 'return-old' | 'swap' | 'check';

/** One thing the person must do, with the anchor (`#id`) notices link to. */
export interface SelfTask {
  readonly id: string;
  readonly kind: SelfTaskKind;
  readonly text: string;
  readonly dueAt: Instant | null;
  readonly overdue: boolean;
  readonly deviceId: string | null;
  readonly facility: string | null;
  readonly policyVersion: string | null;
  readonly swapId: string | null;
  readonly setting: SelfSetting | null;
  readonly location: string | null;
}

export interface SelfTaskInput {
  readonly now: Instant;
  /** The person's devices (id and a label for the sentences). */
  readonly devices: readonly { readonly id: string; readonly label: string; readonly platform: Platform }[];
  /** Swaps and checks due for the person's devices (core/lifecycle/plan.ts). */
  readonly schedule: readonly {
    readonly kind: 'swap' | 'check';
    readonly deviceId: string;
    readonly dueAt: Instant;
    readonly overdue: boolean;
  }[];
  /** Open swaps of the person's devices. */
  readonly swaps: readonly {
    readonly id: string;
    readonly oldDeviceId: string;
    readonly state: string;
    readonly dueAt: Instant | null;
    /** Where the replacement waits (its custody when staged). */
    readonly location: string | null;
  }[];
  /** Facility policies the person must accept and has not. */
  readonly acknowledgements: readonly {
    readonly facility: string;
    readonly title: string;
    readonly policyVersion: string;
  }[];
  readonly findings: readonly Pick<Finding, 'deviceId' | 'rule' | 'outcome' | 'status'>[];
  /** The person's attestations: a setting once attested is not asked again (the office checks it). */
  readonly attestations: readonly Pick<SelfAttestation, 'deviceId' | 'setting'>[];
}

const blank = {
  dueAt: null,
  overdue: false,
  deviceId: null,
  facility: null,
  policyVersion: null,
  swapId: null,
  setting: null,
  location: null,
} as const;

/** Anchor ids notices and the page share: `swap-<device>`, `check-<device>`, `ack-<facility>`. */
export const taskAnchor = (kind: 'swap' | 'check' | 'ack' | 'attest', key: string): string =>
  `${kind}-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** What the person must do: what a tap does first, then the overdue, then by due date, then by id. */
export function selfTasks(input: SelfTaskInput): SelfTask[] {
  const label = new Map(input.devices.map((d) => [d.id, d.label]));
  const name = (id: string) => label.get(id) ?? id;
  const tasks: SelfTask[] = [];
  const swapped = new Set<string>();
  for (const s of input.swaps) {
    const overdue = s.dueAt !== null && s.dueAt < input.now;
    if (s.state === 'staged') {
      swapped.add(s.oldDeviceId);
      tasks.push({
        ...blank,
        id: taskAnchor('swap', s.oldDeviceId),
        kind: 'confirm-swap',
        text: `Swap ready: the replacement for your ${name(s.oldDeviceId)} is staged${s.location === null ? '' : ` at ${s.location}`}. Collect it and confirm.`,
        dueAt: s.dueAt,
        overdue,
        deviceId: s.oldDeviceId,
        swapId: s.id,
        location: s.location,
      });
    } else if (s.state === 'handed-over') {
      swapped.add(s.oldDeviceId);
      tasks.push({
        ...blank,
        id: taskAnchor('swap', s.oldDeviceId),
        kind: 'return-old',
        text: `Hand your old ${name(s.oldDeviceId)} to the security office.`,
        deviceId: s.oldDeviceId,
        swapId: s.id,
      });
    }
  }
  for (const item of input.schedule) {
    if (item.kind === 'swap' && swapped.has(item.deviceId)) continue;
    tasks.push({
      ...blank,
      id: taskAnchor(item.kind, item.deviceId),
      kind: item.kind,
      text:
        item.kind === 'swap'
          ? `Hand over your ${name(item.deviceId)} for its swap.`
          : `Bring your ${name(item.deviceId)} to the security office for its check.`,
      dueAt: item.dueAt,
      overdue: item.overdue,
      deviceId: item.deviceId,
    });
  }
  for (const a of input.acknowledgements) {
    tasks.push({
      ...blank,
      id: taskAnchor('ack', a.facility),
      kind: 'acknowledge',
      text: `Read and accept the ${a.title} policy.`,
      facility: a.facility,
      policyVersion: a.policyVersion,
    });
  }
  for (const d of input.devices) {
    for (const setting of attestableSettings(d.platform, d.id, input.findings)) {
      if (input.attestations.some((a) => a.deviceId === d.id && a.setting === setting)) continue;
      tasks.push({
        ...blank,
        id: taskAnchor('attest', `${d.id}-${setting}`),
        kind: 'attest',
        text: `Check your ${name(d.id)} and confirm ${SETTING_WORDS[setting]}.`,
        deviceId: d.id,
        setting,
      });
    }
  }
  // What one tap does first (it is why the person opened the page), then the overdue, then by date.
  const TAPS: readonly SelfTaskKind[] = ['confirm-swap', 'acknowledge', 'attest'];
  const rank = (t: SelfTask) => (TAPS.includes(t.kind) ? 0 : t.overdue ? 1 : t.dueAt === null ? 3 : 2);
  return tasks.sort(
    (a, b) => rank(a) - rank(b) || (a.dueAt ?? 0) - (b.dueAt ?? 0) || a.id.localeCompare(b.id),
  );
}
