/** Compliance: findings and a summary, now or as of any past instant. */
import { z } from 'zod';
import type { DeviceVerdict, EvaluationResult } from '../../../core/compliance/types.ts';
import { type PersonRef, SummaryText, summaryOf } from '../../../core/dashboard/summary.ts';
import { retally, type Tally, tally } from '../../../core/dashboard/tally.ts';
import { DEVICE_ROLES, SEVERITIES, type Severity } from '../../../core/model.ts';
import { toIso } from '../../../core/time.ts';
import {
  deviceSummarySchema,
  evaluationQuerySchema,
  evaluationSchema,
  findingSchema,
} from '../../../services/compliance/schemas.ts';
import { findingView } from '../../../services/compliance/views.ts';
import { errorResponses, ok } from '../openapi.ts';
import { R_ALL_READ } from '../plugins/auth.ts';
import { compact, type Routes } from './types.ts';

const VERDICTS = deviceSummarySchema.shape.verdict.options;

const verdictCounts = z.object(
  Object.fromEntries(VERDICTS.map((v) => [v, z.number().int()])) as Record<DeviceVerdict, z.ZodNumber>,
);
const severityCounts = z.object(
  Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int()])) as Record<Severity, z.ZodNumber>,
);

export const summarySchema = z.object({
  asOf: z.string(),
  knownAt: evaluationSchema.shape.knownAt,
  devices: z.object({ total: z.number().int(), byVerdict: verdictCounts }),
  findings: z.object({
    open: z.number().int(),
    waived: z.number().int(),
    resolved: z.number().int(),
    bySeverity: severityCounts.meta({ description: 'Open findings by severity.' }),
    byRule: z.record(z.string(), z.number().int()).meta({ description: 'Open findings by rule id.' }),
  }),
  people: z
    .array(
      z.object({
        personId: z.string().nullable().meta({ description: 'null: devices held by nobody.' }),
        devices: z.number().int(),
        byVerdict: verdictCounts,
        openFindings: z
          .number()
          .int()
          .meta({ description: "Open findings naming the person: their devices' and their own." }),
      }),
    )
    .meta({ description: 'Per holder (and per person with an open finding), by person id.' }),
  principals: z
    .array(
      z.object({
        personId: z.string(),
        staff: z.array(z.string()).meta({ description: 'Their staff counted here, by id.' }),
        devices: z.number().int(),
        byVerdict: verdictCounts,
        openFindings: z.number().int(),
      }),
    )
    .meta({
      description:
        "Per principal with devices or findings, their staff's devices and findings included, by person id.",
    }),
  roles: z
    .array(
      z.object({
        role: z.string(),
        devices: z.number().int(),
        byVerdict: verdictCounts,
        openFindings: z.number().int(),
      }),
    )
    .meta({ description: 'Per device role (the roles the fleet has), by role.' }),
  tiles: z
    .array(
      z.object({
        id: z.enum([...VERDICTS, 'open-findings']),
        count: z.number().int(),
        parts: z.array(z.object({ label: z.string(), count: z.number().int() })),
        text: z
          .string()
          .meta({ description: 'The parts in plain words (not evaluated: "3 personal phones, 2 wiped.").' }),
      }),
    )
    .meta({
      description:
        "The overview's tiles: devices per verdict, then open findings, each with what it is made of (why devices were " +
        'not evaluated, which rules the failing devices break, open findings by severity).',
    }),
});

type Summary = z.infer<typeof summarySchema>;
/**
 * Each evaluation's summary as the JSON sent, made once: the response schema's encoding (a Zod
 * pass over every person and principal, then a copy) cost more than the counting after a write,
 * and each read of an unchanged evaluation paid it again. `SummaryText` and `summaryOf`
 * (core/dashboard/summary.ts) build exactly the schema's shape (compliance.routes.test.ts holds
 * the text equal to the schema's encoding).
 */
const summaries = new WeakMap<EvaluationResult, string>();

// -- dashboard api: paging of /compliance/findings (a 100,000-device fleet has tens of thousands).
const findingsQuerySchema = evaluationQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(10_000).optional().meta({
    description:
      'At most this many findings and this many devices (each list paged on its own; default: all).',
  }),
  offset: z.coerce.number().int().min(0).max(10_000_000).optional().meta({
    description: 'Skip this many of each list first (with `limit`).',
  }),
  role: z.enum(DEVICE_ROLES).optional().meta({
    description:
      'Only devices of this role and the findings about them (findings about a person or an unknown device are left out).',
  }),
  status: findingSchema.shape.status.optional().meta({ description: 'Only findings with this status.' }),
});
const pagedEvaluationSchema = evaluationSchema.extend({
  total: z
    .object({ findings: z.number().int(), devices: z.number().int() })
    .meta({ description: 'Sizes of the whole lists, before `limit`/`offset`.' }),
});

/** Whether everyone the counts name (as a holder or in an open finding) is among `ids`. */
function knows(ids: ReadonlySet<string>, t: Tally): boolean {
  for (const [id, g] of t.people)
    if (id !== null && !ids.has(id) && (g.devices > 0 || g.openFindings > 0)) return false;
  return true;
}

/** Counts of the fleet now kept at once, one per protocol override. */
const MAX_TALLIES = 8;

export const complianceRoutes: Routes = (app, { services }) => {
  // Per protocol override: the counts of the fleet now and their JSON, carried to the next result.
  const latest = new Map<string, { tally: Tally; text: SummaryText }>();
  // People are read again only when the counts name someone not read yet: a person's kind and
  // principal never change once recorded (only their protocol, which the summary does not show).
  let people: { list: readonly PersonRef[]; ids: ReadonlySet<string> } = { list: [], ids: new Set() };
  app.get(
    '/compliance/findings',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['compliance'],
        summary: 'Evaluate the fleet: findings and a verdict per device',
        description:
          'As of now, or as of `asOf` (only facts in effect at or before it count: "as true then"); with ' +
          '`knownAt`, only facts Vigil had recorded by then count ("as known then"; it may precede `asOf`). ' +
          '`protocol` evaluates as if that protocol were assigned to everyone present at that instant ' +
          '(what-if; it must have a version in force then). The other parameters filter: ' +
          '`role` keeps the devices of that role and the findings about them (not those about a person or an ' +
          'unknown device), `status` the findings with that status; `limit` and `offset` page each list, and ' +
          '`total` gives the sizes of the filtered lists.',
        querystring: findingsQuerySchema,
        response: {
          200: ok(pagedEvaluationSchema, 'Findings (worst first) and device verdicts.'),
          ...errorResponses({ input: true, extra: [404] }),
        },
      },
    },
    async (request) => {
      const { limit, offset = 0, ...query } = request.query;
      const result = await services.compliance.evaluate(compact(query));
      // -- dashboard api: a page of each list (the overview shows the worst findings only).
      const page = <T>(xs: readonly T[]) =>
        limit === undefined ? [...xs] : xs.slice(offset, offset + limit);
      return {
        asOf: toIso(result.at),
        knownAt: result.knownAt === undefined ? null : toIso(result.knownAt),
        findings: page(result.findings).map(findingView),
        devices: page(result.devices),
        total: { findings: result.findings.length, devices: result.devices.length },
      };
    },
  );

  app.get(
    '/compliance/summary',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['compliance'],
        summary: 'Counts of the evaluation by verdict, severity, rule, person and device role',
        description:
          'Devices by verdict in all, per holder (`people`), per principal with their staff (`principals`) and per device role (`roles`, the roles the fleet ' +
          'has); findings by status, and open findings by severity and rule.',
        querystring: evaluationQuerySchema.pick({ asOf: true, knownAt: true, protocol: true }),
        response: {
          200: ok(summarySchema, 'The counts.'),
          ...errorResponses({ input: true, extra: [404] }),
        },
      },
    },
    async (request, reply) => {
      // -- dashboard api: a cached evaluation is the same object, so its counts are computed once;
      // the fleet now (per protocol override) changes a few devices at a time, so its counts are
      // carried from the previous evaluation and corrected by what changed.
      const query = compact(request.query);
      const result = await services.compliance.evaluate(query);
      // A string with a JSON content type is sent as it is (no schema serialization).
      const send = (text: string) =>
        reply.type('application/json; charset=utf-8').send(text as unknown as Summary);
      const cached = summaries.get(result);
      if (cached !== undefined) return send(cached);
      const now = query.asOf === undefined && query.knownAt === undefined;
      const key = query.protocol ?? '';
      const previous = now ? latest.get(key) : undefined;
      let t = previous === undefined ? tally(result) : retally(previous.tally, result);
      const writer = previous?.text ?? new SummaryText();
      if (now) {
        latest.delete(key);
        latest.set(key, { tally: t, text: writer });
        // Per protocol override, as the evaluation cache keeps them; the least recent goes.
        for (const k of latest.keys()) if (latest.size > MAX_TALLIES) latest.delete(k);
      }
      let everyone = people.list;
      if (!knows(people.ids, t)) {
        everyone = await services.inventory.listPeople();
        people = { list: everyone, ids: new Set(everyone.map((p) => p.id)) };
        const done = summaries.get(result);
        if (done !== undefined) return send(done);
        // Another request may have carried these counts on to a later evaluation meanwhile.
        if (now && latest.get(key)?.tally !== t) t = tally(result);
      }
      // The fleet now: written from the previous text where the counts were carried; else anew.
      const text = now ? writer.text(t, everyone) : JSON.stringify(summaryOf(t, everyone));
      summaries.set(result, text);
      return send(text);
    },
  );
};
