/** Zod shapes of notices and role recipients, shared by the HTTP routes (OpenAPI) and the CLI; and their views. */
import { z } from 'zod';
import { toIso } from '../../core/time.ts';
import { ROLES } from '../kernel/ports.ts';
import { NOTICE_STATES, type NoticeRecord, type RoleRecipient } from './ports.ts';

export const noticeQuerySchema = z.strictObject({
  state: z.enum(NOTICE_STATES).optional(),
  kind: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const noticeIdSchema = z.strictObject({
  id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const noticeSchema = z
  .object({
    id: z.number(),
    key: z
      .string()
      .meta({ description: 'One logical notice per key; also the `webhook-id` receivers deduplicate on.' }),
    kind: z.string(),
    audience: z.union([z.object({ role: z.enum(ROLES) }), z.object({ personId: z.string() })]),
    subject: z.string(),
    text: z.string(),
    data: z.record(z.string(), z.unknown()),
    state: z.enum(NOTICE_STATES),
    attempts: z.number(),
    notBefore: z.string(),
    nextAttemptAt: z.string(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    lastError: z.string().nullable(),
    outcome: z.record(z.string(), z.string()).meta({ description: 'Per channel, what happened last.' }),
  })
  .meta({ id: 'Notice' });

export const recipientInputSchema = z.strictObject({
  role: z.enum(ROLES),
  email: z.email().max(254),
});

export const recipientSchema = z
  .object({ role: z.enum(ROLES), email: z.string(), createdAt: z.string(), createdBy: z.string() })
  .meta({ id: 'RoleRecipient' });

export const noticeView = (n: NoticeRecord): z.infer<typeof noticeSchema> => ({
  id: n.id,
  key: n.key,
  kind: n.kind,
  audience: n.audience,
  subject: n.subject,
  text: n.text,
  data: { ...n.data },
  state: n.state,
  attempts: n.attempts,
  notBefore: toIso(n.notBefore),
  nextAttemptAt: toIso(n.nextAttemptAt),
  createdAt: toIso(n.createdAt),
  sentAt: n.sentAt === null ? null : toIso(n.sentAt),
  lastError: n.lastError,
  outcome: { ...n.outcome },
});

export const recipientView = (r: RoleRecipient) => ({ ...r, createdAt: toIso(r.createdAt) });
