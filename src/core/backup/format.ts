/**
 * The logical backup file (docs/adr/0021-logical-backup-format.md): JSON Lines, gzip'd by the
 * adapter that writes it. Control lines are objects with a `$` key (no table has a column of
 * that name); every other line is one row as PostgreSQL's `row_to_json` wrote it, kept as text
 * so that no value passes through a JavaScript number.
 *
 *   {"$":"vigil-backup", format, vigil, createdAt, driver, migrations, schemaHash, tables}
 *   {"$":"table", name, columns}   then its rows, then   {"$":"end", name, rows}
 *   … every table, parents before children …
 *   {"$":"trailer", rows: {table: count}, sha256}   (sha256 of every line before it, each + "\n")
 */
import { z } from 'zod';

export const BACKUP_FORMAT = 1;

const migration = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.number().int() });
export type MigrationEntry = z.infer<typeof migration>;

export const headerLine = z.object({
  $: z.literal('vigil-backup'),
  format: z.number().int(),
  vigil: z.string(),
  createdAt: z.string(),
  driver: z.enum(['pglite', 'postgres']),
  migrations: z.array(migration),
  schemaHash: z.string().regex(/^[0-9a-f]{64}$/),
  tables: z.array(z.string()),
});
export type BackupHeader = z.infer<typeof headerLine>;

const tableLine = z.object({ $: z.literal('table'), name: z.string(), columns: z.array(z.string()) });
const endLine = z.object({ $: z.literal('end'), name: z.string(), rows: z.number().int().min(0) });
const trailerLine = z.object({
  $: z.literal('trailer'),
  rows: z.record(z.string(), z.number().int().min(0)),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
const controlLine = z.discriminatedUnion('$', [tableLine, endLine, trailerLine]);
export type ControlLine = z.infer<typeof controlLine>;

/** A row line: anything not starting with the control prefix. */
export function isControlLine(line: string): boolean {
  return line.startsWith('{"$":');
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function parseWith<T>(schema: z.ZodType<T>, line: string, what: string): Parsed<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, reason: `${what} is not JSON` };
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    return {
      ok: false,
      reason: `${what} is malformed (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
    };
  }
  return { ok: true, value: r.data };
}

export function parseHeader(line: string): Parsed<BackupHeader> {
  if (!line.startsWith('{"$":"vigil-backup"')) return { ok: false, reason: 'it is not a Vigil backup' };
  const h = parseWith(headerLine, line, 'the header');
  if (h.ok && h.value.format !== BACKUP_FORMAT) {
    return {
      ok: false,
      reason: `its format ${h.value.format} is not ${BACKUP_FORMAT}, the one this Vigil reads`,
    };
  }
  return h;
}

export function parseControl(line: string): Parsed<ControlLine> {
  return parseWith(controlLine, line, 'a control line');
}

/** A column as the catalog describes it; the schema hash covers these, tables and columns by name. */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  /** '' none, 'a' generated always, 'd' by default (pg_attribute.attidentity). */
  readonly identity: string;
  /** '' none, 's' stored generated column (pg_attribute.attgenerated): never restored, recomputed. */
  readonly generated: string;
}

export interface TableInfo {
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
}

/** The text the schema hash is taken over: independent of catalog order. */
export function canonicalSchema(tables: readonly TableInfo[]): string {
  const sorted = [...tables]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((t) => ({
      name: t.name,
      columns: [...t.columns]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((c) => [c.name, c.type, c.notNull, c.identity, c.generated]),
    }));
  return JSON.stringify(sorted);
}

/**
 * How many of this Vigil's migrations recreate the backup's schema: the backup's journal must be
 * a prefix of ours, entry for entry (same file hash, same timestamp). A longer journal means the
 * backup came from a newer Vigil; a different entry, from another build.
 */
export function migrationsToReplay(
  local: readonly MigrationEntry[],
  backup: readonly MigrationEntry[],
): Parsed<number> {
  if (backup.length > local.length) {
    return {
      ok: false,
      reason: `the backup's database has ${backup.length} migrations applied, this Vigil knows ${local.length}: restore with the Vigil version that made it (or a later one)`,
    };
  }
  for (let i = 0; i < backup.length; i++) {
    const b = backup[i];
    const l = local[i];
    if (b === undefined || l === undefined || b.hash !== l.hash || b.createdAt !== l.createdAt) {
      return {
        ok: false,
        reason: `migration ${i + 1} of the backup differs from this Vigil's: it was made by another build`,
      };
    }
  }
  return { ok: true, value: backup.length };
}
