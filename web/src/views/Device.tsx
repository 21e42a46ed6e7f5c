import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'wouter';
import { api } from '../api/client.ts';
import { deviceLabel } from '../api/queries.ts';
import type { DeviceDetail, Findings, Posture, ScanJob } from '../api/types.ts';
import { Evidence } from '../components/Evidence.tsx';
import {
  DeviceLink,
  ErrorAlert,
  formatDate,
  formatDay,
  Loadable,
  PersonLink,
  RelativeDay,
  ScrollRegion,
  SEVERITY_RANK,
  SeverityBadge,
  VerdictBadge,
} from '../components/ui.tsx';

const newestFirst = <T extends { at: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

const alertText = (a: Record<string, unknown>): string => {
  const level = a.level ?? a.severity;
  const text = a.message ?? a.msg ?? a.description ?? a.name;
  const module = a.module;
  return [level, module, typeof text === 'string' ? text : JSON.stringify(a)]
    .filter((x) => x !== undefined)
    .join(' · ');
};

/** A finished scan's alerts, fetched when asked for (the list route leaves them out). */
function ScanAlerts({ id }: { id: string }) {
  const [open, setOpen] = useState(false);
  const job = useQuery({
    queryKey: ['scan', id],
    queryFn: () => api<ScanJob>(`/scans/${id}`),
    enabled: open,
  });
  return (
    <>
      <button type="button" className="small secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide alerts' : 'Show alerts'}
      </button>
      {open && (
        <Loadable query={job} label="the scan's alerts">
          {(j) =>
            (j.alerts ?? []).length === 0 ? (
              <p>No alerts.</p>
            ) : (
              <ul className="plain alerts">
                {(j.alerts ?? []).slice(0, 50).map((a, i) => (
                  // Alerts have no id; their order (most severe first) is stable.
                  // biome-ignore lint/suspicious/noArrayIndexKey: see above
                  <li key={i}>{alertText(a)}</li>
                ))}
              </ul>
            )
          }
        </Loadable>
      )}
    </>
  );
}

/** Forensic scan jobs of the device; absent when the server has no scan routes. */
function Scans({ deviceId }: { deviceId: string }) {
  const scans = useQuery({
    queryKey: ['scans', deviceId],
    queryFn: () => api<ScanJob[]>('/scans', { query: { deviceId } }),
  });
  if (!scans.data || scans.data.length === 0) return null;
  return (
    <>
      <h3>Forensic scans</h3>
      <ul className="cards">
        {scans.data.map((j) => (
          <li key={j.id} className="card">
            <p>
              {formatDate(j.finishedAt ?? j.createdAt)} · {j.summary?.kind ?? 'scan'} by {j.performedBy}:{' '}
              <strong>{j.state}</strong>
              {j.summary && (
                <>
                  {' · verdict '}
                  <span className={`badge result-${j.summary.verdict}`}>{j.summary.verdict}</span>
                  {' · alerts '}
                  {Object.entries(j.summary.alertCounts)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ') || 'none'}
                </>
              )}
              {j.error && ` · failed: ${j.error.message} (${j.error.code})`}
              {j.inspectionId && ` · recorded as inspection ${j.inspectionId}`}
            </p>
            {j.state === 'done' && <ScanAlerts id={j.id} />}
          </li>
        ))}
      </ul>
    </>
  );
}

const MINUTE = 60_000;

/** "recorded 30 Nov 2026" when the fact was recorded more than a minute after it took effect (back-filled). */
function Recorded({ at, recordedAt }: { at: string; recordedAt: string }) {
  if (Date.parse(recordedAt) - Date.parse(at) <= MINUTE) return null;
  return <span className="muted"> (recorded {formatDay(recordedAt)})</span>;
}

type PastView = 'true' | 'known';

/**
 * The past day shown (a UTC day, `YYYY-MM-DD`) and how: as true then (everything known now) or as
 * known then (only what had been recorded by the day's end). Kept in the URL (`?day=…&view=known`)
 * so a past view can be bookmarked and shared.
 */
function usePastDay(): { day: string | null; view: PastView; set: (day: string, view: PastView) => void } {
  const [params, setParams] = useSearchParams();
  const raw = params.get('day');
  const day = raw !== null && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : null;
  const view: PastView = params.get('view') === 'known' ? 'known' : 'true';
  const set = (d: string, v: PastView) => {
    const next = new URLSearchParams();
    if (d !== '') next.set('day', d);
    if (v === 'known') next.set('view', 'known');
    setParams(next, { replace: true });
  };
  return { day, view, set };
}

function PastDayControl({
  day,
  view,
  set,
}: {
  day: string | null;
  view: PastView;
  set: (day: string, view: PastView) => void;
}) {
  return (
    <fieldset className="past-day">
      <legend>Past day</legend>
      <label>
        Day (UTC){' '}
        <input
          type="date"
          value={day ?? ''}
          max={new Date().toISOString().slice(0, 10)}
          onChange={(e) => set(e.target.value, view)}
        />
      </label>{' '}
      {day !== null && (
        <button type="button" className="small secondary" onClick={() => set('', view)}>
          Back to now
        </button>
      )}
      <div role="radiogroup" aria-labelledby="past-view-label" aria-describedby="past-view-help">
        <span id="past-view-label">View</span>{' '}
        <label>
          <input
            type="radio"
            name="past-view"
            value="true"
            checked={view === 'true'}
            onChange={() => set(day ?? '', 'true')}
          />{' '}
          As true then
        </label>{' '}
        <label>
          <input
            type="radio"
            name="past-view"
            value="known"
            checked={view === 'known'}
            onChange={() => set(day ?? '', 'known')}
          />{' '}
          As known then
        </label>
      </div>
      <p id="past-view-help" className="muted">
        As true then: the day by everything recorded since. As known then: only what Vigil had recorded by the
        day's end.
      </p>
    </fieldset>
  );
}

/** "2 h ago", "3 d ago": how long before `now` an instant was. */
export function ago(iso: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} d ago`;
}

type Finding = Findings['findings'][number];

/**
 * What the device's MDM says it applied: the protocol version it runs, or the drift finding.
 * Null when the MDM reports nothing of the kind (the device is not configured through Vigil).
 */
export function appliedLine(
  posture: readonly Posture[],
  drift: Finding | undefined,
  protocol: { name: string; version: string } | null,
  now: number,
): string | null {
  const latest = [...posture]
    .filter((r) => r.applied !== null)
    .sort((a, b) => Date.parse(b.observedAt) - Date.parse(a.observedAt))[0];
  if (drift !== undefined) return `Drift: ${drift.message}`;
  if (latest?.applied == null || protocol === null) return null;
  const ours = latest.applied.items.some(
    (x) => x.id.startsWith('vigil.') || x.token.startsWith('vigil-') || x.token.startsWith('Vigil '),
  );
  if (!ours) return null;
  return `runs protocol ${protocol.name} ${protocol.version} (${latest.applied.target}, applied ${ago(latest.observedAt, now)})`;
}

export function DeviceView({ id }: { id: string }) {
  const { day, view, set } = usePastDay();
  // The end of the chosen UTC day: its last millisecond. Today's end is still to come (the server
  // refuses a future instant), and today as true or as known is now.
  const today = new Date().toISOString().slice(0, 10);
  const asOf = day === null || day >= today ? undefined : `${day}T23:59:59.999Z`;
  const knownAt = asOf !== undefined && view === 'known' ? asOf : undefined;
  const at = { ...(asOf === undefined ? {} : { asOf }), ...(knownAt === undefined ? {} : { knownAt }) };
  const detail = useQuery({
    queryKey: ['device', id, asOf ?? null, knownAt ?? null],
    queryFn: () => api<DeviceDetail>(`/devices/${id}`, { query: at }),
  });
  const findings = useQuery({
    queryKey: ['findings', 'device', id, asOf ?? null, knownAt ?? null],
    queryFn: () => api<Findings>('/compliance/findings', { query: { deviceId: id, ...at } }),
  });
  const protocols = useQuery({
    queryKey: ['protocols'],
    queryFn: () => api<{ name: string; version: string }[]>('/protocols'),
  });
  const heading =
    day === null ? null : view === 'known' ? `As known on ${day}` : `As true on ${day}, by what is known now`;
  if (detail.error)
    return (
      <>
        <h1>Device {id}</h1>
        <PastDayControl day={day} view={view} set={set} />
        {heading && <p className="view-heading">{heading}</p>}
        <ErrorAlert error={detail.error} what="this device" />
      </>
    );
  return (
    <Loadable query={detail} label="this device">
      {({ device, statuses, custody, posture, inspections, rotations }) => (
        <>
          <h1>{deviceLabel(device)}</h1>
          <PastDayControl day={day} view={view} set={set} />
          {heading && (
            <p className="view-heading" role="status">
              <strong>{heading}</strong>
            </p>
          )}
          <dl className="facts">
            <div>
              <dt>Verdict</dt>
              <dd>
                <VerdictBadge
                  verdict={findings.data?.devices.find((d) => d.deviceId === id)?.verdict ?? 'not-evaluated'}
                />
              </dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>{device.status ?? 'unknown'}</dd>
            </div>
            <div>
              <dt>Holder</dt>
              <dd>{device.holderId ? <PersonLink id={device.holderId} /> : (device.location ?? '—')}</dd>
            </div>
            <div>
              <dt>Platform</dt>
              <dd>
                {device.platform} · {device.ownership} · serial {device.serial}
              </dd>
            </div>
            <div>
              <dt>Issued</dt>
              <dd>{formatDay(device.issuedAt)}</dd>
            </div>
            {(() => {
              const name = findings.data?.devices.find((d) => d.deviceId === id)?.protocol ?? null;
              const version = protocols.data?.find((p) => p.name === name)?.version;
              const drift = findings.data?.findings.find(
                (f) => f.rule === 'config.drift' && f.status !== 'resolved',
              );
              const line = appliedLine(
                posture,
                drift,
                name === null || version === undefined ? null : { name, version },
                Date.now(),
              );
              return line === null ? null : (
                <div>
                  <dt>Configuration</dt>
                  <dd>{line}</dd>
                </div>
              );
            })()}
          </dl>

          <section aria-labelledby="findings">
            <h2 id="findings">Findings</h2>
            <Loadable query={findings} label="the findings">
              {(f) => {
                const list = f.findings
                  .filter((x) => x.status !== 'resolved')
                  .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
                return list.length === 0 ? (
                  <p>No open findings.</p>
                ) : (
                  <ul className="cards">
                    {list.map((x) => (
                      <li key={`${x.rule}${x.since}`} className="card">
                        <p>
                          <SeverityBadge severity={x.severity} /> <code>{x.rule}</code>{' '}
                          {x.status === 'waived' && <span className="badge verdict-waived">waived</span>}{' '}
                          since <RelativeDay iso={x.since} />
                        </p>
                        <p>{x.message}</p>
                        <Evidence
                          evidence={x.waiver === null ? x.evidence : { ...x.evidence, waiverId: x.waiver }}
                          protocol={x.protocol}
                        />
                        <p>
                          <strong>Remedy:</strong> {x.remedy}
                        </p>
                      </li>
                    ))}
                  </ul>
                );
              }}
            </Loadable>
          </section>

          <section aria-labelledby="custody">
            <h2 id="custody">Custody chain</h2>
            <table>
              <caption>Who held the device, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col">Holder or location</th>
                  <th scope="col">Recorded by</th>
                </tr>
              </thead>
              <tbody>
                {newestFirst(custody).map((c) => (
                  <tr key={`${c.at}${c.holderId}${c.location}`}>
                    <td>
                      {formatDate(c.at)}
                      <Recorded at={c.at} recordedAt={c.recordedAt} />
                    </td>
                    <td>{c.holderId ? <PersonLink id={c.holderId} /> : (c.location ?? '—')}</td>
                    <td>{c.recordedBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Status history</h3>
            <ul className="plain">
              {newestFirst(statuses).map((s) => (
                <li key={`${s.at}${s.status}`}>
                  {formatDate(s.at)}: {s.status}
                  {s.reason ? ` — ${s.reason}` : ''}
                  <Recorded at={s.at} recordedAt={s.recordedAt} />
                </li>
              ))}
            </ul>
            {rotations.length > 0 && (
              <>
                <h3>Swaps</h3>
                <ul className="plain">
                  {rotations.map((r) => (
                    <li key={r.id}>
                      {formatDate(r.at)}: <DeviceLink id={r.oldDeviceId} /> replaced by{' '}
                      {r.newDeviceId ? <DeviceLink id={r.newDeviceId} /> : 'nothing'} ({r.performedBy})
                      <Recorded at={r.at} recordedAt={r.recordedAt} />
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>

          <section aria-labelledby="inspections">
            <h2 id="inspections">Inspections and scan results</h2>
            {inspections.length === 0 ? (
              <p>No security check recorded.</p>
            ) : (
              <ul className="cards">
                {newestFirst(inspections).map((i) => (
                  <li key={i.id} className="card">
                    <p>
                      {formatDate(i.at)} · {i.method} by {i.performedBy}:{' '}
                      <span className={`badge result-${i.result}`}>{i.result}</span>
                      <Recorded at={i.at} recordedAt={i.recordedAt} />
                    </p>
                    {i.notes && <p>{i.notes}</p>}
                    {i.evidence.length > 0 && (
                      <ul className="plain">
                        {i.evidence.map((e) => (
                          <li key={e.sha256}>
                            {e.name} <code className="hash">sha256 {e.sha256}</code>
                            {e.size !== undefined ? ` (${e.size} bytes)` : ''}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <Scans deviceId={id} />
          </section>

          <section aria-labelledby="posture">
            <h2 id="posture">Posture history</h2>
            <ScrollRegion label="Posture reports table">
              <table>
                <caption>Posture reports, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Observed</th>
                    <th scope="col">Source</th>
                    <th scope="col">OS</th>
                    <th scope="col">Lockdown</th>
                    <th scope="col">Sensors</th>
                    <th scope="col">Apps</th>
                  </tr>
                </thead>
                <tbody>
                  {posture.map((r) => (
                    <tr key={r.id}>
                      <td>
                        {formatDate(r.observedAt)}
                        <Recorded at={r.observedAt} recordedAt={r.receivedAt} />
                      </td>
                      <td>{r.source}</td>
                      <td>
                        {r.osVersion ?? '?'} {r.osBuild ? `(${r.osBuild})` : ''} {r.patchLevel ?? ''}
                      </td>
                      <td>{r.lockdownMode === null ? 'unknown' : r.lockdownMode ? 'on' : 'off'}</td>
                      <td>
                        {Object.entries(r.sensors)
                          .map(([k, v]) => `${k} ${v.state} (${v.provenance})`)
                          .join(', ') || '—'}
                      </td>
                      <td>{r.apps === null ? 'unknown' : r.apps.join(', ') || 'none'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </section>
        </>
      )}
    </Loadable>
  );
}
