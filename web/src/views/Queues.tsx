import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client.ts';
import { usePersonName } from '../api/queries.ts';
import { can } from '../api/session.ts';
import type { Findings, Incident, ScheduleItem, Swap, User, Waiver } from '../api/types.ts';
import {
  ErrorAlert,
  formatDate,
  formatDay,
  Loadable,
  ScrollRegion,
  SeverityBadge,
} from '../components/ui.tsx';

const DeviceLink = ({ id }: { id: string }) => <Link href={`/devices/${id}`}>{id}</Link>;

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries();
}

/** Plans a swap of a device whose swap is due (technicians and admins run swaps). */
function PlanSwap({ deviceId }: { deviceId: string }) {
  const invalidate = useInvalidate();
  const plan = useMutation({
    mutationFn: () => api<Swap>('/swaps', { method: 'POST', body: { deviceId } }),
    onSuccess: invalidate,
  });
  return (
    <>
      <button type="button" className="small" onClick={() => plan.mutate()} disabled={plan.isPending}>
        Plan swap<span className="visually-hidden"> of {deviceId}</span>
      </button>
      {plan.error && <ErrorAlert error={plan.error} />}
    </>
  );
}

/** Records a security check of a device that is due (technicians and admins). */
function RecordCheck({ deviceId, user }: { deviceId: string; user: User }) {
  const invalidate = useInvalidate();
  const [open, setOpen] = useState(false);
  const record = useMutation({
    mutationFn: (body: Record<string, string>) => api('/inspections', { method: 'POST', body }),
    onSuccess: () => {
      setOpen(false);
      return invalidate();
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const notes = String(f.get('notes') ?? '').trim();
    record.mutate({
      deviceId,
      at: new Date().toISOString(),
      method: String(f.get('method')),
      result: String(f.get('result')),
      performedBy: String(f.get('performedBy') ?? '').trim() || user.name,
      ...(notes ? { notes } : {}),
    });
  };
  const id = `check-${deviceId}`;
  return (
    <>
      <button type="button" className="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        Record check<span className="visually-hidden"> of {deviceId}</span>
      </button>
      {open && (
        <form onSubmit={submit} className="inline-form" aria-label={`Record a security check of ${deviceId}`}>
          <label htmlFor={`${id}-method`}>Method</label>
          <select id={`${id}-method`} name="method" defaultValue="forensic-scan">
            <option>forensic-scan</option>
            <option>mdm-review</option>
            <option>physical-inspection</option>
          </select>
          <label htmlFor={`${id}-result`}>Result</label>
          <select id={`${id}-result`} name="result" defaultValue="clean">
            <option>clean</option>
            <option>suspicious</option>
            <option>compromised</option>
          </select>
          <label htmlFor={`${id}-by`}>Performed by</label>
          <input id={`${id}-by`} name="performedBy" defaultValue={user.name} required maxLength={200} />
          <label htmlFor={`${id}-notes`}>Notes</label>
          <input id={`${id}-notes`} name="notes" maxLength={1000} />
          <button type="submit" disabled={record.isPending}>
            Save check
          </button>
        </form>
      )}
      {record.error && <ErrorAlert error={record.error} />}
    </>
  );
}

function ScheduleTable({
  items,
  caption,
  kind,
  canPlan,
  planned,
  checker,
}: {
  items: ScheduleItem[];
  caption: string;
  kind: 'swap' | 'check';
  canPlan?: boolean;
  planned?: ReadonlySet<string>;
  /** The user, when they may record checks. */
  checker?: User;
}) {
  const name = usePersonName();
  if (items.length === 0) return <p>Nothing due.</p>;
  return (
    <ScrollRegion label={`${caption} table`}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Holder</th>
            <th scope="col">Due</th>
            {kind === 'swap' && <th scope="col">Stage by</th>}
            <th scope="col">State</th>
            {(canPlan || checker) && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={`${i.kind}${i.deviceId}`}>
              <td>
                <DeviceLink id={i.deviceId} />
              </td>
              <td>{i.personId ? <Link href={`/people/${i.personId}`}>{name(i.personId)}</Link> : '—'}</td>
              <td>{formatDay(i.dueAt)}</td>
              {kind === 'swap' && <td>{formatDay(i.stageBy)}</td>}
              <td className={i.overdue ? 'bad' : undefined}>{i.overdue ? 'Overdue' : 'Due'}</td>
              {canPlan && (
                <td>{planned?.has(i.deviceId) ? 'Swap planned' : <PlanSwap deviceId={i.deviceId} />}</td>
              )}
              {checker && (
                <td>
                  <RecordCheck deviceId={i.deviceId} user={checker} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function WaiverRow({ w, user }: { w: Waiver; user: User }) {
  const name = usePersonName();
  const invalidate = useInvalidate();
  const [rejecting, setRejecting] = useState(false);
  const approve = useMutation({
    mutationFn: () => api<Waiver>(`/waivers/${w.id}/approve`, { method: 'POST' }),
    onSuccess: invalidate,
  });
  const reject = useMutation({
    mutationFn: (reason: string) =>
      api<Waiver>(`/waivers/${w.id}/reject`, { method: 'POST', body: { reason } }),
    onSuccess: invalidate,
  });
  const submitReject = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
    if (reason) reject.mutate(reason);
  };
  const decides = can(user, 'decideWaivers');
  return (
    <li className="card">
      <p>
        <code>{w.rule}</code> for{' '}
        {'deviceId' in w.scope ? (
          <DeviceLink id={w.scope.deviceId} />
        ) : (
          <Link href={`/people/${w.scope.personId}`}>{name(w.scope.personId)}</Link>
        )}
        , until {formatDay(w.expiresAt)} · requested by {w.requestedBy} on {formatDay(w.requestedAt)}
      </p>
      <p>
        <strong>Reason:</strong> {w.reason}
      </p>
      <p>
        <strong>Risk:</strong> {w.risk}
      </p>
      {decides && (
        <div className="actions">
          <button type="button" onClick={() => approve.mutate()} disabled={approve.isPending}>
            Approve
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => setRejecting(true)}
            aria-expanded={rejecting}
          >
            Reject
          </button>
        </div>
      )}
      {decides && rejecting && (
        <form onSubmit={submitReject} className="inline-form">
          <label htmlFor={`reject-${w.id}`}>Reason for rejecting</label>
          <input id={`reject-${w.id}`} name="reason" required maxLength={1000} />
          <button type="submit" disabled={reject.isPending}>
            Confirm rejection
          </button>
        </form>
      )}
      {approve.error && <ErrorAlert error={approve.error} />}
      {reject.error && <ErrorAlert error={reject.error} />}
    </li>
  );
}

function IncidentCard({ incident, user }: { incident: Incident; user: User }) {
  const invalidate = useInvalidate();
  const step = useMutation({
    mutationFn: ({ stepId, status }: { stepId: string; status: 'in-progress' | 'done' }) =>
      api<Incident>(`/incidents/${incident.id}/steps/${encodeURIComponent(stepId)}`, {
        method: 'POST',
        body: { status },
      }),
    onSuccess: invalidate,
  });
  const acts = can(user, 'stepIncidents');
  return (
    <li className="card">
      <p>
        <SeverityBadge severity={incident.severity} /> <strong>{incident.summary}</strong> — {incident.status}
        , {incident.compromise} compromise, opened {formatDate(incident.openedAt)}
      </p>
      <p>
        Devices:{' '}
        {incident.devices.map((d, i) => (
          <span key={d.deviceId}>
            {i > 0 && ', '}
            <DeviceLink id={d.deviceId} />
          </span>
        ))}
      </p>
      <ol className="playbook" aria-label={`Playbook of incident ${incident.id}`}>
        {incident.steps.map((s) => (
          <li key={s.id} className={`step-${s.status}`}>
            {s.title} — <em>{s.status}</em>
            {'role' in s.owner ? ` (${s.owner.role})` : ''}
            {acts &&
              (s.status === 'pending' || s.status === 'in-progress') &&
              incident.status !== 'closed' && (
                <button
                  type="button"
                  className="small"
                  disabled={step.isPending}
                  onClick={() =>
                    step.mutate({ stepId: s.id, status: s.status === 'pending' ? 'in-progress' : 'done' })
                  }
                >
                  {s.status === 'pending' ? 'Start' : 'Mark done'}
                  <span className="visually-hidden">: {s.title}</span>
                </button>
              )}
          </li>
        ))}
      </ol>
      {step.error && <ErrorAlert error={step.error} />}
    </li>
  );
}

function FindingList({ findings, empty }: { findings: Findings['findings']; empty: string }) {
  const name = usePersonName();
  if (findings.length === 0) return <p>{empty}</p>;
  return (
    <ul className="cards">
      {findings.map((f) => (
        <li key={`${f.rule}${f.deviceId}${f.personId}${f.since}`} className="card">
          <p>
            <SeverityBadge severity={f.severity} /> {f.message}
          </p>
          <p className="muted">
            {f.personId && <Link href={`/people/${f.personId}`}>{name(f.personId)}</Link>}
            {f.deviceId && (
              <>
                {' · '}
                <DeviceLink id={f.deviceId} />
              </>
            )}{' '}
            · since {formatDay(f.since)} · {f.remedy}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function QueuesView({ user }: { user: User }) {
  const schedule = useQuery({
    queryKey: ['schedule'],
    queryFn: () => api<{ asOf: string; items: ScheduleItem[] }>('/schedule'),
  });
  const swaps = useQuery({
    queryKey: ['swaps', 'open'],
    queryFn: () => api<Swap[]>('/swaps', { query: { open: 'true' } }),
  });
  const waivers = useQuery({
    queryKey: ['waivers', 'requested'],
    queryFn: () => api<Waiver[]>('/waivers', { query: { state: 'requested' } }),
  });
  const incidents = useQuery({ queryKey: ['incidents'], queryFn: () => api<Incident[]>('/incidents') });
  const zone = useQuery({
    queryKey: ['findings', 'rule', 'zone.personal-device'],
    queryFn: () => api<Findings>('/compliance/findings', { query: { rule: 'zone.personal-device' } }),
  });
  const policy = useQuery({
    queryKey: ['findings', 'rule', 'policy.unacknowledged'],
    queryFn: () => api<Findings>('/compliance/findings', { query: { rule: 'policy.unacknowledged' } }),
  });
  const open = (f: Findings) => f.findings.filter((x) => x.status === 'open');

  return (
    <>
      <h1>Work queues</h1>
      <section aria-labelledby="q-swaps">
        <h2 id="q-swaps">Swaps to stage and perform</h2>
        <Loadable query={swaps} label="the swaps in progress">
          {(list) =>
            list.length > 0 && (
              <ul className="cards">
                {list.map((s) => (
                  <li key={s.id} className="card">
                    Swap {s.id} of <DeviceLink id={s.oldDeviceId} />: <strong>{s.state}</strong>
                    {s.stageBy && `, stage by ${formatDay(s.stageBy)}`}
                    {s.dueAt && `, due ${formatDay(s.dueAt)}`}
                    {s.newDeviceId && (
                      <>
                        {', replacement '}
                        <DeviceLink id={s.newDeviceId} />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )
          }
        </Loadable>
        <Loadable query={schedule} label="the schedule">
          {(s) => (
            <ScheduleTable
              kind="swap"
              caption="Swaps due"
              items={s.items.filter((i) => i.kind === 'swap')}
              canPlan={can(user, 'runSwaps')}
              planned={new Set((swaps.data ?? []).map((x) => x.oldDeviceId))}
            />
          )}
        </Loadable>
      </section>
      <section aria-labelledby="q-checks">
        <h2 id="q-checks">Checks due</h2>
        <Loadable query={schedule} label="the schedule">
          {(s) => (
            <ScheduleTable
              kind="check"
              caption="Security checks due"
              items={s.items.filter((i) => i.kind === 'check')}
              {...(can(user, 'recordChecks') ? { checker: user } : {})}
            />
          )}
        </Loadable>
      </section>
      <section aria-labelledby="q-waivers">
        <h2 id="q-waivers">Waivers to approve</h2>
        <Loadable query={waivers} label="the waivers">
          {(list) =>
            list.length === 0 ? (
              <p>No waiver awaits a decision.</p>
            ) : (
              <ul className="cards">
                {list.map((w) => (
                  <WaiverRow key={w.id} w={w} user={user} />
                ))}
              </ul>
            )
          }
        </Loadable>
      </section>
      <section aria-labelledby="q-incidents">
        <h2 id="q-incidents">Incidents</h2>
        <Loadable query={incidents} label="the incidents">
          {(list) => {
            const active = list.filter((i) => i.status !== 'closed');
            return active.length === 0 ? (
              <p>No open incident.</p>
            ) : (
              <ul className="cards">
                {active.map((i) => (
                  <IncidentCard key={i.id} incident={i} user={user} />
                ))}
              </ul>
            );
          }}
        </Loadable>
      </section>
      <section aria-labelledby="q-zones">
        <h2 id="q-zones">Zone violations</h2>
        <Loadable query={zone} label="the zone violations">
          {(f) => <FindingList findings={open(f)} empty="No personal device seen where it is banned." />}
        </Loadable>
      </section>
      <section aria-labelledby="q-policies">
        <h2 id="q-policies">Unacknowledged policies</h2>
        <Loadable query={policy} label="the policy acknowledgements">
          {(f) => <FindingList findings={open(f)} empty="Every required facility policy is acknowledged." />}
        </Loadable>
      </section>
    </>
  );
}
