/**
 * The dashboard's read API: compliance over time for the overview's chart, and a
 * principal's timeline for the "days since the last swap / check" charts. The same fleet scored
 * under another protocol is `GET /compliance/summary?protocol=NAME` (compliance.routes.ts).
 */
import { z } from 'zod';
import { HISTORY_BASES, VERDICTS } from '../../../core/dashboard/history.ts';
import type { DeviceTimeline } from '../../../core/dashboard/timeline.ts';
import { DEVICE_ROLES, OWNERSHIPS, PLATFORMS, SEVERITIES } from '../../../core/model.ts';
import { toIso } from '../../../core/time.ts';
import { MAX_WINDOW_DAYS } from '../../../services/dashboard/dashboard.service.ts';
import { personSchema } from '../../../services/inventory/schemas.ts';
import { personView } from '../../../services/inventory/views.ts';
import { idSchema, instantSchema } from '../../../services/kernel/schemas.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import { compact, type Routes } from './types.ts';

const windowQuery = z.strictObject({
  from: instantSchema.optional().meta({ description: 'Start of the window (default: see the route).' }),
  to: instantSchema.optional().meta({ description: 'End of the window (default and latest: now).' }),
});

const historyQuery = windowQuery.extend({
  known: z
    .enum(HISTORY_BASES)
    .optional()
    .meta({
      description:
        '`now` (default), "as true then": each day as of its end by everything known now (facts back-dated ' +
        'into it count). `then`, "as known then": each day as of its end by what had been recorded by then.',
    }),
});

const int = () => z.number().int();
const dayCountsSchema = z.object({
  devices: int(),
  byVerdict: z.object(
    Object.fromEntries(VERDICTS.map((v) => [v, int()])) as Record<(typeof VERDICTS)[number], z.ZodNumber>,
  ),
  findings: z.object({ open: int(), waived: int() }),
  bySeverity: z
    .object(
      Object.fromEntries(SEVERITIES.map((s) => [s, int()])) as Record<
        (typeof SEVERITIES)[number],
        z.ZodNumber
      >,
    )
    .meta({ description: 'Open findings by severity.' }),
});

const historySchema = z.object({
  from: z.string(),
  to: z.string(),
  known: z.enum(HISTORY_BASES).meta({ description: 'The basis the days were counted on.' }),
  days: z.array(
    z.object({
      date: z.string().meta({ description: 'UTC date, YYYY-MM-DD.' }),
      at: z.string().meta({ description: 'The instant the fleet was evaluated as of.' }),
      source: z.enum(['stored', 'live', 'pending']).meta({
        description:
          '`stored`: a past day (computed once); `live`: today, as of now; `pending`: not computed yet.',
      }),
      knownAt: z
        .string()
        .nullable()
        .meta({
          description:
            'Only facts recorded by this instant are counted: the end of the day (`known=then`), when the ' +
            'day was computed (`known=now`), now (today); null while pending.',
        }),
      counts: dayCountsSchema.nullable(),
    }),
  ),
  pending: int().meta({ description: 'Days still being computed: ask again shortly.' }),
});

const millisDays = (ms: number) => Math.round((ms / 86_400_000) * 100) / 100;
const iso = (t: number | null) => (t === null ? null : toIso(t));

const limitSchema = z.object({
  from: z.string(),
  protocol: z.string().nullable(),
  version: z.string().nullable(),
  rotation: z.object({ everyDays: z.number(), graceDays: z.number() }).nullable(),
  inspection: z
    .object({ everyDays: z.number(), graceDays: z.number(), methods: z.array(z.string()) })
    .nullable(),
});

const deviceTimelineSchema = z.object({
  deviceId: z.string(),
  role: z.enum(DEVICE_ROLES),
  platform: z.enum(PLATFORMS),
  model: z.string(),
  serial: z.string(),
  ownership: z.enum(OWNERSHIPS),
  servicePeriods: z.array(z.object({ from: z.string(), to: z.string().nullable() })),
  swaps: z.array(
    z.object({
      at: z.string(),
      direction: z.enum(['in', 'out']),
      otherDeviceId: z.string().nullable(),
      performedBy: z.string(),
    }),
  ),
  checks: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      method: z.string(),
      result: z.string(),
      performedBy: z.string(),
      qualifies: z.boolean().meta({ description: 'Whether the protocol then accepted the method.' }),
    }),
  ),
  refusals: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      action: z.string(),
      rule: z.string(),
      reason: z.string(),
      deviceId: z.string().nullable().meta({ description: 'null: the refusal concerns all their devices.' }),
    }),
  ),
  waivers: z.array(
    z.object({
      id: z.string(),
      rule: z.string(),
      state: z.string(),
      scope: z.enum(['device', 'person']),
      requestedAt: z.string(),
      approvedAt: z.string().nullable(),
      startsAt: z.string(),
      expiresAt: z.string(),
      endedAt: z.string().nullable(),
    }),
  ),
  limits: z
    .array(limitSchema)
    .meta({ description: 'In force from `from`; the first is the one at the window start.' }),
  series: z
    .array(
      z.object({
        date: z.string(),
        at: z.string(),
        daysSinceSwap: z.number().nullable(),
        daysSinceCheck: z.number().nullable(),
        swapLimitDays: z.number().nullable().meta({ description: 'Rotation period plus grace, in days.' }),
        checkLimitDays: z.number().nullable().meta({ description: 'Check period plus grace, in days.' }),
      }),
    )
    .meta({ description: 'One point per day the person held the device, as of the end of the day.' }),
  current: z
    .object({
      inServiceSince: z.string().nullable(),
      lastCheckAt: z.string().nullable(),
      daysSinceSwap: z.number().nullable(),
      daysSinceCheck: z.number().nullable(),
      rotationDueAt: z.string().nullable(),
      checkDueAt: z.string().nullable(),
      rotationOverdue: z.boolean(),
      checkOverdue: z.boolean(),
    })
    .nullable()
    .meta({ description: 'As of `to`, when the person still holds the device.' }),
});

const timelineSchema = z.object({
  person: personSchema,
  from: z.string(),
  to: z.string(),
  devices: z.array(deviceTimelineSchema),
});

function deviceTimelineView(d: DeviceTimeline): z.infer<typeof deviceTimelineSchema> {
  return {
    deviceId: d.deviceId,
    role: d.role,
    platform: d.platform,
    model: d.model,
    serial: d.serial,
    ownership: d.ownership,
    servicePeriods: d.servicePeriods.map((p) => ({ from: toIso(p.from), to: iso(p.to) })),
    swaps: d.swaps.map((s) => ({ ...s, at: toIso(s.at) })),
    checks: d.checks.map((c) => ({ ...c, at: toIso(c.at) })),
    refusals: d.refusals.map((r) => ({
      id: r.id,
      at: toIso(r.at),
      action: r.action,
      rule: r.rule,
      reason: r.reason,
      deviceId: r.deviceId,
    })),
    waivers: d.waivers.map((w) => ({
      id: w.id,
      rule: w.rule,
      state: w.state,
      scope: 'deviceId' in w.scope ? 'device' : 'person',
      requestedAt: toIso(w.requestedAt),
      approvedAt: iso(w.approvedAt),
      startsAt: toIso(w.startsAt),
      expiresAt: toIso(w.expiresAt),
      endedAt: iso(w.endedAt),
    })),
    limits: d.limits.map((l) => ({
      from: toIso(l.from),
      protocol: l.protocol,
      version: l.version,
      rotation:
        l.rotation === null
          ? null
          : { everyDays: millisDays(l.rotation.every), graceDays: millisDays(l.rotation.grace) },
      inspection:
        l.inspection === null
          ? null
          : {
              everyDays: millisDays(l.inspection.every),
              graceDays: millisDays(l.inspection.grace),
              methods: [...l.inspection.methods],
            },
    })),
    series: d.series.map((p) => ({ ...p, at: toIso(p.at) })),
    current:
      d.current === null
        ? null
        : {
            ...d.current,
            inServiceSince: iso(d.current.inServiceSince),
            lastCheckAt: iso(d.current.lastCheckAt),
            rotationDueAt: iso(d.current.rotationDueAt),
            checkDueAt: iso(d.current.checkDueAt),
          },
  };
}

const todaySchema = z.object({
  at: z.string().meta({ description: 'The instant the fleet was evaluated as of.' }),
  items: z
    .array(
      z.object({
        kind: z.enum(['incident', 'finding', 'deadline']),
        severity: z.enum(SEVERITIES),
        title: z.string().meta({ description: 'What to do, in a few words.' }),
        detail: z.string().meta({ description: 'Why, or the next step.' }),
        at: z.string().meta({ description: 'Since when (incident opened, finding began) or when due.' }),
        deviceId: z.string().nullable(),
        personId: z.string().nullable(),
        incidentId: z.string().nullable(),
        rule: z.string().nullable().meta({ description: "A finding's rule; null otherwise." }),
      }),
    )
    .meta({ description: 'Most urgent first.' }),
});

export const dashboardRoutes: Routes = (app, { services }) => {
  app.get(
    '/compliance/today',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['compliance'],
        summary: 'The three things most worth doing now',
        description:
          'Ranked from the incidents not closed, the open findings and the swaps and checks due by tomorrow: worst ' +
          'severity first, an incident before a finding before a deadline at equal severity, then the oldest; ' +
          "a device under an open incident is left to the incident's playbook, and each device, person or incident " +
          'appears once.',
        response: { 200: ok(todaySchema, 'At most three items, most urgent first.'), ...errorResponses({}) },
      },
    },
    async () => {
      const t = await services.dashboard.today();
      return { at: toIso(t.at), items: t.items.map((i) => ({ ...i, at: toIso(i.at) })) };
    },
  );

  app.get(
    '/compliance/history',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['compliance'],
        summary: 'Verdict counts per day: the fleet re-evaluated as of the end of each past day',
        description:
          `Default window: the last 30 days, today included (as of now); at most ${MAX_WINDOW_DAYS} days. ` +
          '`known=then` counts each day as known at its end, `known=now` (default) as true then. ' +
          'A past day is computed once and stored (as true then: again after a fact back-dated into it); days not computed yet come back as `pending` ' +
          '(with `counts: null`) while the server computes them: ask again.',
        querystring: historyQuery,
        response: {
          200: ok(historySchema, 'One entry per UTC day, oldest first.'),
          ...errorResponses({ input: true }),
        },
      },
    },
    async (request) => {
      const h = await services.dashboard.history(compact(request.query));
      return {
        from: toIso(h.from),
        to: toIso(h.to),
        known: h.known,
        days: h.days.map((d) => ({ ...d, at: toIso(d.at), knownAt: iso(d.knownAt) })),
        pending: h.pending,
      };
    },
  );

  app.get(
    '/people/:id/timeline',
    {
      config: { roles: [...R_ALL_READ, 'staff'] },
      schema: {
        tags: ['people'],
        summary:
          "A person's devices over time: swaps, checks, refusals, waivers against the protocol's limits",
        description:
          `Default window: the last 180 days; at most ${MAX_WINDOW_DAYS} days. Every device the person held ` +
          'during the window (past ones included). A staff token sees only its own person (anyone else: 404).',
        params: z.strictObject({ id: idSchema }),
        querystring: windowQuery,
        response: {
          200: ok(timelineSchema, 'The person and their devices, by id.'),
          ...errorResponses({ input: true, extra: [404] }),
        },
      },
    },
    async (request) => {
      const t = await services.dashboard.timeline(
        request.params.id,
        compact(request.query),
        callerOf(request),
      );
      return {
        person: personView(t.person),
        from: toIso(t.from),
        to: toIso(t.to),
        devices: t.devices.map(deviceTimelineView),
      };
    },
  );
};
