/**
 * drizzle-kit configuration. `npm run db:generate` writes a migration for every change to
 * src/adapters/db/schema.ts; migrations are committed, and CI fails when generating again
 * produces a new file. Nothing here depends on the environment, so generation is deterministic.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/adapters/db/schema.ts',
  out: './src/adapters/db/migrations',
  strict: true,
  verbose: false,
});
