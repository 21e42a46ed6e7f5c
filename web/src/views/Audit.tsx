import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import { can } from '../api/session.ts';
import type { AuditEvent, CheckpointView, User } from '../api/types.ts';
import { ErrorAlert, formatDate, formatInstant, Loadable, ScrollRegion } from '../components/ui.tsx';
import { type Fetch, verifyEvent } from '../lib/verify-event.ts';

const PAGE = 50;
const PIN_KEY = 'vigil.pinnedVerifierKey';

function readPin(): string {
  try {
    return window.localStorage.getItem(PIN_KEY) ?? '';
  } catch {
    return '';
  }
}

const call: Fetch = (path, method = 'GET') => api(path, { method });

function EventRow({ event, pinned }: { event: AuditEvent; pinned: string }) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setResult(null);
    setResult(await verifyEvent(call, event.seq, pinned));
    setBusy(false);
  };
  return (
    <tr>
      <td>{event.seq}</td>
      <td className="nowrap">{formatInstant(event.at)}</td>
      <td>
        <code>{event.type}</code>
      </td>
      <td>{event.actor}</td>
      <td>{event.subject}</td>
      <td>
        <details>
          <summary>Payload</summary>
          <pre>{JSON.stringify(event.payload, null, 2)}</pre>
        </details>
      </td>
      <td>
        <button type="button" className="small" onClick={() => void run()} disabled={busy}>
          Verify proof
          <span className="visually-hidden"> of event {event.seq}</span>
        </button>
        <span role="status" className={`proof-status ${result ? (result.ok ? 'ok' : 'bad') : ''}`}>
          {busy ? '' : (result?.text ?? '')}
        </span>
      </td>
    </tr>
  );
}

export function AuditView({ user }: { user: User }) {
  const client = useQueryClient();
  const [type, setType] = useState('');
  const [afterSeq, setAfterSeq] = useState<number | null>(null);
  const [pinned, setPinned] = useState(readPin);
  const checkpoint = useQuery({
    queryKey: ['checkpoint'],
    queryFn: () => api<CheckpointView>('/audit/checkpoint'),
  });
  // Without a starting point, the latest page: the tree has one leaf per event.
  const start = afterSeq ?? (type ? 0 : Math.max(0, (checkpoint.data?.size ?? 0) - PAGE));
  const events = useQuery({
    queryKey: ['audit', type, start],
    enabled: afterSeq !== null || type !== '' || checkpoint.isFetched,
    queryFn: () => api<AuditEvent[]>('/audit/events', { query: { type, afterSeq: start, limit: PAGE } }),
  });

  if (!can(user, 'readAudit'))
    return (
      <>
        <h1>Audit log</h1>
        <p role="alert" className="error">
          The audit log is open to admins, officers and auditors; your role is {user.role}.
        </p>
      </>
    );

  const filter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setType(String(form.get('type') ?? '').trim());
    const after = String(form.get('after') ?? '').trim();
    setAfterSeq(after === '' ? null : Math.max(0, Number.parseInt(after, 10) || 0));
  };
  const savePin = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get('pin') ?? '').trim();
    try {
      if (value) window.localStorage.setItem(PIN_KEY, value);
      else window.localStorage.removeItem(PIN_KEY);
    } catch {
      // Storage may be off (private mode): the pin then lasts for this page only.
    }
    setPinned(value);
  };
  const list = events.data ?? [];
  const last = list[list.length - 1];

  return (
    <>
      <h1>Audit log</h1>
      <section aria-labelledby="cp-heading">
        <h2 id="cp-heading">Latest signed checkpoint</h2>
        <Loadable query={checkpoint} label="the checkpoint">
          {(cp) => (
            <>
              <p>
                {cp.size} entries, signed {formatDate(cp.at)}
                {cp.cosignatures.length > 0 &&
                  `, cosigned by ${cp.cosignatures.map((c) => c.witness).join(', ')}`}
                .{' '}
                <button
                  type="button"
                  className="small secondary"
                  onClick={() => void client.invalidateQueries({ queryKey: ['checkpoint'] })}
                >
                  Refresh
                </button>
              </p>
              <pre className="note">{cp.note}</pre>
              <p>
                Server’s verifier key: <code className="hash">{cp.verifierKey}</code>
                {pinned &&
                  (pinned === cp.verifierKey
                    ? ' (matches your pinned key)'
                    : ' (differs from your pinned key!)')}
              </p>
            </>
          )}
        </Loadable>
        <form className="filters" onSubmit={savePin} aria-label="Pin the verifier key">
          <label className="wide">
            Pinned verifier key (from a trusted source; empty: use the server’s)
            <input name="pin" defaultValue={pinned} spellCheck={false} autoComplete="off" />
          </label>
          <button type="submit">Save key</button>
        </form>
      </section>
      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Events</h2>
        <form className="filters" onSubmit={filter} aria-label="Filter events">
          <label>
            Event type
            <input name="type" defaultValue={type} placeholder="e.g. waiver.approved" />
          </label>
          <label>
            After event number
            <input name="after" type="number" min={0} defaultValue={afterSeq ?? ''} placeholder="latest" />
          </label>
          <button type="submit">Apply filters</button>
        </form>
        {events.error && <ErrorAlert error={events.error} what="the events" />}
        <ScrollRegion label="Audit events table">
          <table>
            <caption>Audit events {start > 0 ? `after #${start}` : 'from the first'}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">At</th>
                <th scope="col">Type</th>
                <th scope="col">Actor</th>
                <th scope="col">Subject</th>
                <th scope="col">Payload</th>
                <th scope="col">Proof</th>
              </tr>
            </thead>
            <tbody>
              {/* Newest first within the page; pages run oldest to newest. */}
              {[...list].reverse().map((e) => (
                <EventRow key={e.seq} event={e} pinned={pinned} />
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        {events.isPending && <p className="loading">Loading events…</p>}
        <div className="actions">
          <button
            type="button"
            className="secondary"
            disabled={start === 0}
            onClick={() => setAfterSeq(Math.max(0, start - PAGE))}
          >
            Earlier events
          </button>
          <button
            type="button"
            className="secondary"
            disabled={!last || list.length < PAGE}
            onClick={() => last && setAfterSeq(last.seq)}
          >
            Later events
          </button>
        </div>
      </section>
    </>
  );
}
