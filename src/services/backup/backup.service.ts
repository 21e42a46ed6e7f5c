/**
 * Logical backups of the whole database (docs/adr/0021-logical-backup-format.md): the same
 * file from PGlite and PostgreSQL, restorable into either. The service writes and reads the
 * lines; the caller supplies the bytes (gzip and the file live in the CLI adapter).
 */
import { createHash } from 'node:crypto';
import {
  BACKUP_FORMAT,
  type BackupHeader,
  canonicalSchema,
  isControlLine,
  parseControl,
  parseHeader,
  type TableInfo,
} from '../../core/backup/format.ts';
import { VigilError } from '../../core/errors.ts';
import type { Clock } from '../kernel/ports.ts';
import type { BackupStore } from './ports.ts';

export interface BackupDeps {
  readonly store: BackupStore;
  readonly clock: Clock;
  /** Vigil's version, recorded in the header. */
  readonly version: string;
}

export interface BackupSummary {
  readonly createdAt: string;
  readonly migrations: number;
  readonly rows: Readonly<Record<string, number>>;
}

/** Rows per INSERT on restore: one statement's parameter stays well under a few megabytes. */
const RESTORE_BATCH = 500;

function invalid(reason: string): VigilError {
  return new VigilError('DB_BACKUP_INVALID', `the backup file is refused: ${reason}`);
}

export function schemaHash(tables: readonly TableInfo[]): string {
  return createHash('sha256').update(canonicalSchema(tables)).digest('hex');
}

export class BackupService {
  readonly #deps: BackupDeps;

  constructor(deps: BackupDeps) {
    this.#deps = deps;
  }

  /** Writes the backup as lines through `write` (each call a chunk of whole lines). */
  backup(write: (chunk: string) => Promise<void>): Promise<BackupSummary> {
    const createdAt = new Date(this.#deps.clock.now()).toISOString();
    return this.#deps.store.snapshot(async (snap) => {
      if (snap.migrations.length === 0) {
        throw new VigilError(
          'DB_BACKUP_INCOMPATIBLE',
          'the database has never been migrated: nothing to back up',
        );
      }
      const hash = createHash('sha256');
      const emit = async (lines: readonly string[]) => {
        const text = `${lines.join('\n')}\n`;
        hash.update(text);
        await write(text);
      };
      const header: BackupHeader = {
        $: 'vigil-backup',
        format: BACKUP_FORMAT,
        vigil: this.#deps.version,
        createdAt,
        driver: snap.driver,
        migrations: [...snap.migrations],
        schemaHash: schemaHash(snap.tables),
        tables: snap.tables.map((t) => t.name),
      };
      await emit([JSON.stringify(header)]);
      const rows: Record<string, number> = {};
      for (const table of snap.tables) {
        await emit([
          JSON.stringify({ $: 'table', name: table.name, columns: table.columns.map((c) => c.name) }),
        ]);
        let n = 0;
        for await (const batch of snap.rows(table.name)) {
          if (batch.length === 0) continue;
          n += batch.length;
          await emit(batch);
        }
        rows[table.name] = n;
        await emit([JSON.stringify({ $: 'end', name: table.name, rows: n })]);
      }
      await write(`${JSON.stringify({ $: 'trailer', rows, sha256: hash.digest('hex') })}\n`);
      return { createdAt, migrations: snap.migrations.length, rows };
    });
  }

  /**
   * Restores a backup (its lines, in order) into an empty database, in one transaction: nothing
   * is kept unless every line, the checksum and every table's count agree.
   */
  async restore(lines: AsyncIterable<string>): Promise<BackupSummary> {
    const it = lines[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done === true) throw invalid('the file is empty');
    const parsedHeader = parseHeader(first.value);
    if (!parsedHeader.ok) throw invalid(parsedHeader.reason);
    const header = parsedHeader.value;
    const hash = createHash('sha256').update(`${first.value}\n`);

    return this.#deps.store.restore(header.migrations, async (target) => {
      if (schemaHash(target.tables) !== header.schemaHash) {
        throw new VigilError(
          'DB_BACKUP_INCOMPATIBLE',
          'the schema the migrations recreate differs from the backup’s (schema hash); restore with the Vigil version that made it',
        );
      }
      const known = new Map(target.tables.map((t) => [t.name, t]));
      const seen = new Set<string>();
      let current: { name: string; rows: number } | null = null;
      let batch: string[] = [];
      const flush = async () => {
        if (current !== null && batch.length > 0) await target.insert(current.name, batch);
        batch = [];
      };
      let lineNo = 1;
      for (;;) {
        const next = await it.next();
        if (next.done === true) throw invalid('it ends before its trailer (truncated?)');
        const line = next.value;
        lineNo++;
        if (!isControlLine(line)) {
          if (current === null) throw invalid(`line ${lineNo} is a row outside any table`);
          batch.push(line);
          current.rows++;
          hash.update(`${line}\n`);
          if (batch.length >= RESTORE_BATCH) await flush();
          continue;
        }
        const control = parseControl(line);
        if (!control.ok) throw invalid(`line ${lineNo}: ${control.reason}`);
        const c = control.value;
        if (c.$ === 'table') {
          if (current !== null)
            throw invalid(`line ${lineNo}: table ${c.name} starts inside ${current.name}`);
          const table = known.get(c.name);
          if (table === undefined || seen.has(c.name))
            throw invalid(`line ${lineNo}: unexpected table ${c.name}`);
          const columns = new Set(table.columns.map((col) => col.name));
          const unknown = c.columns.find((col) => !columns.has(col));
          if (unknown !== undefined) throw invalid(`line ${lineNo}: ${c.name} has no column ${unknown}`);
          seen.add(c.name);
          current = { name: c.name, rows: 0 };
        } else if (c.$ === 'end') {
          if (current === null || current.name !== c.name)
            throw invalid(`line ${lineNo}: unexpected end of ${c.name}`);
          if (current.rows !== c.rows) {
            throw invalid(`table ${c.name} has ${current.rows} rows where its end line says ${c.rows}`);
          }
          await flush();
          current = null;
        } else {
          if (current !== null)
            throw invalid(`line ${lineNo}: the trailer comes inside table ${current.name}`);
          if (hash.digest('hex') !== c.sha256) throw invalid('its checksum does not match its contents');
          const extra = await it.next();
          if (extra.done !== true) throw invalid(`line ${lineNo + 1} follows the trailer`);
          const missing = header.tables.find((t) => !seen.has(t));
          if (missing !== undefined) throw invalid(`table ${missing} is missing`);
          for (const name of header.tables) {
            const expected = c.rows[name];
            const actual = await target.count(name);
            if (expected !== actual) {
              throw invalid(
                `table ${name} holds ${actual} rows after loading, the backup says ${expected ?? 'nothing'}`,
              );
            }
          }
          return { createdAt: header.createdAt, migrations: header.migrations.length, rows: c.rows };
        }
        hash.update(`${line}\n`);
      }
    });
  }
}
