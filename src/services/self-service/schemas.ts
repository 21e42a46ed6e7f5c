/** The self-service context's input and output shapes (HTTP and the dashboard's /me page). */
import { z } from 'zod';
import { SELF_SETTINGS } from '../../core/lifecycle/self-service.ts';
import { WAIVER_STATES } from '../../core/lifecycle/waiver.ts';
import { atField, idSchema } from '../kernel/schemas.ts';

/** No person id: a person acknowledges only for themself (the caller's person). */
export const selfAcknowledgementInputSchema = z.strictObject({
  facility: z.string().min(1).max(64),
  /** The version accepted; must be the one in force (default: it). */
  policyVersion: z.string().min(1).max(200).optional(),
});

export const selfAttestationInputSchema = z.strictObject({
  /** One of the caller's own iPhones. */
  deviceId: idSchema,
  /** `microphone`: it is off for every app; `lockdown-mode`: Lockdown Mode is on. */
  setting: z.enum(SELF_SETTINGS),
  /** When they checked the setting (default now). */
  at: atField,
});

export const selfAttestationSchema = z.object({
  id: z.string(),
  personId: z.string(),
  deviceId: z.string(),
  setting: z.enum(SELF_SETTINGS),
  state: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
});

const taskSchema = z.object({
  id: z.string().meta({ description: 'Anchor of the task on the /me page (notices link to /me#id).' }),
  kind: z.enum(['acknowledge', 'attest', 'confirm-swap', 'return-old', 'swap', 'check']),
  text: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  deviceId: z.string().nullable(),
  facility: z.string().nullable(),
  policyVersion: z.string().nullable(),
  swapId: z.string().nullable(),
  setting: z.enum(SELF_SETTINGS).nullable(),
  location: z.string().nullable(),
});

export const selfPageSchema = z
  .object({
    at: z.string(),
    person: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
    protocol: z.object({ name: z.string(), title: z.string() }).nullable(),
    devices: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        kind: z.string(),
        ownership: z.string(),
        verdict: z.enum(['compliant', 'non-compliant', 'waived', 'not-evaluated']),
        words: z.string(),
        problems: z.array(z.object({ rule: z.string(), message: z.string(), remedy: z.string() })),
      }),
    ),
    tasks: z.array(taskSchema),
    waivers: z.array(
      z.object({
        id: z.string(),
        rule: z.string(),
        state: z.enum(WAIVER_STATES),
        deviceId: z.string().nullable(),
        reason: z.string(),
        expiresAt: z.string(),
        expired: z.boolean(),
      }),
    ),
    rules: z.array(
      z.object({
        facility: z.string(),
        title: z.string(),
        personalDevices: z.string(),
        acknowledgement: z.string(),
        policyVersion: z.string(),
        acknowledgedAt: z.string().nullable(),
      }),
    ),
    attestations: z.array(selfAttestationSchema),
  })
  .meta({ description: "The signed-in person's own page: devices, what to do, waivers, facility rules." });
