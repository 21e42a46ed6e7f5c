import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client.ts';
import { type HistoryResponse, historyDays } from '../api/dashboard.ts';
import { useDevices, usePersonName } from '../api/queries.ts';
import type { Findings, Severity, Summary, Verdict, VerdictCounts } from '../api/types.ts';
import { HistoryChart } from '../components/HistoryChart.tsx';
import { formatDay, Loadable, ScrollRegion, SEVERITY_RANK, SeverityBadge } from '../components/ui.tsx';

const VERDICTS: Verdict[] = ['compliant', 'waived', 'non-compliant', 'not-evaluated'];
const VERDICT_LABEL: Record<Verdict, string> = {
  compliant: 'Compliant',
  waived: 'Waived',
  'non-compliant': 'Non-compliant',
  'not-evaluated': 'Not evaluated',
};
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const WORST_LIMIT = 50;
const FETCH_LIMIT = 2000;

function Counts({ counts }: { counts: VerdictCounts }) {
  return (
    <>
      <td>{counts.compliant}</td>
      <td>{counts.waived}</td>
      <td className={counts['non-compliant'] > 0 ? 'bad' : undefined}>{counts['non-compliant']}</td>
    </>
  );
}

const zero = (): VerdictCounts => ({ compliant: 0, waived: 0, 'non-compliant': 0, 'not-evaluated': 0 });

export function OverviewView() {
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [rule, setRule] = useState('');
  const [personId, setPersonId] = useState('');
  const [deviceRole, setDeviceRole] = useState('');
  const [status, setStatus] = useState<'open' | 'waived' | ''>('open');
  const name = usePersonName();
  const devices = useDevices();

  const summary = useQuery({ queryKey: ['summary'], queryFn: () => api<Summary>('/compliance/summary') });
  const findings = useQuery({
    queryKey: ['findings', severity, rule, personId],
    // Worst first from the server, one page: a 100,000-device fleet has tens of thousands.
    queryFn: () =>
      api<Findings>('/compliance/findings', { query: { severity, rule, personId, limit: FETCH_LIMIT } }),
  });
  // The server's default window (30 days), whose past days it stores once computed.
  const history = useQuery({
    queryKey: ['history'],
    queryFn: () => api<HistoryResponse>('/compliance/history'),
    // Days not computed yet come back pending: ask again until none are.
    refetchInterval: (q) => ((q.state.data?.pending ?? 0) > 0 ? 2000 : false),
    staleTime: 5 * 60_000,
  });

  const deviceById = useMemo(() => new Map((devices.data ?? []).map((d) => [d.id, d])), [devices.data]);

  const byRole = useMemo(() => {
    const m = new Map<string, VerdictCounts>();
    for (const d of findings.data?.devices ?? []) {
      const c = m.get(d.role) ?? zero();
      c[d.verdict]++;
      m.set(d.role, c);
    }
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [findings.data]);

  const partialRoles = (findings.data?.total?.devices ?? 0) > (findings.data?.devices.length ?? 0);
  const worst = useMemo(
    () =>
      (findings.data?.findings ?? [])
        .filter((f) => f.status !== 'resolved')
        .filter((f) => status === '' || f.status === status)
        .filter(
          (f) =>
            deviceRole === '' || (f.deviceId !== null && deviceById.get(f.deviceId)?.role === deviceRole),
        )
        .sort(
          (a, b) =>
            SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
            Date.parse(a.since) - Date.parse(b.since) ||
            a.rule.localeCompare(b.rule),
        ),
    [findings.data, status, deviceRole, deviceById],
  );

  return (
    <>
      <h1>Fleet overview</h1>
      <Loadable query={summary} label="the summary">
        {(s) => (
          <section aria-labelledby="at-a-glance">
            <h2 id="at-a-glance">At a glance</h2>
            <p className="muted">
              Evaluated {formatDay(s.asOf)} · {s.devices.total} devices
            </p>
            <ul className="tiles">
              {VERDICTS.map((v) => (
                <li key={v} className={`tile verdict-${v}`}>
                  <span className="tile-count">{s.devices.byVerdict[v]}</span>
                  <span className="tile-label">{VERDICT_LABEL[v]}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </Loadable>

      <Loadable query={history} label="the compliance history">
        {(h) => (
          <>
            <HistoryChart days={historyDays(h)} />
            {h.pending > 0 && (
              <p className="muted" role="status">
                {h.pending} day(s) still being computed…
              </p>
            )}
          </>
        )}
      </Loadable>

      <div className="columns">
        <Loadable query={summary} label="the breakdown by principal">
          {(s) => (
            <table>
              <caption>By principal</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Compliant</th>
                  <th scope="col">Waived</th>
                  <th scope="col">Non-compliant</th>
                </tr>
              </thead>
              <tbody>
                {s.people.map((p) => (
                  <tr key={p.personId ?? 'none'}>
                    <th scope="row">
                      {p.personId ? (
                        <Link href={`/people/${p.personId}`}>{name(p.personId)}</Link>
                      ) : (
                        'Unassigned'
                      )}
                    </th>
                    <Counts counts={p.byVerdict} />
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loadable>
        <table>
          <caption>
            By device role
            {partialRoles
              ? ` (the first ${findings.data?.devices.length} of ${findings.data?.total?.devices} devices)`
              : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Compliant</th>
              <th scope="col">Waived</th>
              <th scope="col">Non-compliant</th>
            </tr>
          </thead>
          <tbody>
            {byRole.map(([role, c]) => (
              <tr key={role}>
                <th scope="row">{role}</th>
                <Counts counts={c} />
              </tr>
            ))}
          </tbody>
        </table>
        <Loadable query={summary} label="the breakdown by rule">
          {(s) => (
            <table>
              <caption>Open findings by rule</caption>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Open</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(s.findings.byRule)
                  .sort(([, a], [, b]) => b - a)
                  .map(([r, n]) => (
                    <tr key={r}>
                      <th scope="row">
                        <button type="button" className="link" onClick={() => setRule(r)}>
                          {r}
                        </button>
                      </th>
                      <td>{n}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </Loadable>
      </div>

      <section aria-labelledby="findings-heading">
        <h2 id="findings-heading">Findings</h2>
        <form className="filters" aria-label="Filter findings" onSubmit={(e) => e.preventDefault()}>
          <label>
            Severity
            <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity | '')}>
              <option value="">Any</option>
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Rule
            <select value={rule} onChange={(e) => setRule(e.target.value)}>
              <option value="">Any</option>
              {Object.keys(summary.data?.findings.byRule ?? {})
                .sort()
                .map((r) => (
                  <option key={r}>{r}</option>
                ))}
              {rule && !(rule in (summary.data?.findings.byRule ?? {})) && <option>{rule}</option>}
            </select>
          </label>
          <label>
            Principal
            <select value={personId} onChange={(e) => setPersonId(e.target.value)}>
              <option value="">Any</option>
              {(summary.data?.people ?? []).map((p) =>
                p.personId ? (
                  <option key={p.personId} value={p.personId}>
                    {name(p.personId)}
                  </option>
                ) : null,
              )}
            </select>
          </label>
          <label>
            Device role
            <select value={deviceRole} onChange={(e) => setDeviceRole(e.target.value)}>
              <option value="">Any</option>
              {['calls', 'social', 'news', 'general'].map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label>
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value as 'open' | 'waived' | '')}>
              <option value="open">Open</option>
              <option value="waived">Waived</option>
              <option value="">Open or waived</option>
            </select>
          </label>
        </form>
        <Loadable query={findings} label="the findings">
          {() => (
            <ScrollRegion label="Worst findings table">
              <table className="findings">
                <caption>Worst findings</caption>
                <thead>
                  <tr>
                    <th scope="col">Severity</th>
                    <th scope="col">Rule</th>
                    <th scope="col">Device</th>
                    <th scope="col">Person</th>
                    <th scope="col">Since</th>
                    <th scope="col">Finding</th>
                  </tr>
                </thead>
                <tbody>
                  {worst.slice(0, WORST_LIMIT).map((f) => (
                    <tr key={`${f.rule}|${f.deviceId}|${f.personId}|${f.since}`}>
                      <td>
                        <SeverityBadge severity={f.severity} />
                        {f.status === 'waived' && <span className="badge verdict-waived">waived</span>}
                      </td>
                      <td>
                        <code>{f.rule}</code>
                      </td>
                      <td>
                        {f.deviceId ? (
                          <Link href={`/devices/${f.deviceId}`}>
                            {deviceById.get(f.deviceId)?.model ?? f.deviceId} ({f.deviceId})
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {f.personId ? <Link href={`/people/${f.personId}`}>{name(f.personId)}</Link> : '—'}
                      </td>
                      <td>{formatDay(f.since)}</td>
                      <td>{f.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {worst.length === 0 && <p>No findings match these filters.</p>}
              {worst.length > WORST_LIMIT && (
                <p className="muted">
                  Showing the {WORST_LIMIT} worst of {worst.length}; narrow the filters to see others.
                </p>
              )}
            </ScrollRegion>
          )}
        </Loadable>
      </section>
    </>
  );
}
