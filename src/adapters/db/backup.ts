/**
 * The backup store over SQL that PGlite and PostgreSQL both speak (docs/adr/0021): the catalog
 * names the tables, their columns and foreign keys; rows leave as `row_to_json` text through a
 * cursor and come back through `jsonb_populate_recordset`, so PostgreSQL itself converts every
 * value both ways and nothing passes through a JavaScript number.
 */

import { type SQL, sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { type ColumnInfo, migrationsToReplay, type TableInfo } from '../../core/backup/format.ts';
import { VigilError } from '../../core/errors.ts';
import type { BackupStore, RestoreTarget } from '../../services/backup/ports.ts';
import { MIGRATION_LOCK, MIGRATIONS_FOLDER, unqualify } from './migrate.ts';
import { pgErrorOf, type Tx } from './repositories/support.ts';

const JOURNAL = '__drizzle_migrations';
/** Rows per FETCH: a few hundred kilobytes in memory at a time. */
const FETCH = 1000;

async function rowsOf<T>(db: Tx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const id = (name: string) => sql.identifier(name);
const idList = (names: readonly string[]) => sql.join(names.map(id), sql`, `);

interface Catalog {
  readonly tables: TableInfo[];
  /** Primary key columns per table, in key order. */
  readonly keys: Map<string, string[]>;
  /** A single-column foreign key from a table to itself: child column -> referenced column. */
  readonly selfRefs: Map<string, { column: string; references: string }>;
}

/** The application's tables (the current schema, without the migration journal), parents first. */
async function readCatalog(db: Tx): Promise<Catalog> {
  const cols = await rowsOf<{
    table: string;
    name: string;
    type: string;
    not_null: boolean;
    identity: string;
    generated: string;
  }>(
    db,
    sql`select c.relname as "table", a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
               a.attnotnull as not_null, a.attidentity::text as identity, a.attgenerated::text as generated
          from pg_attribute a
          join pg_class c on c.oid = a.attrelid
          join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind = 'r' and c.relname <> ${JOURNAL}
           and a.attnum > 0 and not a.attisdropped
         order by c.relname, a.attnum`,
  );
  const byTable = new Map<string, ColumnInfo[]>();
  for (const c of cols) {
    const list = byTable.get(c.table) ?? [];
    list.push({
      name: c.name,
      type: c.type,
      notNull: c.not_null,
      identity: c.identity,
      generated: c.generated,
    });
    byTable.set(c.table, list);
  }
  const fks = await rowsOf<{ child: string; parent: string; columns: string; references: string; n: number }>(
    db,
    sql`select c.relname as child, p.relname as parent,
               (select string_agg(a.attname, ',') from pg_attribute a where a.attrelid = k.conrelid and a.attnum = any(k.conkey)) as columns,
               (select string_agg(a.attname, ',') from pg_attribute a where a.attrelid = k.confrelid and a.attnum = any(k.confkey)) as "references",
               cardinality(k.conkey) as n
          from pg_constraint k
          join pg_class c on c.oid = k.conrelid
          join pg_class p on p.oid = k.confrelid
          join pg_namespace n on n.oid = c.relnamespace
         where k.contype = 'f' and n.nspname = current_schema()
         order by c.relname, k.conname`,
  );
  const pks = await rowsOf<{ table: string; column: string }>(
    db,
    sql`select c.relname as "table", a.attname as "column"
          from pg_index i
          join pg_class c on c.oid = i.indrelid
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
         where i.indisprimary and n.nspname = current_schema()
         order by c.relname, array_position(i.indkey::int2[], a.attnum)`,
  );
  const triggered = await rowsOf<{ table: string }>(
    db,
    sql`select distinct c.relname as "table"
          from pg_trigger g
          join pg_class c on c.oid = g.tgrelid
          join pg_namespace n on n.oid = c.relnamespace
         where not g.tgisinternal and (g.tgtype & 4) <> 0 and n.nspname = current_schema()`,
  );
  const keys = new Map<string, string[]>();
  for (const k of pks) keys.set(k.table, [...(keys.get(k.table) ?? []), k.column]);

  const parents = new Map<string, Set<string>>();
  const selfRefs = new Map<string, { column: string; references: string }>();
  for (const fk of fks) {
    if (fk.child === fk.parent) {
      if (Number(fk.n) === 1 && !selfRefs.has(fk.child))
        selfRefs.set(fk.child, { column: fk.columns, references: fk.references });
      continue;
    }
    const set = parents.get(fk.child) ?? new Set<string>();
    set.add(fk.parent);
    parents.set(fk.child, set);
  }
  // Topological order. An insert trigger may write to another table (new facts drop the stored
  // history days after them), so tables that nothing references and that fire no insert trigger
  // come last: whatever a trigger does to them happens before they are loaded. Then by name, so
  // that the file is the same for the same data.
  const referenced = new Set([...parents.values()].flatMap((s) => [...s]));
  const withTriggers = new Set(triggered.map((t) => t.table));
  const deferred = (t: string) => !referenced.has(t) && !withTriggers.has(t);
  const names = [...byTable.keys()].sort((a, b) =>
    deferred(a) !== deferred(b) ? (deferred(a) ? 1 : -1) : a < b ? -1 : a > b ? 1 : 0,
  );
  const ordered: string[] = [];
  const done = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.find(
      (t) => !done.has(t) && [...(parents.get(t) ?? [])].every((p) => done.has(p) || !byTable.has(p)),
    );
    if (ready === undefined)
      throw new Error('the tables’ foreign keys form a cycle: no order to restore them in');
    ordered.push(ready);
    done.add(ready);
  }
  return {
    tables: ordered.map((name) => ({ name, columns: byTable.get(name) ?? [] })),
    keys,
    selfRefs,
  };
}

/** A table's rows, each after the row its own foreign key names (rows with none first). */
function rowQuery(catalog: Catalog, table: string): SQL {
  const key = catalog.keys.get(table) ?? [];
  const self = catalog.selfRefs.get(table);
  const order =
    key.length === 0
      ? sql``
      : sql` order by ${sql.join(
          key.map((k) => sql`t.${id(k)}`),
          sql`, `,
        )}`;
  if (self === undefined) return sql`select row_to_json(t)::text as j from ${id(table)} t${order}`;
  const depthOrder =
    key.length === 0
      ? sql` order by d.depth`
      : sql` order by d.depth, ${sql.join(
          key.map((k) => sql`t.${id(k)}`),
          sql`, `,
        )}`;
  return sql`with recursive d(k, depth) as (
      select ${id(self.references)}, 0 from ${id(table)} where ${id(self.column)} is null
      union all
      select c.${id(self.references)}, d.depth + 1 from ${id(table)} c join d on c.${id(self.column)} = d.k
    )
    select row_to_json(t)::text as j from ${id(table)} t join d on t.${id(self.references)} = d.k${depthOrder}`;
}

async function journalOf(db: Tx, schema: string): Promise<{ hash: string; createdAt: number }[]> {
  const exists = await rowsOf<{ r: string | null }>(
    db,
    sql`select to_regclass(${`"${schema}"."${JOURNAL}"`})::text as r`,
  );
  if (exists[0]?.r === null || exists[0]?.r === undefined) return [];
  const rows = await rowsOf<{ hash: string; created_at: string }>(
    db,
    sql`select hash, created_at::text as created_at from ${id(schema)}.${id(JOURNAL)} order by id`,
  );
  return rows.map((r) => ({ hash: r.hash, createdAt: Number(r.created_at) }));
}

export function createBackupStore(
  db: Tx,
  driver: 'pglite' | 'postgres',
  migrationsSchema: string,
): BackupStore {
  return {
    snapshot(fn) {
      return db.transaction(async (tx) => {
        // One snapshot for every table; read only, so writers are never blocked by it.
        await tx.execute(sql`set transaction isolation level repeatable read, read only`);
        const catalog = await readCatalog(tx);
        const migrations = await journalOf(tx, migrationsSchema);
        let cursors = 0;
        return fn({
          driver,
          migrations,
          tables: catalog.tables,
          async *rows(table) {
            if (!catalog.tables.some((t) => t.name === table)) throw new Error(`no table ${table}`);
            const cursor = id(`vigil_backup_${cursors++}`);
            await tx.execute(sql`declare ${cursor} no scroll cursor for ${rowQuery(catalog, table)}`);
            let n = 0;
            for (;;) {
              const batch = await rowsOf<{ j: string }>(
                tx,
                sql`fetch forward ${sql.raw(String(FETCH))} from ${cursor}`,
              );
              if (batch.length === 0) break;
              n += batch.length;
              yield batch.map((r) => r.j);
            }
            await tx.execute(sql`close ${cursor}`);
            // A self-reference cycle would leave rows out of the ordered walk: never silently.
            const [count] = await rowsOf<{ n: string }>(
              tx,
              sql`select count(*)::text as n from ${id(table)}`,
            );
            if (Number(count?.n) !== n) {
              throw new Error(
                `table ${table}: ${n} rows written of ${count?.n}; its self-references form a cycle`,
              );
            }
          },
        });
      });
    },

    restore(migrations, fn) {
      return db.transaction(async (tx) => {
        // Migrating processes take this lock too: none interleaves with the restore.
        await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK[0]}, ${MIGRATION_LOCK[1]})`);
        const existing = await readCatalog(tx);
        const journal = await journalOf(tx, migrationsSchema);
        if (existing.tables.length > 0 || journal.length > 0) {
          throw new VigilError(
            'DB_RESTORE_NOT_EMPTY',
            `the target database is not empty (${existing.tables.length} Vigil tables, ${journal.length} migrations applied): restore into a new database or a new data folder`,
          );
        }
        const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
        const replay = migrationsToReplay(
          files.map((f) => ({ hash: f.hash, createdAt: f.folderMillis })),
          migrations,
        );
        if (!replay.ok) throw new VigilError('DB_BACKUP_INCOMPATIBLE', replay.reason);
        // What Drizzle's migrator does, inside this transaction and only up to the backup's point.
        await tx.execute(sql`create schema if not exists ${id(migrationsSchema)}`);
        await tx.execute(
          sql`create table if not exists ${id(migrationsSchema)}.${id(JOURNAL)} (id serial primary key, hash text not null, created_at bigint)`,
        );
        for (const m of files.slice(0, replay.value)) {
          for (const statement of m.sql) await tx.execute(sql.raw(unqualify(statement)));
          await tx.execute(
            sql`insert into ${id(migrationsSchema)}.${id(JOURNAL)} (hash, created_at) values (${m.hash}, ${m.folderMillis})`,
          );
        }
        const catalog = await readCatalog(tx);
        const insertable = new Map(
          catalog.tables.map((t) => [t.name, t.columns.filter((c) => c.generated === '').map((c) => c.name)]),
        );
        const target: RestoreTarget = {
          tables: catalog.tables,
          async insert(table, rows) {
            const cols = insertable.get(table);
            if (cols === undefined) throw new Error(`no table ${table}`);
            try {
              await tx.execute(
                sql`insert into ${id(table)} (${idList(cols)}) overriding system value
                  select ${idList(cols)} from jsonb_populate_recordset(null::${id(table)}, ${`[${rows.join(',')}]`}::jsonb)`,
              );
            } catch (err) {
              // Rows are loaded before the trailer's checksum can be checked, so a damaged file
              // shows here first: a row that is not JSON, a value of the wrong type, a broken
              // constraint (SQLSTATE classes 22 and 23). The transaction rolls back either way.
              const code = pgErrorOf(err)?.code ?? '';
              if (code.startsWith('22') || code.startsWith('23')) {
                throw new VigilError(
                  'DB_BACKUP_INVALID',
                  `the backup file is refused: a row of ${table} cannot be loaded (SQLSTATE ${code}); nothing was restored`,
                  [],
                  { cause: err },
                );
              }
              throw err;
            }
          },
          async count(table) {
            const [row] = await rowsOf<{ n: string }>(tx, sql`select count(*)::text as n from ${id(table)}`);
            return Number(row?.n);
          },
        };
        const result = await fn(target);
        // Identity and serial columns continue after the restored values.
        const sequences = await rowsOf<{ table: string; column: string; seq: string }>(
          tx,
          sql`select c.relname as "table", a.attname as "column",
                     pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) as seq
                from pg_attribute a
                join pg_class c on c.oid = a.attrelid
                join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = current_schema() and c.relkind = 'r' and c.relname <> ${JOURNAL}
                 and a.attnum > 0 and not a.attisdropped
                 and pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) is not null`,
        );
        for (const s of sequences) {
          await tx.execute(
            sql`select setval(${s.seq}::regclass, coalesce(max(${id(s.column)}), 1)::bigint, max(${id(s.column)}) is not null) from ${id(s.table)}`,
          );
        }
        return result;
      });
    },
  };
}
