/**
 * Self-service: a governed person's own page (their devices, what they must do, their waivers,
 * the facility rules that apply to them), their attestations of settings the MDM cannot see, and
 * their confirmation of a swap staged for them. Every command acts as the signed-in person: the
 * routes pass the caller's person, never one from a request body, and a person reaches only
 * their own devices and swaps (someone else's swap is SWAP_NOT_FOUND, as if it did not exist).
 */
import { VigilError } from '../../core/errors.ts';
import { hasAcknowledged, requiredAcknowledgements } from '../../core/lifecycle/acknowledgement.ts';
import { schedule } from '../../core/lifecycle/plan.ts';
import {
  SELF_STATES,
  type SelfAttestation,
  type SelfSetting,
  selfTasks,
  verdictWords,
} from '../../core/lifecycle/self-service.ts';
import { applySwap, type Swap } from '../../core/lifecycle/swap.ts';
import { policyVersionOf } from '../../core/lifecycle/zone.ts';
import type { Finding } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';
import type { ComplianceService } from '../compliance/compliance.service.ts';
import { inForceFrom } from '../compliance/compliance.service.ts';
import type { DeviceView } from '../inventory/ports.ts';
import { type CommandDeps, CommandService, type Tx } from '../kernel/command-service.ts';
import { effectiveInstant, instantOr } from '../kernel/instant.ts';
import { unwrap } from '../kernel/outcome.ts';
import { storeSwapStepInTx } from '../swaps/swap.service.ts';

/** The signed-in person and the actor their credential is recorded as. */
export interface Self {
  readonly personId: string;
  readonly actor: string;
}

type Reach =
  | 'assignments'
  | 'audit'
  | 'devices'
  | 'inspections'
  | 'people'
  | 'protocols'
  | 'refusals'
  | 'rotations'
  | 'selfAttestations'
  | 'swaps'
  | 'waivers'
  | 'zones';

const PLATFORM_WORDS = { ios: 'iPhone', android: 'Android phone' } as const;

function deviceLabel(d: DeviceView): string {
  return `${d.model} (${d.role})`;
}

export class SelfService extends CommandService<Reach> {
  readonly #compliance: ComplianceService;

  constructor(deps: CommandDeps & { compliance: ComplianceService }) {
    super(deps);
    this.#compliance = deps.compliance;
  }

  /** Everything the person's page shows, as of now. */
  async page(personId: string) {
    // The fleet's evaluation comes from the process cache (the dashboard's too), filtered to them.
    const evaluation = await this.#compliance.evaluate({ personId });
    const now = evaluation.at;
    return this.transaction(async (tx) => {
      const person = await tx.people.get(personId);
      if (person === null) throw new VigilError('PERSON_NOT_FOUND', `no person has the id ${personId}`);
      // The devices the evaluation saw them hold (it is exact now), read one by one: listing by
      // holder reads every device's latest custody, seconds in a large office.
      const devices: DeviceView[] = [];
      for (const s of evaluation.devices) {
        const d = s.personId === personId ? await tx.devices.get(s.deviceId) : null;
        if (d !== null && d.holderId === personId) devices.push(d);
      }
      devices.sort((a, b) => a.id.localeCompare(b.id));
      // Only the person and their principal (whose protocol staff inherit): what is in force for
      // everyone costs seconds in a large office, and the page needs no one else.
      const principal = person.principalId === null ? null : await tx.people.get(person.principalId);
      const mine = principal === null ? [person] : [person, principal];
      const ids = new Set(mine.map((p) => p.id));
      const inForce = inForceFrom(
        {
          people: mine,
          assignments: (await tx.assignments.list(now)).filter((a) => ids.has(a.personId)),
          protocols: await tx.protocols.listVersions(),
        },
        now,
      );
      const protocol = inForce.governing.get(personId) ?? null;
      const items = [];
      const swaps: Swap[] = [];
      const waivers = await tx.waivers.list({ personId });
      for (const d of devices) {
        const statuses = await tx.devices.statuses(d.id);
        const custody = await tx.devices.custody(d.id);
        const inspections = await tx.inspections.listFor(d.id);
        const rotations = await tx.rotations.listFor(d.id);
        const { status: _s, holderId: _h, location: _l, ...bare } = d;
        items.push(
          ...schedule(
            {
              devices: [{ device: bare, statuses, custody, inspections, rotations, posture: [] }],
              people: inForce.people,
              protocols: inForce.protocols,
            },
            now,
          ),
        );
        // A swap lists under its old and its new device, both theirs once handed over: once here.
        for (const s of await tx.swaps.list({ open: true, deviceId: d.id }))
          if (s.personId === personId && !swaps.some((x) => x.id === s.id)) swaps.push(s);
        for (const w of await tx.waivers.list({ deviceId: d.id }))
          if (!waivers.some((x) => x.id === w.id)) waivers.push(w);
      }
      const acks = await tx.zones.listAcknowledgements({ personId });
      const owed = requiredAcknowledgements(protocol).filter(
        (r) => !hasAcknowledged(acks, personId, r.facility.id, r.policyVersion),
      );
      const attestations = await tx.selfAttestations.listFor(personId);
      const open = evaluation.findings.filter((f) => f.status !== 'resolved');
      const tasks = selfTasks({
        now,
        devices: devices.map((d) => ({ id: d.id, label: deviceLabel(d), platform: d.platform })),
        schedule: items.filter((i) => i.personId === personId),
        swaps: swaps.map((s) => ({
          id: s.id,
          oldDeviceId: s.oldDeviceId,
          state: s.state,
          dueAt: s.dueAt,
          location: s.custody.new?.location ?? null,
        })),
        acknowledgements: owed.map((r) => ({
          facility: r.facility.id,
          title: r.facility.title,
          policyVersion: r.policyVersion,
        })),
        findings: open,
        attestations,
      });
      const summaries = new Map(evaluation.devices.map((s) => [s.deviceId, s]));
      return {
        at: now,
        person,
        protocol: protocol === null ? null : { name: protocol.name, title: protocol.title },
        devices: devices.map((d) => {
          const s = summaries.get(d.id);
          const problems = open.filter((f) => f.deviceId === d.id && f.status === 'open');
          return {
            id: d.id,
            label: deviceLabel(d),
            kind: PLATFORM_WORDS[d.platform],
            ownership: d.ownership,
            verdict: s?.verdict ?? 'not-evaluated',
            words: verdictWords(s?.verdict ?? 'not-evaluated', problems.length, s?.reason ?? null),
            problems: problems.map((f: Finding) => ({ rule: f.rule, message: f.message, remedy: f.remedy })),
          };
        }),
        tasks,
        waivers: waivers
          .map((w) => ({
            id: w.id,
            rule: w.rule,
            state: w.state,
            deviceId: 'deviceId' in w.scope ? w.scope.deviceId : null,
            reason: w.reason,
            expiresAt: w.expiresAt,
            expired: w.expiresAt <= now,
          }))
          .sort((a, b) => a.expiresAt - b.expiresAt || a.id.localeCompare(b.id)),
        rules: (protocol?.facilities ?? []).map((f) => {
          const version = policyVersionOf(protocol as NonNullable<typeof protocol>, f);
          const ack = acks.find((a) => a.facility === f.id && a.policyVersion === version);
          return {
            facility: f.id,
            title: f.title,
            personalDevices: f.personalDevices,
            acknowledgement: f.acknowledgement,
            policyVersion: version,
            acknowledgedAt: ack?.at ?? null,
          };
        }),
        attestations,
      };
    });
  }

  /**
   * Records the person's statement that a setting of a device they hold is as the protocol asks
   * (the microphone off, Lockdown Mode on). ATTESTATION_INVALID for a device they do not hold
   * or that is not an iPhone (Android's MDM reports both settings).
   */
  attest(
    self: Self,
    input: { deviceId: string; setting: SelfSetting; at?: string },
  ): Promise<SelfAttestation> {
    const now = this.clock.now();
    return this.transaction(async (tx) => {
      const device = await tx.devices.get(input.deviceId);
      if (device === null || device.holderId !== self.personId) {
        throw new VigilError('ATTESTATION_INVALID', `you hold no device with the id ${input.deviceId}`, [
          { path: 'deviceId', message: 'expected one of your own devices (GET /api/v1/me/page lists them)' },
        ]);
      }
      if (device.platform !== 'ios') {
        throw new VigilError(
          'ATTESTATION_INVALID',
          `device ${input.deviceId} is an Android phone: its MDM reports this setting`,
          [{ path: 'deviceId', message: 'expected an iPhone' }],
        );
      }
      const occurredAt = effectiveInstant(instantOr(input.at, now), now);
      const attestation: SelfAttestation = {
        id: this.ids.next('sat'),
        personId: self.personId,
        deviceId: device.id,
        setting: input.setting,
        state: SELF_STATES[input.setting],
        occurredAt,
        recordedAt: now,
      };
      await tx.selfAttestations.insert(attestation, self.actor);
      await tx.audit.append({
        type: 'self-attestation.recorded',
        at: now,
        actor: self.actor,
        subject: `device:${device.id}`,
        payload: {
          attestationId: attestation.id,
          personId: self.personId,
          deviceId: device.id,
          setting: attestation.setting,
          state: attestation.state,
          at: toIso(occurredAt),
          recordedAt: toIso(now),
        },
      });
      return attestation;
    });
  }

  /**
   * The holder confirms they collected the replacement staged for them: the swap's handover,
   * recorded as them (the old phone is then retired, awaiting its return).
   */
  confirmSwap(self: Self, swapId: string): Promise<Swap> {
    const now = this.clock.now();
    const ctx = { actor: self.actor, now };
    return this.transaction(async (tx) => {
      const swap = await tx.swaps.get(swapId, true);
      // Another person's swap is not theirs to see: the same answer as an unknown id.
      if (swap === null || swap.personId !== self.personId) {
        throw new VigilError('SWAP_NOT_FOUND', `you have no swap with the id ${swapId}`);
      }
      const statuses = await statusesOf(tx, swap);
      const step = unwrap(
        applySwap(
          swap,
          { type: 'handover', actor: self.actor, statuses, rotationId: this.ids.next('rot') },
          now,
        ),
      );
      return storeSwapStepInTx(tx, step, ctx);
    });
  }
}

async function statusesOf(tx: Tx<'devices'>, swap: Swap): Promise<Record<string, DeviceView['status']>> {
  const out: Record<string, DeviceView['status']> = {};
  for (const id of [swap.oldDeviceId, swap.newDeviceId]) {
    if (id !== null) out[id] = (await tx.devices.get(id))?.status ?? null;
  }
  return out;
}

export type SelfPage = Awaited<ReturnType<SelfService['page']>>;
