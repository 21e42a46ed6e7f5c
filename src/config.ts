/**
 * Configuration from the environment, checked once at start-up with a clear message.
 * DATABASE_URL set = PostgreSQL; absent = embedded PGlite in VIGIL_DATA_DIR (default ./.vigil).
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { ScanLimits } from './adapters/evidence/isolated-scan.ts';
import { type ConnectorPull, pullVariables } from './adapters/mdm/connector.ts';
import { type ConnectorName, PULLED, PUSHED } from './adapters/mdm/registry.ts';
import type { OidcSettings } from './adapters/oidc/client.ts';
import { isInsecureUrl } from './adapters/outbound.ts';
import { VigilError } from './core/errors.ts';
import { parseDuration } from './core/time.ts';
import type { PasskeySettings } from './services/access/passkey.service.ts';
import { USER_ROLES, type UserRole } from './services/access/ports.ts';

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
  /** On PostgreSQL, `start`/`serve` evaluate the fleet "now" in a worker thread (docs/adr/0039); `off`: in process. */
  VIGIL_EVALUATION_WORKER: z.enum(['on', 'off']).default('on'),
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
  /** MDM pulls read their own variables (the connector records in src/adapters/mdm/registry.ts). */
  VIGIL_PULL_INTERVAL: duration('PT1H'),
  /**
   * `true` lets MDM pulls send their credentials, and the notices' and SIEM webhooks their
   * signed events, over plain http:// to hosts other than loopback.
   */
  VIGIL_ALLOW_INSECURE_HTTP: z.enum(['true', 'false']).default('false'),
  // -- rate limits
  /** Requests per caller (token, or dashboard user) per window on the ingest routes, and on the exports. */
  VIGIL_RATE_INGEST: z.coerce.number().int().min(1).max(1_000_000).default(600),
  VIGIL_RATE_EXPORT: z.coerce.number().int().min(1).max(1_000_000).default(30),
  VIGIL_RATE_WINDOW: duration('PT1M'),
  // -- dashboard auth
  /** A dashboard session ends after this long without a request, and this long after sign-in. */
  VIGIL_SESSION_IDLE: duration('PT30M'),
  VIGIL_SESSION_TTL: duration('PT12H'),
  /**
   * Failed sign-ins of one user name from one address before each further one doubles the wait
   * (1 s, 2 s, ... up to 15 minutes); and failures per client address within the window.
   */
  VIGIL_SIGNIN_LIMIT: z.coerce.number().int().min(1).max(1000).default(3),
  VIGIL_SIGNIN_IP_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  VIGIL_SIGNIN_WINDOW: duration('PT15M'),
  /** `required`: admins and officers must prove a passkey after their password (registering one first if they have none). */
  VIGIL_PASSKEYS: z.enum(['optional', 'required']).default('optional'),
  /** The host name users reach the dashboard at (WebAuthn relying party id); default localhost. */
  VIGIL_PASSKEY_RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]{1,253}$/, 'expected a host name without scheme or port, e.g. vigil.example.org')
    .optional(),
  /** The dashboard's origin as browsers see it; default http://localhost:<PORT>. */
  VIGIL_PASSKEY_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  // -- single sign-on (OpenID Connect): off unless VIGIL_OIDC_ISSUER is set
  VIGIL_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  VIGIL_OIDC_CLIENT_ID: z.string().min(1).max(512).optional(),
  /** Unset: a public client (PKCE only). */
  VIGIL_OIDC_CLIENT_SECRET: z.string().min(1).max(4096).optional(),
  /** <Vigil's public origin>/api/v1/session/oidc/callback, as registered at the provider. */
  VIGIL_OIDC_REDIRECT_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Shown on the button: "Sign in with <name>"; default the issuer's host name. */
  VIGIL_OIDC_NAME: z.string().min(1).max(60).optional(),
  VIGIL_OIDC_SCOPES: z.string().min(1).max(1000).default('openid profile'),
  VIGIL_OIDC_ROLE_CLAIM: z.string().min(1).max(200).default('groups'),
  /** Comma-separated `claim value=role` pairs, e.g. `vigil-admins=admin,security=officer`. */
  VIGIL_OIDC_ROLE_MAP: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            new RegExp(`^[^=]+=(${USER_ROLES.join('|')})$`),
            `expected value=role pairs, the role one of ${USER_ROLES.join(', ')}`,
          )
          .transform((p) => {
            const at = p.lastIndexOf('=');
            return [p.slice(0, at).trim(), p.slice(at + 1) as UserRole] as const;
          }),
      ),
    )
    .optional(),
  /** `on`: a first sign-in of an identity no admin linked creates its user (with the mapped role). */
  VIGIL_OIDC_PROVISION: z.enum(['on', 'off']).default('off'),
  /** `on`: allow an http:// issuer (a provider on loopback in tests); never in production. */
  VIGIL_OIDC_ALLOW_INSECURE: z.enum(['on', 'off']).default('off'),
  // -- scan jobs
  /** Evidence the API may scan (POST /scans); unset = scans from the API are refused. */
  VIGIL_EVIDENCE_DIR: z.string().min(1).optional(),
  /** Password of encrypted backups scanned by background jobs (and `vigil scan`). */
  VIGIL_BACKUP_PASSWORD: z.string().min(1).optional(),
  /** `off`: this serving process runs no scan jobs (another one does). */
  VIGIL_SCAN_WORKER: z.enum(['on', 'off']).default('on'),
  VIGIL_SCAN_INTERVAL: duration('PT5S'),
  VIGIL_SCAN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  /** Each scan runs in a child process with this heap (MiB) and this time limit (`vigil scan` too). */
  VIGIL_SCAN_MEMORY_MB: z.coerce.number().int().min(64).max(65_536).default(2048),
  VIGIL_SCAN_TIMEOUT: duration('PT30M'),
  /** What a zip in the evidence may inflate to: one member, and all members read. */
  VIGIL_SCAN_MAX_MEMBER_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2 * 1024 ** 3 - 1)
    .default(256 * 1024 ** 2),
  VIGIL_SCAN_MAX_ARCHIVE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2 ** 40)
    .default(1024 ** 3),
  // -- exports
  /** Append every audit event as a JSON line to this file (resumes from its last line). */
  VIGIL_SIEM_FILE: z.string().min(1).optional(),
  /** POST batches of events (JSON), signed per Standard Webhooks. */
  VIGIL_SIEM_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** `whsec_<base64>`; default VIGIL_WEBHOOK_SECRET. */
  VIGIL_SIEM_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'expected a Standard Webhooks secret, whsec_<base64>')
    .optional(),
  /** Where the webhook's last delivered seq is kept; default <VIGIL_DATA_DIR>/siem-webhook.cursor. */
  VIGIL_SIEM_CURSOR_FILE: z.string().min(1).optional(),
  VIGIL_SIEM_INTERVAL: duration('PT2S'),
  VIGIL_SIEM_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  VIGIL_SIEM_TIMEOUT: duration('PT15S'),
});

export interface Config {
  readonly databaseUrl: string | null;
  readonly databaseSchema: string | null;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  /** Evaluate the fleet "now" in a worker thread when serving on PostgreSQL. */
  readonly evaluationWorker: boolean;
  /** Per-caller limits on the ingest and export routes (src/adapters/http/plugins/rate-limit.ts). */
  readonly rateLimits: { readonly ingest: number; readonly export: number; readonly windowMs: number };
  readonly auditLog: AuditLogConfig;
  readonly notify: NotifyConfig;
  readonly integrations: IntegrationsConfig;
  // -- dashboard auth
  readonly auth: AuthConfig;
  // -- single sign-on
  /** null: not configured (the sign-in page offers passwords only). */
  readonly oidc: OidcSettings | null;
  // -- scan jobs
  readonly scans: ScanJobsConfig;
  // -- exports
  readonly siem: SiemConfig;
}

/** The SIEM event stream (src/adapters/siem/README.md). Durations in ms. */
export interface SiemConfig {
  readonly file: string | null;
  readonly url: string | null;
  readonly secret: string | null;
  /** The webhook may go over plain http:// to hosts other than loopback (VIGIL_ALLOW_INSECURE_HTTP). */
  readonly allowInsecureHttp: boolean;
  readonly cursorFile: string;
  readonly intervalMs: number;
  readonly batch: number;
  readonly timeoutMs: number;
}

/** Background scans of server-side evidence (POST /scans). Durations in ms. */
export interface ScanJobsConfig {
  readonly evidenceDir: string | null;
  readonly backupPassword: string | null;
  readonly worker: boolean;
  readonly intervalMs: number;
  readonly maxAttempts: number;
  /** Memory, time and zip caps of each scan (from the API or `vigil scan`). */
  readonly limits: ScanLimits;
}

/** Dashboard sessions and sign-in rate limits. Durations in ms. */
export interface AuthConfig {
  readonly idleMs: number;
  readonly lifetimeMs: number;
  readonly limits: { readonly freePerPair: number; readonly perIp: number; readonly windowMs: number };
  readonly passkeys: PasskeySettings;
}

/** Patch-currency feeds and MDM pulls (see src/adapters/mdm/README.md). Durations in ms. */
export interface IntegrationsConfig {
  readonly feeds: {
    readonly sofa: string | null;
    readonly kev: string | null;
    readonly android: string | null;
  };
  readonly intelIntervalMs: number;
  readonly pulls: PullSettings;
  /** The configured pushes (`vigil mdm push`): a push's own variables, else its pull's settings. */
  readonly pushes: PullSettings;
  readonly pullIntervalMs: number;
  /** Credentials may go over plain http:// to hosts other than loopback (src/adapters/mdm/http.ts). */
  readonly allowInsecureHttp: boolean;
}

/**
 * The configured MDM pulls by connector name, each with the settings its pull's schema read
 * (for most, `{ url, token }`); a connector whose variables are all unset is absent.
 */
export type PullSettings = Readonly<Partial<Record<ConnectorName, unknown>>>;

/** Notice delivery and planning (see src/adapters/notify/README.md). Durations in ms. */
export interface NotifyConfig {
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly webhookUrls: readonly string[];
  readonly webhookSecret: string | null;
  /** Webhooks may go over plain http:// to hosts other than loopback (VIGIL_ALLOW_INSECURE_HTTP). */
  readonly allowInsecureHttp: boolean;
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

/** The verifiable audit log (see src/services/audit/audit-log.service.ts). */
export interface AuditLogConfig {
  readonly keyFile: string;
  readonly origin: string;
  readonly checkpointIntervalMs: number;
  readonly witnesses: readonly { readonly url: string; readonly vkey: string }[];
}

type Issue = { readonly path: string; readonly message: string };

/**
 * Each connector's pull settings, read through its own schema. A pull none of whose variables
 * is set is not configured; one with some set must pass its schema, so a token without its URL
 * is an error naming the missing variable rather than a pull that silently never runs.
 */
function readPulls(present: Readonly<Record<string, string | undefined>>): {
  pulls: PullSettings;
  pushes: PullSettings;
  issues: Issue[];
} {
  const pulls: Partial<Record<ConnectorName, unknown>> = {};
  const pushes: Partial<Record<ConnectorName, unknown>> = {};
  const issues: Issue[] = [];
  const read = (name: ConnectorName, what: string, env: ConnectorPull<unknown>['env']): unknown => {
    const set = pullVariables({ env }).filter((v) => present[v] !== undefined);
    if (set.length === 0) return undefined;
    const parsed = env.safeParse(Object.fromEntries(set.map((v) => [v, present[v]])));
    if (parsed.success) return parsed.data;
    for (const i of parsed.error.issues) {
      const path = i.path.join('.');
      issues.push({
        path,
        message:
          present[path] === undefined
            ? `required: the ${name} ${what} is partially configured (${set.join(', ')} set)`
            : i.message,
      });
    }
    return undefined;
  };
  for (const c of PULLED) {
    const settings = read(c.name, 'pull', c.pull.env);
    if (settings !== undefined) pulls[c.name] = settings;
  }
  for (const c of PUSHED) {
    const settings = c.push.env === undefined ? pulls[c.name] : read(c.name, 'push', c.push.env);
    if (settings !== undefined) pushes[c.name] = settings;
  }
  return { pulls, pushes, issues };
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): Config {
  // Empty variables count as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  const { pulls, pushes, issues: pullIssues } = readPulls(present);
  const issues = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))),
    ...pullIssues,
  ];
  if (!parsed.success || issues.length > 0) {
    throw new VigilError(
      'CONFIG_INVALID',
      `invalid configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const e = parsed.data;
  // -- exports
  if (e.VIGIL_SIEM_URL !== undefined && (e.VIGIL_SIEM_SECRET ?? e.VIGIL_WEBHOOK_SECRET) === undefined) {
    throw new VigilError('CONFIG_INVALID', 'VIGIL_SIEM_URL is set but no secret signs it', [
      { path: 'VIGIL_SIEM_SECRET', message: 'required (or VIGIL_WEBHOOK_SECRET) to sign SIEM webhooks' },
    ]);
  }
  const oidc = readOidc(e);
  if ((e.VIGIL_WEBHOOK_URL ?? []).length > 0 && e.VIGIL_WEBHOOK_SECRET === undefined) {
    throw new VigilError('CONFIG_INVALID', 'VIGIL_WEBHOOK_URL is set but VIGIL_WEBHOOK_SECRET is not', [
      { path: 'VIGIL_WEBHOOK_SECRET', message: 'required to sign webhooks' },
    ]);
  }
  const allowInsecureHttp = e.VIGIL_ALLOW_INSECURE_HTTP === 'true';
  const insecure = [
    ...(e.VIGIL_WEBHOOK_URL ?? []).map((url) => ({ path: 'VIGIL_WEBHOOK_URL', url })),
    ...(e.VIGIL_SIEM_URL === undefined ? [] : [{ path: 'VIGIL_SIEM_URL', url: e.VIGIL_SIEM_URL }]),
  ].filter(({ url }) => !allowInsecureHttp && isInsecureUrl(new URL(url)));
  if (insecure.length > 0) {
    // Signed is not encrypted: audit events and notices name people and devices.
    throw new VigilError(
      'CONFIG_INVALID',
      'a webhook URL is plain http:// to a host other than loopback',
      insecure.map(({ path }) => ({
        path,
        message: 'expected https:// (or VIGIL_ALLOW_INSECURE_HTTP=true)',
      })),
    );
  }
  return {
    databaseUrl: e.DATABASE_URL ?? null,
    databaseSchema: e.DATABASE_SCHEMA ?? null,
    dataDir: resolve(cwd, e.VIGIL_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    evaluationWorker: e.VIGIL_EVALUATION_WORKER === 'on',
    rateLimits: { ingest: e.VIGIL_RATE_INGEST, export: e.VIGIL_RATE_EXPORT, windowMs: e.VIGIL_RATE_WINDOW },
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
      allowInsecureHttp,
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
      pulls,
      pushes,
      pullIntervalMs: e.VIGIL_PULL_INTERVAL,
      allowInsecureHttp,
    },
    // -- dashboard auth
    auth: {
      idleMs: e.VIGIL_SESSION_IDLE,
      lifetimeMs: e.VIGIL_SESSION_TTL,
      limits: {
        freePerPair: e.VIGIL_SIGNIN_LIMIT,
        perIp: e.VIGIL_SIGNIN_IP_LIMIT,
        windowMs: e.VIGIL_SIGNIN_WINDOW,
      },
      passkeys: {
        rpId: e.VIGIL_PASSKEY_RP_ID ?? 'localhost',
        origin: (e.VIGIL_PASSKEY_ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
        requiredFor: e.VIGIL_PASSKEYS === 'required' ? ['admin', 'officer'] : [],
      },
    },
    // -- single sign-on
    oidc,
    // -- scan jobs
    scans: {
      evidenceDir: e.VIGIL_EVIDENCE_DIR === undefined ? null : resolve(cwd, e.VIGIL_EVIDENCE_DIR),
      backupPassword: e.VIGIL_BACKUP_PASSWORD ?? null,
      worker: e.VIGIL_SCAN_WORKER === 'on',
      intervalMs: e.VIGIL_SCAN_INTERVAL,
      maxAttempts: e.VIGIL_SCAN_MAX_ATTEMPTS,
      limits: {
        memoryMb: e.VIGIL_SCAN_MEMORY_MB,
        timeoutMs: e.VIGIL_SCAN_TIMEOUT,
        zip: {
          maxMemberBytes: e.VIGIL_SCAN_MAX_MEMBER_BYTES,
          maxArchiveBytes: e.VIGIL_SCAN_MAX_ARCHIVE_BYTES,
        },
      },
    },
    // -- exports
    siem: {
      file: e.VIGIL_SIEM_FILE === undefined ? null : resolve(cwd, e.VIGIL_SIEM_FILE),
      url: e.VIGIL_SIEM_URL ?? null,
      secret: e.VIGIL_SIEM_SECRET ?? e.VIGIL_WEBHOOK_SECRET ?? null,
      allowInsecureHttp,
      cursorFile: resolve(cwd, e.VIGIL_SIEM_CURSOR_FILE ?? join(e.VIGIL_DATA_DIR, 'siem-webhook.cursor')),
      intervalMs: e.VIGIL_SIEM_INTERVAL,
      batch: e.VIGIL_SIEM_BATCH,
      timeoutMs: e.VIGIL_SIEM_TIMEOUT,
    },
  };
}

/**
 * Single sign-on: all of issuer, client id, redirect URL and role map, or none of them; http://
 * only with VIGIL_OIDC_ALLOW_INSECURE=on (a provider's endpoints carry codes and tokens).
 */
function readOidc(e: z.infer<typeof envSchema>): OidcSettings | null {
  const required = {
    VIGIL_OIDC_ISSUER: e.VIGIL_OIDC_ISSUER,
    VIGIL_OIDC_CLIENT_ID: e.VIGIL_OIDC_CLIENT_ID,
    VIGIL_OIDC_REDIRECT_URL: e.VIGIL_OIDC_REDIRECT_URL,
    VIGIL_OIDC_ROLE_MAP: e.VIGIL_OIDC_ROLE_MAP,
  };
  const set = Object.entries(required).filter(([, v]) => v !== undefined);
  if (set.length === 0 && e.VIGIL_OIDC_CLIENT_SECRET === undefined) return null;
  const issues: Issue[] = Object.entries(required)
    .filter(([, v]) => v === undefined || (Array.isArray(v) && v.length === 0))
    .map(([path]) => ({ path, message: 'required: single sign-on is partially configured' }));
  const insecure = e.VIGIL_OIDC_ALLOW_INSECURE === 'on';
  for (const path of ['VIGIL_OIDC_ISSUER', 'VIGIL_OIDC_REDIRECT_URL'] as const) {
    if (!insecure && e[path]?.startsWith('http:')) {
      issues.push({ path, message: 'expected https:// (or VIGIL_OIDC_ALLOW_INSECURE=on, for tests only)' });
    }
  }
  const {
    VIGIL_OIDC_ISSUER: issuer,
    VIGIL_OIDC_CLIENT_ID: clientId,
    VIGIL_OIDC_REDIRECT_URL: redirectUrl,
  } = e;
  if (issues.length > 0 || issuer === undefined || clientId === undefined || redirectUrl === undefined) {
    throw new VigilError(
      'CONFIG_INVALID',
      `invalid configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return {
    issuer,
    clientId,
    clientSecret: e.VIGIL_OIDC_CLIENT_SECRET ?? null,
    redirectUrl,
    name: e.VIGIL_OIDC_NAME ?? new URL(issuer).hostname,
    scopes: e.VIGIL_OIDC_SCOPES,
    roleClaim: e.VIGIL_OIDC_ROLE_CLAIM,
    roleMap: Object.fromEntries(e.VIGIL_OIDC_ROLE_MAP ?? []),
    provision: e.VIGIL_OIDC_PROVISION === 'on',
    allowInsecure: insecure,
  };
}
