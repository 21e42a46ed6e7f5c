/**
 * Committed fact changes announced by the database (LISTEN on `vigil_facts`; the trigger that
 * NOTIFYs is in migration 0021). PostgreSQL delivers a notification to every listening session
 * of the database after the transaction commits, so every `vigil serve` process on it learns of
 * every other's writes; PGlite delivers its own. Payload: "schema from to" (the schema, so that
 * databases sharing one server, such as the tests', ignore each other's).
 */
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { FactAnnouncement, FactAnnouncements } from '../../services/kernel/ports.ts';

export const FACTS_CHANNEL = 'vigil_facts';
/** Wait before listening again after the connection dropped. */
const RECONNECT_MS = 1_000;

/** The listening session's application_name. */
export function listenerName(schema: string): string {
  return `vigil-facts:${schema}`.slice(0, 63);
}

export interface ClosableAnnouncements extends FactAnnouncements {
  close(): Promise<void>;
}

interface Logger {
  warn(obj: object, msg?: string): void;
}

/** The announcement in `payload` when it is for `schema`; null otherwise or when malformed. */
export function parseAnnouncement(payload: string, schema: string): FactAnnouncement | null {
  const [of, from, to, extra] = payload.split(' ');
  if (of !== schema || extra !== undefined) return null;
  const a = Number(from);
  const b = Number(to);
  return Number.isSafeInteger(a) && Number.isSafeInteger(b) && a <= b ? { from: a, to: b } : null;
}

/** Listeners and their fan-out; `start` runs on the first subscription, `stop` after the last. */
function fanOut(start: (emit: (a: FactAnnouncement) => void) => void, stop: () => Promise<void>) {
  const listeners = new Set<(a: FactAnnouncement) => void>();
  let started = false;
  const emit = (a: FactAnnouncement) => {
    for (const l of [...listeners]) {
      try {
        l(a);
      } catch {
        // A listener's failure is its own; the others still hear.
      }
    }
  };
  return {
    subscribe(listener: (a: FactAnnouncement) => void): () => void {
      listeners.add(listener);
      if (!started) {
        started = true;
        start(emit);
      }
      return () => {
        listeners.delete(listener);
      };
    },
    close: stop,
  };
}

export function pgliteAnnouncements(client: PGlite, schema: string): ClosableAnnouncements {
  let unlisten: Promise<() => Promise<void>> | null = null;
  return fanOut(
    (emit) => {
      unlisten = client.listen(FACTS_CHANNEL, (payload) => {
        const a = parseAnnouncement(payload, schema);
        if (a !== null) emit(a);
      });
      // Listening fails only when the database is closed, when there is nothing left to hear.
      unlisten.catch(() => undefined);
    },
    async () => {
      const pending = unlisten;
      unlisten = null;
      if (pending !== null && !client.closed) await (await pending.catch(() => async () => undefined))();
    },
  );
}

/**
 * One dedicated connection (LISTEN holds its session, so it cannot come from the pool). When it
 * drops it is opened again, and once it listens the listeners hear `lost` (whatever committed
 * meanwhile went unannounced).
 */
export function postgresAnnouncements(url: string, schema: string, logger?: Logger): ClosableAnnouncements {
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  /** The connection dropped: say so once listening again, so what committed meanwhile is not missed. */
  let dropped = false;

  const connect = (emit: (a: FactAnnouncement) => void) => {
    if (closed) return;
    // Named, so an operator (or a test) can tell this session from the pool's.
    const c = new pg.Client({ connectionString: url, application_name: listenerName(schema) });
    client = c;
    let failed = false;
    const fail = (err?: unknown) => {
      if (failed || closed) return;
      failed = true;
      logger?.warn({ err }, 'listening for fact announcements failed; listening again');
      dropped = true;
      c.end().catch(() => undefined);
      timer = setTimeout(() => connect(emit), RECONNECT_MS);
      timer.unref();
    };
    c.on('error', fail);
    c.on('end', () => fail());
    c.on('notification', (m) => {
      const a =
        m.channel === FACTS_CHANNEL && m.payload !== undefined ? parseAnnouncement(m.payload, schema) : null;
      if (a !== null) emit(a);
    });
    c.connect()
      .then(() => c.query(`LISTEN ${FACTS_CHANNEL}`))
      .then(() => {
        if (dropped && !failed) {
          dropped = false;
          emit({ lost: true });
        }
      })
      .catch(fail);
  };

  return fanOut(connect, async () => {
    closed = true;
    if (timer !== null) clearTimeout(timer);
    const c = client;
    client = null;
    if (c !== null) await c.end().catch(() => undefined);
  });
}
