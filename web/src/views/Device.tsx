import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { deviceLabel } from '../api/queries.ts';
import type { DeviceDetail, Findings, ScanJob } from '../api/types.ts';
import {
  DeviceLink,
  ErrorAlert,
  formatDate,
  formatDay,
  Loadable,
  PersonLink,
  ScrollRegion,
  SEVERITY_RANK,
  SeverityBadge,
  VerdictBadge,
} from '../components/ui.tsx';

const newestFirst = <T extends { at: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const entries = Object.entries(evidence);
  if (entries.length === 0) return null;
  return (
    <dl className="evidence">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

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

export function DeviceView({ id }: { id: string }) {
  const detail = useQuery({ queryKey: ['device', id], queryFn: () => api<DeviceDetail>(`/devices/${id}`) });
  const findings = useQuery({
    queryKey: ['findings', 'device', id],
    queryFn: () => api<Findings>('/compliance/findings', { query: { deviceId: id } }),
  });
  if (detail.error)
    return (
      <>
        <h1>Device {id}</h1>
        <ErrorAlert error={detail.error} what="this device" />
      </>
    );
  return (
    <Loadable query={detail} label="this device">
      {({ device, statuses, custody, posture, inspections, rotations }) => (
        <>
          <h1>{deviceLabel(device)}</h1>
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
                          {x.status === 'waived' && (
                            <span className="badge verdict-waived">waived ({x.waiver})</span>
                          )}{' '}
                          since {formatDay(x.since)}
                        </p>
                        <p>{x.message}</p>
                        <Evidence evidence={x.evidence} />
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
                    <td>{formatDate(c.at)}</td>
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
                      <td>{formatDate(r.observedAt)}</td>
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
