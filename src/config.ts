/**
 * Configuration from the environment, checked once at start-up with a clear message.
 * DATABASE_URL set = PostgreSQL; absent = embedded PGlite in VIGIL_DATA_DIR (default ./.vigil).
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { VigilError } from './core/errors.ts';

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
});

export interface Config {
  readonly databaseUrl: string | null;
  readonly databaseSchema: string | null;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
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
  return {
    databaseUrl: e.DATABASE_URL ?? null,
    databaseSchema: e.DATABASE_SCHEMA ?? null,
    dataDir: resolve(cwd, e.VIGIL_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
  };
}
