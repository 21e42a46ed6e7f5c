/**
 * Workflows: swaps step by step, refusals, waivers and the schedule. Technicians run swaps;
 * officers (and whoever the protocol names) decide waivers; everyone who reads the office reads
 * these. A decline is recorded by staff of the office on the holder's behalf (technician,
 * officer or admin), naming who declined.
 */
import { z } from 'zod';
import type { Swap } from '../../../core/lifecycle/swap.ts';
import { toIso } from '../../../core/time.ts';
import { instantOr } from '../../../services/kernel/instant.ts';
import { atInputSchema, idSchema, reasonInputSchema } from '../../../services/kernel/schemas.ts';
import { transitionView } from '../../../services/kernel/views.ts';
import {
  refusalInputSchema,
  refusalListQuerySchema,
  refusalSchema,
} from '../../../services/refusals/schemas.ts';
import { refusalView } from '../../../services/refusals/views.ts';
import { scheduleQuerySchema, scheduleSchema } from '../../../services/schedule/schemas.ts';
import { scheduleItemView } from '../../../services/schedule/views.ts';
import {
  custodyStepInputSchema,
  swapDeclineInputSchema,
  swapDetailSchema,
  swapExamineInputSchema,
  swapListQuerySchema,
  swapPlanInputSchema,
  swapSchema,
  swapStageInputSchema,
} from '../../../services/swaps/schemas.ts';
import { swapView } from '../../../services/swaps/views.ts';
import {
  waiverDetailSchema,
  waiverListQuerySchema,
  waiverRequestInputSchema,
  waiverSchema,
} from '../../../services/waivers/schemas.ts';
import { waiverView } from '../../../services/waivers/views.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import { compact, type Routes } from './types.ts';

const params = z.strictObject({ id: idSchema });
const SWAP_ROLES = ['admin', 'technician'] as const;
const DECLINE_ROLES = ['admin', 'officer', 'technician'] as const;
const WAIVER_DECIDERS = ['admin', 'officer'] as const;
/** An admin administers users and tokens; approving (a two-person action) is an officer's alone. */
const WAIVER_APPROVERS = ['officer'] as const;
const tags = ['workflows'];

export const workflowsRoutes: Routes = (app, { services }) => {
  // ------------------------------------------------------------------ swaps
  app.get(
    '/swaps',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags,
        summary: 'List swaps (by state, by device, or only those in progress)',
        querystring: swapListQuerySchema,
        response: {
          200: ok(z.array(swapSchema), 'Swaps, oldest planned first.'),
          ...errorResponses({ input: true }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const swaps = await services.swaps.listSwaps(
        compact({
          state: q.state,
          deviceId: q.deviceId,
          open: q.open === undefined ? undefined : q.open === 'true',
        }),
      );
      return swaps.map(swapView);
    },
  );

  app.get(
    '/swaps/:id',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags,
        summary: 'A swap with every transition it went through',
        params,
        response: {
          200: ok(swapDetailSchema, 'The swap.'),
          ...errorResponses({ input: true, extra: [404] }),
        },
      },
    },
    async (request) => {
      const { swap, transitions } = await services.swaps.getSwap(request.params.id);
      return { ...swapView(swap), transitions: transitions.map(transitionView) };
    },
  );

  app.post(
    '/swaps',
    {
      config: { roles: SWAP_ROLES },
      schema: {
        tags,
        summary: "Plan a swap of an issued device (due dates default to its protocol's schedule)",
        body: swapPlanInputSchema,
        response: {
          201: ok(swapSchema, 'The planned swap.'),
          ...errorResponses({ body: true, extra: [404, 409, 422] }),
        },
      },
    },
    async (request, reply) => {
      const swap = await services.swaps.planSwap(request.body, callerOf(request).actor);
      return reply.code(201).send(swapView(swap));
    },
  );

  const step = <B extends z.ZodType | undefined>(
    path: string,
    summary: string,
    body: B,
    roles: readonly ('admin' | 'officer' | 'technician')[],
    run: (id: string, body: B extends z.ZodType ? z.infer<B> : undefined, actor: string) => Promise<Swap>,
  ) =>
    app.post(
      `/swaps/:id/${path}`,
      {
        config: { roles },
        schema: {
          tags,
          summary,
          params,
          ...(body === undefined ? {} : { body }),
          response: {
            200: ok(swapSchema, 'The swap after the step.'),
            ...errorResponses({ body: body !== undefined, input: true, extra: [404, 409, 422] }),
          },
        },
      },
      async (request) => {
        const swap = await run(
          request.params.id,
          request.body as B extends z.ZodType ? z.infer<B> : undefined,
          callerOf(request).actor,
        );
        return swapView(swap);
      },
    );

  step(
    'stage',
    'Stage the replacement: a staged issued device, and who holds it or where it waits',
    swapStageInputSchema,
    SWAP_ROLES,
    (id, b, a) => services.swaps.stageSwap(id, b, a),
  );
  step(
    'handover',
    'Hand the replacement to the holder (records the rotation and custody)',
    atInputSchema.nullish(),
    SWAP_ROLES,
    (id, b, a) => services.swaps.handOver(id, a, b ?? {}),
  );
  step(
    'collect',
    'Take the old device back: to a holder (technician) or a location',
    custodyStepInputSchema,
    SWAP_ROLES,
    (id, b, a) => services.swaps.collect(id, b, a),
  );
  step(
    'examine',
    'Record the examination of the old device (a security check, with evidence)',
    swapExamineInputSchema,
    SWAP_ROLES,
    (id, b, a) => services.swaps.examine(id, b, a),
  );
  step(
    'wipe',
    'The old device was wiped: the swap is complete',
    atInputSchema.nullish(),
    SWAP_ROLES,
    (id, b, a) => services.swaps.wipe(id, a, b ?? {}),
  );
  step(
    'retain',
    'Keep the old device as evidence, where it was collected to',
    atInputSchema.nullish(),
    SWAP_ROLES,
    (id, b, a) => services.swaps.retain(id, a, b ?? {}),
  );
  step(
    'decline',
    'The holder declined the swap: records a refusal; the device stays out of protocol',
    swapDeclineInputSchema,
    DECLINE_ROLES,
    (id, b, a) => services.swaps.decline(id, b, a),
  );
  step('cancel', 'Cancel a swap that has not been handed over', reasonInputSchema, SWAP_ROLES, (id, b, a) =>
    services.swaps.cancel(id, b, a),
  );

  // ------------------------------------------------------------------ schedule
  app.get(
    '/schedule',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags,
        summary: 'Swaps and checks due, with stage-by dates, now or as of an instant',
        querystring: scheduleQuerySchema,
        response: {
          200: ok(scheduleSchema, 'Items sorted by due date.'),
          ...errorResponses({ input: true }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const r = await services.schedule.schedule(q.asOf === undefined ? undefined : instantOr(q.asOf, 0));
      return { asOf: toIso(r.at), items: r.items.map(scheduleItemView) };
    },
  );

  // ------------------------------------------------------------------ refusals
  app.post(
    '/refusals',
    {
      config: { roles: DECLINE_ROLES },
      schema: {
        tags,
        summary: 'Record a refusal: who declined which action, when and why',
        body: refusalInputSchema,
        response: { 201: ok(refusalSchema, 'The refusal.'), ...errorResponses({ body: true, extra: [422] }) },
      },
    },
    async (request, reply) => {
      const refusal = await services.refusals.recordRefusal(request.body, callerOf(request).actor);
      return reply.code(201).send(refusalView(refusal));
    },
  );

  app.get(
    '/refusals',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags,
        summary: 'List refusals, newest first',
        querystring: refusalListQuerySchema,
        response: { 200: ok(z.array(refusalSchema), 'Refusals.'), ...errorResponses({ input: true }) },
      },
    },
    async (request) => (await services.refusals.listRefusals(compact(request.query))).map(refusalView),
  );

  // ------------------------------------------------------------------ waivers
  app.post(
    '/waivers',
    {
      config: { roles: ['admin', 'officer', 'technician'] },
      schema: {
        tags,
        summary: 'Request a waiver for one rule, on a device or all of a person’s devices',
        body: waiverRequestInputSchema,
        response: {
          201: ok(waiverSchema, 'The requested waiver (it covers nothing until approved).'),
          ...errorResponses({ body: true, extra: [422] }),
        },
      },
    },
    async (request, reply) => {
      const waiver = await services.waivers.requestWaiver(request.body, callerOf(request).actor);
      return reply.code(201).send(waiverView(waiver));
    },
  );

  app.get(
    '/waivers',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags,
        summary: 'List waivers',
        querystring: waiverListQuerySchema,
        response: {
          200: ok(z.array(waiverSchema), 'Waivers, oldest request first.'),
          ...errorResponses({ input: true }),
        },
      },
    },
    async (request) => (await services.waivers.listWaivers(compact(request.query))).map(waiverView),
  );

  app.get(
    '/waivers/:id',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags,
        summary: 'A waiver with its transitions',
        params,
        response: {
          200: ok(waiverDetailSchema, 'The waiver.'),
          ...errorResponses({ input: true, extra: [404] }),
        },
      },
    },
    async (request) => {
      const { waiver, transitions } = await services.waivers.getWaiver(request.params.id);
      return { ...waiverView(waiver), transitions: transitions.map(transitionView) };
    },
  );

  app.post(
    '/waivers/:id/approve',
    {
      config: { roles: WAIVER_APPROVERS },
      schema: {
        tags,
        summary: 'Approve a waiver (not its requester; the role the protocol names in waivers.approverRole)',
        description:
          'A two-person action between people: the approver’s credential must belong to a person (else 403 PERSON_REQUIRED), and not the person who requested the waiver, whichever token or user they use (403 WAIVER_SELF_APPROVAL).',
        params,
        body: atInputSchema.nullish(),
        response: {
          200: ok(waiverSchema, 'The approved waiver.'),
          ...errorResponses({ body: true, extra: [404, 409, 422] }),
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return waiverView(
        await services.waivers.approveWaiver(
          request.params.id,
          { actor: caller.actor, role: caller.role, personId: caller.personId },
          request.body ?? {},
        ),
      );
    },
  );

  for (const [path, summary] of [
    ['reject', 'Reject a requested waiver'],
    ['revoke', 'Revoke an approved waiver: it covers nothing from now on'],
  ] as const) {
    app.post(
      `/waivers/:id/${path}`,
      {
        config: { roles: WAIVER_DECIDERS },
        schema: {
          tags,
          summary,
          params,
          body: reasonInputSchema,
          response: {
            200: ok(waiverSchema, 'The waiver.'),
            ...errorResponses({ body: true, extra: [404, 409, 422] }),
          },
        },
      },
      async (request) => {
        const actor = callerOf(request).actor;
        const w =
          path === 'reject'
            ? await services.waivers.rejectWaiver(request.params.id, request.body, actor)
            : await services.waivers.revokeWaiver(request.params.id, request.body, actor);
        return waiverView(w);
      },
    );
  }
};
