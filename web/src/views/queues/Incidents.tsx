/**
 * Open incidents and their playbooks. A step moves forward only (pending → in progress → done,
 * or skipped with a reason); once every step is done or skipped the incident is contained and an
 * officer closes it, saying what becomes of its quarantined devices.
 */
import { api } from '../../api/client.ts';
import type { Incident, IncidentStep, User } from '../../api/types.ts';
import { DeviceLink, formatDate, SeverityBadge } from '../../components/ui.tsx';
import { ChoiceField, CommandButton, CommandForm, field, TextField } from './common.tsx';
import { QueueCard } from './outcome.tsx';
import { allowed, whyNotCloser } from './permissions.ts';

const stepUrl = (incident: Incident, s: IncidentStep) =>
  `/incidents/${encodeURIComponent(incident.id)}/steps/${encodeURIComponent(s.id)}`;

function StepActions({ incident, s }: { incident: Incident; s: IncidentStep }) {
  const move = (status: 'in-progress' | 'done') => () =>
    api<Incident>(stepUrl(incident, s), { method: 'POST', body: { status } });
  const target = `— ${s.title}`;
  /** The last step settled contains the incident: say that it can now be closed. */
  const said = (what: string) => (i: Incident) =>
    `Step ${what}: ${s.title}.${i.status === 'contained' ? ' Every step is settled; the incident can be closed.' : ''}`;
  return (
    <span className="actions step-actions">
      {s.status === 'pending' && (
        <CommandButton label="Start" target={target} run={move('in-progress')} outcome={said('started')} />
      )}
      <CommandButton label="Mark done" target={target} run={move('done')} outcome={said('done')} />
      <CommandForm
        label="Skip"
        secondary
        target={target}
        title={`Skip the step: ${s.title}`}
        submit="Confirm skip"
        toBody={(f) => ({ status: 'skipped', reason: field(f, 'reason') ?? '' })}
        run={(body) => api<Incident>(stepUrl(incident, s), { method: 'POST', body })}
        outcome={said('skipped')}
      >
        {(id) => (
          <TextField
            id={id('reason')}
            name="reason"
            label="Why it does not apply"
            required
            maxLength={2000}
          />
        )}
      </CommandForm>
    </span>
  );
}

const RESOLUTIONS = [
  { value: 'cleared', text: 'Cleared: devices back to their prior status' },
  { value: 'wiped', text: 'Wiped: devices marked wiped' },
  { value: 'retained', text: 'Retained as evidence: devices retired' },
];

function CloseForm({ incident }: { incident: Incident }) {
  return (
    <CommandForm
      label="Close incident"
      target={incident.id}
      title={`Close incident ${incident.id}`}
      submit="Confirm closing"
      toBody={(f) => {
        const note = field(f, 'note');
        return { resolution: String(f.get('resolution')), ...(note ? { note } : {}) };
      }}
      run={(body) =>
        api<Incident>(`/incidents/${encodeURIComponent(incident.id)}/close`, { method: 'POST', body })
      }
      outcome={`Incident ${incident.id} closed. It has left the queue.`}
    >
      {(id) => (
        <>
          <ChoiceField id={id('resolution')} name="resolution" label="Resolution" options={RESOLUTIONS} />
          <TextField id={id('note')} name="note" label="Closing note" maxLength={2000} />
        </>
      )}
    </CommandForm>
  );
}

export function IncidentCard({ incident, user }: { incident: Incident; user: User }) {
  const steps = allowed(user, 'stepIncidents');
  const closes = allowed(user, 'closeIncidents');
  const notCloser = whyNotCloser(incident, user);
  return (
    <QueueCard
      head={
        <>
          <SeverityBadge severity={incident.severity} /> <strong>{incident.summary}</strong> —{' '}
          <span className="incident-status">{incident.status}</span>, {incident.compromise} compromise, opened{' '}
          {formatDate(incident.openedAt)}
        </>
      }
    >
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
            {s.reason && ` — ${s.reason}`}
            {steps && (s.status === 'pending' || s.status === 'in-progress') && (
              <StepActions incident={incident} s={s} />
            )}
          </li>
        ))}
      </ol>
      {closes && incident.status === 'contained' && notCloser === null && (
        <div className="actions">
          <CloseForm incident={incident} />
        </div>
      )}
      {closes && incident.status === 'contained' && notCloser !== null && (
        <p className="muted not-closer">{notCloser}</p>
      )}
      {closes && (incident.status === 'open' || incident.status === 'containing') && (
        <p className="muted">It can be closed once every step is done or skipped with a reason.</p>
      )}
    </QueueCard>
  );
}
