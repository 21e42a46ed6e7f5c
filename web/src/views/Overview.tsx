import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client.ts';
import { type HistoryResponse, historyDays } from '../api/dashboard.ts';
import { usePersonName, useSummary } from '../api/queries.ts';
import type { Findings, Severity, Summary, Today, VerdictCounts } from '../api/types.ts';
import { HistoryChart } from '../components/HistoryChart.tsx';
import {
  DeviceLink,
  formatDay,
  Loadable,
  PersonLink,
  RelativeDay,
  ScrollRegion,
  SeverityBadge,
  VERDICT_TEXT,
} from '../components/ui.tsx';
import type { VerdictRow } from '../components/VerdictTable.tsx';
import { VerdictTable } from '../components/VerdictTable.tsx';

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
/** The findings shown: one page, the worst first (the server's order). */
const WORST_LIMIT = 50;

const verdictRow = (key: string, label: VerdictRow['label'], c: VerdictCounts): VerdictRow => ({
  key,
  label,
  compliant: c.compliant,
  waived: c.waived,
  nonCompliant: c['non-compliant'],
});

/**
 * Each principal (their staff's devices and findings counted in), then each of their staff on
 * a row of their own beneath: open findings are those naming the person, as the findings list
 * below shows them, so a staff member's personal phone in a zone counts for them.
 */
function principalRows(s: Summary): VerdictRow[] {
  const people = new Map(s.people.map((p) => [p.personId, p]));
  return s.principals.flatMap((p) => [
    { ...verdictRow(p.personId, <PersonLink id={p.personId} />, p.byVerdict), open: p.openFindings },
    ...p.staff.flatMap((id) => {
      const mine = people.get(id);
      if (mine === undefined) return [];
      return [
        {
          ...verdictRow(
            `${p.personId}/${id}`,
            <>
              <span className="visually-hidden">staff: </span>
              <PersonLink id={id} />
            </>,
            mine.byVerdict,
          ),
          open: mine.openFindings,
          sub: true,
        },
      ];
    }),
  ]);
}

const TILE_TEXT: Record<Summary['tiles'][number]['id'], string> = {
  ...VERDICT_TEXT,
  'open-findings': 'Open findings',
};

/** What to open for an item: its incident, its device or its person. */
function TodayLink({ item }: { item: Today['items'][number] }) {
  if (item.incidentId !== null) return <Link href="/queues">Open the incident in the work queues</Link>;
  if (item.deviceId !== null) return <DeviceLink id={item.deviceId}>Open {item.deviceId}</DeviceLink>;
  if (item.personId !== null) return <PersonLink id={item.personId} />;
  return null;
}

/** The three things most worth doing now, ranked by the server (GET /compliance/today). */
function TodayList() {
  const today = useQuery({ queryKey: ['today'], queryFn: () => api<Today>('/compliance/today') });
  return (
    <section aria-labelledby="today-heading" className="today">
      <h2 id="today-heading">Top three things to do today</h2>
      <Loadable query={today} label="today's list">
        {(t) =>
          t.items.length === 0 ? (
            <p>Nothing urgent: no open incident, finding or deadline due by tomorrow.</p>
          ) : (
            <ol className="today-list">
              {t.items.map((i) => (
                <li key={`${i.kind}|${i.incidentId ?? i.deviceId ?? i.personId}|${i.rule ?? ''}`}>
                  <p>
                    <SeverityBadge severity={i.severity} /> <strong>{i.title}</strong>
                  </p>
                  <p>
                    {i.detail}{' '}
                    <span className="muted">
                      ({i.kind === 'deadline' ? 'due' : 'since'}{' '}
                      <RelativeDay iso={i.at} now={Date.parse(t.at)} />)
                    </span>{' '}
                    <TodayLink item={i} />
                  </p>
                </li>
              ))}
            </ol>
          )
        }
      </Loadable>
    </section>
  );
}

/**
 * Every count comes from the summary and the findings from one filtered page of the server's
 * list: nothing here grows with the fleet but the by-principal table (a 100,000-device fleet
 * once took 11 s to render when the page fetched thousands of findings and the device list).
 */
export function OverviewView() {
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [rule, setRule] = useState('');
  const [personId, setPersonId] = useState('');
  const [deviceRole, setDeviceRole] = useState('');
  const [status, setStatus] = useState<'open' | 'waived' | ''>('open');
  const name = usePersonName();

  const summary = useSummary();
  const findings = useQuery({
    queryKey: ['findings', 'worst', severity, rule, personId, deviceRole, status],
    queryFn: () =>
      api<Findings>('/compliance/findings', {
        query: { severity, rule, personId, role: deviceRole, status, limit: WORST_LIMIT },
      }),
  });
  // "As true then" (by what is known now) or "as known then" (by what was recorded by each day's end).
  const [known, setKnown] = useState<'now' | 'then'>('now');
  // The server's default window (30 days), whose past days it stores once computed.
  const history = useQuery({
    queryKey: ['history', known],
    queryFn: () => api<HistoryResponse>('/compliance/history', { query: { known } }),
    // Days not computed yet come back pending: ask again until none are.
    refetchInterval: (q) => ((q.state.data?.pending ?? 0) > 0 ? 2000 : false),
    staleTime: 5 * 60_000,
  });

  return (
    <>
      <h1>Fleet overview</h1>
      <TodayList />
      <Loadable query={summary} label="the summary">
        {(s) => (
          <section aria-labelledby="at-a-glance">
            <h2 id="at-a-glance">At a glance</h2>
            <p className="muted">
              Evaluated {formatDay(s.asOf)} · {s.devices.total} devices
            </p>
            <ul className="tiles">
              {s.tiles.map((t) => (
                <li key={t.id} className={`tile verdict-${t.id}`} data-tile={t.id}>
                  <span className="tile-count">{t.count}</span>
                  <span className="tile-label">{TILE_TEXT[t.id]}</span>
                  <span className="tile-text">{t.text}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </Loadable>

      <fieldset className="segmented" aria-describedby="history-basis-help">
        <legend>History basis</legend>
        <label>
          <input
            type="radio"
            name="history-basis"
            value="now"
            checked={known === 'now'}
            onChange={() => setKnown('now')}
          />{' '}
          As true then
        </label>
        <label>
          <input
            type="radio"
            name="history-basis"
            value="then"
            checked={known === 'then'}
            onChange={() => setKnown('then')}
          />{' '}
          As known then
        </label>
        <p id="history-basis-help" className="muted">
          As true then: each day by everything known now, records entered later included. As known then: each
          day by only what had been recorded by its end.
        </p>
      </fieldset>
      <Loadable query={history} label="the compliance history">
        {(h) => (
          <>
            <HistoryChart days={historyDays(h)} known={h.known} />
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
            <VerdictTable
              caption="By principal, staff included"
              first="Principal"
              openColumn
              rows={principalRows(s)}
            />
          )}
        </Loadable>
        <Loadable query={summary} label="the breakdown by device role">
          {(s) => (
            <VerdictTable
              caption="By device role"
              first="Role"
              rows={s.roles.map((r) => verdictRow(r.role, r.role, r.byVerdict))}
            />
          )}
        </Loadable>
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
              {(summary.data?.roles ?? []).map((r) => (
                <option key={r.role}>{r.role}</option>
              ))}
            </select>
          </label>
          <label>
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value as 'open' | 'waived' | '')}>
              <option value="open">Open</option>
              <option value="waived">Waived</option>
              <option value="">Any</option>
            </select>
          </label>
        </form>
        <Loadable query={findings} label="the findings">
          {(page) => (
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
                  {page.findings.map((f) => (
                    <tr key={`${f.rule}|${f.deviceId}|${f.personId}|${f.since}`}>
                      <td>
                        <SeverityBadge severity={f.severity} />
                        {f.status === 'waived' && <span className="badge verdict-waived">waived</span>}
                      </td>
                      <td>
                        <code>{f.rule}</code>
                      </td>
                      <td>{f.deviceId ? <DeviceLink id={f.deviceId} /> : '—'}</td>
                      <td>{f.personId ? <PersonLink id={f.personId} /> : '—'}</td>
                      <td>{formatDay(f.since)}</td>
                      <td>{f.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {page.total.findings === 0 && <p>No findings match these filters.</p>}
              {page.total.findings > page.findings.length && (
                <p className="muted">
                  Showing the {page.findings.length} worst of {page.total.findings}; narrow the filters to see
                  others.
                </p>
              )}
            </ScrollRegion>
          )}
        </Loadable>
      </section>
    </>
  );
}
