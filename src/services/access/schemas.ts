/** The access context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import { ROLES } from '../kernel/ports.ts';
import { idSchema, text } from '../kernel/schemas.ts';
import { type PasskeyRecord, PENDING_FACTORS, USER_ROLES, type UserRecord } from './ports.ts';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME } from './user.service.ts';

export const tokenInputSchema = z.strictObject({
  name: text(100),
  role: z
    .enum(ROLES)
    .optional()
    .meta({ description: 'Omitted: the user’s own role. `ingest` (admin only) mints a machine’s token.' }),
  userId: idSchema
    .nullable()
    .optional()
    .meta({ description: 'The user the token is for: over the API, only yourself.' }),
});

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  personId: z.string().nullable(),
  userId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
});

const password = z
  .string()
  .min(PASSWORD_MIN)
  .max(PASSWORD_MAX)
  .meta({
    description: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters, hard to guess (zxcvbn score 3 of 4, else 422 PASSWORD_WEAK); never logged nor stored (argon2id hash).`,
  });

export const signInSchema = z.strictObject({
  // Loose bounds on purpose: any wrong name or password gets the one 401 answer.
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(PASSWORD_MAX),
});

export const userInputSchema = z.strictObject({
  username: z.string().regex(USERNAME, 'lower-case letters, digits, ".", "_" or "-", at most 64'),
  name: z.string().min(1).max(200),
  role: z.enum(USER_ROLES),
  personId: idSchema.meta({
    description: 'The person the user is (kind operator for the security office): required.',
  }),
  password: password
    .optional()
    .meta({ description: 'Omitted: a random one is generated and returned once.' }),
});

export const linkPersonInputSchema = z.strictObject({ personId: idSchema });

/** Over HTTP the admin chooses the new password (`vigil user password` can generate one). */
export const passwordInputSchema = z.strictObject({ password });

/** A user as the API shows it (never the hash). */
export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    role: z.enum(USER_ROLES),
    personId: z.string().nullable(),
    disabled: z.boolean(),
    createdAt: z.string(),
    passwordChangedAt: z.string(),
  })
  .meta({ description: 'A dashboard user.' });

/** The signed-in user, as the dashboard needs it. */
export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  personId: z.string().nullable(),
});

export const sessionSchema = z.object({
  user: sessionUserSchema,
  csrfToken: z
    .string()
    .meta({ description: 'Send it as X-CSRF-Token with every POST, PUT, PATCH and DELETE.' }),
  pendingFactor: z.enum(PENDING_FACTORS).nullable().meta({
    description:
      'What the session still owes before any other route answers: `passkey` (prove one), `passkey-registration` (register one); null when complete.',
  }),
});

/** What the browser sends back from navigator.credentials (as @simplewebauthn/browser shapes it). */
export const passkeyAnswerSchema = z.strictObject({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key'),
  // Its members differ between registration and sign-in and grow with WebAuthn levels; the
  // verifier checks every one it uses.
  response: z.looseObject({ clientDataJSON: z.string().max(65_536) }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  // Extension outputs are an open map by the WebAuthn specification (browsers add their own).
  clientExtensionResults: z.looseObject({}).default({}),
});

export const passkeySchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    transports: z.array(z.string()),
  })
  .meta({ description: 'A registered passkey (its public key is not shown).' });

export function passkeyView(p: PasskeyRecord): z.infer<typeof passkeySchema> {
  return {
    id: p.id,
    createdAt: new Date(p.createdAt).toISOString(),
    lastUsedAt: p.lastUsedAt === null ? null : new Date(p.lastUsedAt).toISOString(),
    transports: [...p.transports],
  };
}

export function userView(u: UserRecord): z.infer<typeof userSchema> {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    role: u.role,
    personId: u.personId,
    disabled: u.disabledAt !== null,
    createdAt: new Date(u.createdAt).toISOString(),
    passwordChangedAt: new Date(u.passwordChangedAt).toISOString(),
  };
}

export function sessionUserView(u: UserRecord): z.infer<typeof sessionUserSchema> {
  return { id: u.id, username: u.username, name: u.name, role: u.role, personId: u.personId };
}
