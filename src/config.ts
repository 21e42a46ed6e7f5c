/**
 * Configuration from the environment, checked once at start-up with a clear message.
 * DATABASE_URL set = PostgreSQL; absent = embedded PGlite in VIGIL_DATA_DIR (default ./.vigil).
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { VigilError } from './core/errors.ts';
import { parseDuration } from './core/time.ts';

/** An ISO 8601 duration (days, hours, minutes, seconds), in milliseconds. */
function duration(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === null || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 duration such as PT30S or P7D' });
        return z.NEVER;
      }
      return ms;
    });
}

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional(),
  /** PostgreSQL schema to use (created if missing); lets several Vigils or test runs share one database. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case SQL identifier')
    .optional(),
  VIGIL_DATA_DIR: z.string().min(1).default('.vigil'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // -- audit log
  /** The log's Ed25519 signing key (created at first start, mode 0600); default <VIGIL_DATA_DIR>/log-signing.key. */
  VIGIL_LOG_KEY_FILE: z.string().min(1).optional(),
  /** Checkpoint origin and key name: a schema-less URL, no spaces or '+'. */
  VIGIL_LOG_ORIGIN: z
    .string()
    .regex(
      /^[^\s+]{1,200}$/,
      'expected a schema-less URL without spaces or "+", e.g. vigil.example.org/audit-log',
    )
    .default('vigil.local/audit-log'),
  /** Seconds between checkpoints while the log grows. */
  VIGIL_CHECKPOINT_INTERVAL: z.coerce.number().min(0.1).max(86_400).default(10),
  /** Cosigning witnesses, comma-separated `url=vkey` pairs. */
  VIGIL_WITNESSES: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((w) => w.trim())
        .filter((w) => w !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^https?:\/\/[^=\s]+=[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/, 'expected url=vkey')
          .transform((w) => ({ url: w.slice(0, w.indexOf('=')), vkey: w.slice(w.indexOf('=') + 1) })),
      ),
    )
    .optional(),
  // -- notices
  VIGIL_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected an smtp:// or smtps:// URL')
    .optional(),
  VIGIL_MAIL_FROM: z.string().min(3).default('Vigil <vigil@localhost>'),
  /** One or several (comma-separated) receivers of signed webhooks. */
  VIGIL_WEBHOOK_URL: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== ''),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ })))
    .optional(),
  VIGIL_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'expected a Standard Webhooks secret, whsec_<base64>')
    .optional(),
  VIGIL_NOTIFY_INTERVAL: duration('PT30S'),
  VIGIL_NOTIFY_LEASE: duration('PT2M'),
  VIGIL_NOTIFY_TIMEOUT: duration('PT15S'),
  VIGIL_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  VIGIL_NOTIFY_BACKOFF: duration('PT30S'),
  VIGIL_PLAN_INTERVAL: duration('PT5M'),
  VIGIL_REMIND_BEFORE: duration('P7D'),
  VIGIL_ESCALATE_AFTER: duration('P2D'),
  /** `off` keeps the serving process from delivering and planning (another process does). */
  VIGIL_NOTIFY_WORKER: z.enum(['on', 'off']).default('on'),
  // -- integrations
  /** Patch-currency feeds fetched by `vigil intel update` and, every VIGIL_INTEL_INTERVAL, by the server. */
  VIGIL_SOFA_URL: z.url({ protocol: /^https?$/ }).optional(),
  VIGIL_KEV_URL: z.url({ protocol: /^https?$/ }).optional(),
  VIGIL_ANDROID_PATCH_URL: z.url({ protocol: /^https?$/ }).optional(),
  VIGIL_INTEL_INTERVAL: duration('P1D'),
  /** MDM endpoints pulled by `vigil mdm pull` and, every VIGIL_PULL_INTERVAL, by the server. */
  VIGIL_INTUNE_URL: z.url({ protocol: /^https?$/ }).optional(),
  VIGIL_INTUNE_TOKEN: z.string().min(1).optional(),
  VIGIL_JAMF_URL: z.url({ protocol: /^https?$/ }).optional(),
  VIGIL_JAMF_TOKEN: z.string().min(1).optional(),
  VIGIL_PULL_INTERVAL: duration('PT1H'),
});

export interface Config {
  readonly databaseUrl: string | null;
  readonly databaseSchema: string | null;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  readonly auditLog: AuditLogConfig;
  readonly notify: NotifyConfig;
  readonly integrations: IntegrationsConfig;
}

/** Patch-currency feeds and MDM pulls (issue 7; see src/adapters/mdm/README.md). Durations in ms. */
export interface IntegrationsConfig {
  readonly feeds: {
    readonly sofa: string | null;
    readonly kev: string | null;
    readonly android: string | null;
  };
  readonly intelIntervalMs: number;
  readonly pulls: {
    readonly intune: { readonly url: string; readonly token: string | null } | null;
    readonly jamf: { readonly url: string; readonly token: string | null } | null;
  };
  readonly pullIntervalMs: number;
}

/** Notice delivery and planning (see src/adapters/notify/README.md). Durations in ms. */
export interface NotifyConfig {
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly webhookUrls: readonly string[];
  readonly webhookSecret: string | null;
  readonly intervalMs: number;
  readonly leaseMs: number;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly planIntervalMs: number;
  readonly remindBeforeMs: number;
  readonly escalateAfterMs: number;
  readonly worker: boolean;
}

/** The verifiable audit log (see src/services/audit-log.service.ts). */
export interface AuditLogConfig {
  readonly keyFile: string;
  readonly origin: string;
  readonly checkpointIntervalMs: number;
  readonly witnesses: readonly { readonly url: string; readonly vkey: string }[];
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): Config {
  // Empty variables count as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new VigilError(
      'CONFIG_INVALID',
      `invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const e = parsed.data;
  if ((e.VIGIL_WEBHOOK_URL ?? []).length > 0 && e.VIGIL_WEBHOOK_SECRET === undefined) {
    throw new VigilError('CONFIG_INVALID', 'VIGIL_WEBHOOK_URL is set but VIGIL_WEBHOOK_SECRET is not', [
      { path: 'VIGIL_WEBHOOK_SECRET', message: 'required to sign webhooks' },
    ]);
  }
  return {
    databaseUrl: e.DATABASE_URL ?? null,
    databaseSchema: e.DATABASE_SCHEMA ?? null,
    dataDir: resolve(cwd, e.VIGIL_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    auditLog: {
      keyFile: resolve(cwd, e.VIGIL_LOG_KEY_FILE ?? join(e.VIGIL_DATA_DIR, 'log-signing.key')),
      origin: e.VIGIL_LOG_ORIGIN,
      checkpointIntervalMs: Math.round(e.VIGIL_CHECKPOINT_INTERVAL * 1000),
      witnesses: e.VIGIL_WITNESSES ?? [],
    },
    notify: {
      smtpUrl: e.VIGIL_SMTP_URL ?? null,
      mailFrom: e.VIGIL_MAIL_FROM,
      webhookUrls: e.VIGIL_WEBHOOK_URL ?? [],
      webhookSecret: e.VIGIL_WEBHOOK_SECRET ?? null,
      intervalMs: e.VIGIL_NOTIFY_INTERVAL,
      leaseMs: e.VIGIL_NOTIFY_LEASE,
      timeoutMs: e.VIGIL_NOTIFY_TIMEOUT,
      maxAttempts: e.VIGIL_NOTIFY_MAX_ATTEMPTS,
      backoffMs: e.VIGIL_NOTIFY_BACKOFF,
      planIntervalMs: e.VIGIL_PLAN_INTERVAL,
      remindBeforeMs: e.VIGIL_REMIND_BEFORE,
      escalateAfterMs: e.VIGIL_ESCALATE_AFTER,
      worker: e.VIGIL_NOTIFY_WORKER === 'on',
    },
    integrations: {
      feeds: {
        sofa: e.VIGIL_SOFA_URL ?? null,
        kev: e.VIGIL_KEV_URL ?? null,
        android: e.VIGIL_ANDROID_PATCH_URL ?? null,
      },
      intelIntervalMs: e.VIGIL_INTEL_INTERVAL,
      pulls: {
        intune:
          e.VIGIL_INTUNE_URL === undefined
            ? null
            : { url: e.VIGIL_INTUNE_URL, token: e.VIGIL_INTUNE_TOKEN ?? null },
        jamf:
          e.VIGIL_JAMF_URL === undefined
            ? null
            : { url: e.VIGIL_JAMF_URL, token: e.VIGIL_JAMF_TOKEN ?? null },
      },
      pullIntervalMs: e.VIGIL_PULL_INTERVAL,
    },
  };
}
