/** Waivers awaiting a decision (approve: officers; reject) and waivers in force (revoke): officers and admins. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { User, Waiver } from '../../api/types.ts';
import { DeviceLink, formatDay, Loadable, PersonLink } from '../../components/ui.tsx';
import { CommandButton, CommandForm, field, TextField } from './common.tsx';
import { QueueCard } from './outcome.tsx';
import { allowed } from './permissions.ts';

function Scope({ w }: { w: Waiver }) {
  return 'deviceId' in w.scope ? <DeviceLink id={w.scope.deviceId} /> : <PersonLink id={w.scope.personId} />;
}

/** Reject and revoke both take a reason. */
function ReasonCommand({
  w,
  path,
  label,
  submit,
  outcome,
}: {
  w: Waiver;
  path: string;
  label: string;
  submit: string;
  outcome: string;
}) {
  return (
    <CommandForm
      label={label}
      secondary
      target={`the waiver of ${w.rule}`}
      title={`${label} the waiver of ${w.rule}`}
      submit={submit}
      toBody={(f) => ({ reason: field(f, 'reason') ?? '' })}
      run={(body) => api<Waiver>(`/waivers/${encodeURIComponent(w.id)}/${path}`, { method: 'POST', body })}
      outcome={outcome}
    >
      {(id) => (
        <TextField
          id={id('reason')}
          name="reason"
          label={`Reason to ${label.toLowerCase()}`}
          required
          maxLength={1000}
        />
      )}
    </CommandForm>
  );
}

function WaiverCard({ w, user }: { w: Waiver; user: User }) {
  const decides = allowed(user, 'decideWaivers');
  const approves = allowed(user, 'approveWaivers');
  return (
    <QueueCard
      head={
        <>
          <code>{w.rule}</code> for <Scope w={w} />
          {w.state === 'approved'
            ? `, approved by ${w.approvedBy ?? '—'} on ${formatDay(w.approvedAt)}, in force until ${formatDay(w.expiresAt)}`
            : `, until ${formatDay(w.expiresAt)} · requested by ${w.requestedBy} on ${formatDay(w.requestedAt)}`}
        </>
      }
    >
      <p>
        <strong>Reason:</strong> {w.reason}
      </p>
      <p>
        <strong>Risk:</strong> {w.risk}
      </p>
      {decides && w.state === 'requested' && (
        <div className="actions">
          {approves && (
            <CommandButton
              label="Approve"
              target={`the waiver of ${w.rule}`}
              run={() => api<Waiver>(`/waivers/${encodeURIComponent(w.id)}/approve`, { method: 'POST' })}
              outcome={`Waiver of ${w.rule} approved; it is listed under Waivers in force.`}
            />
          )}
          <ReasonCommand
            w={w}
            path="reject"
            label="Reject"
            submit="Confirm rejection"
            outcome={`Waiver of ${w.rule} rejected.`}
          />
        </div>
      )}
      {decides && w.state === 'approved' && (
        <div className="actions">
          <ReasonCommand
            w={w}
            path="revoke"
            label="Revoke"
            submit="Confirm revocation"
            outcome={`Waiver of ${w.rule} revoked.`}
          />
        </div>
      )}
    </QueueCard>
  );
}

function WaiverCards({ list, user, empty }: { list: readonly Waiver[]; user: User; empty: string }) {
  return list.length === 0 ? (
    <p>{empty}</p>
  ) : (
    <ul className="cards">
      {list.map((w) => (
        <WaiverCard key={w.id} w={w} user={user} />
      ))}
    </ul>
  );
}

export function WaiversQueue({ user }: { user: User }) {
  const requested = useQuery({
    queryKey: ['waivers', 'requested'],
    queryFn: () => api<Waiver[]>('/waivers', { query: { state: 'requested' } }),
  });
  const approved = useQuery({
    queryKey: ['waivers', 'approved'],
    queryFn: () => api<Waiver[]>('/waivers', { query: { state: 'approved' } }),
  });
  return (
    <>
      <Loadable query={requested} label="the waivers">
        {(list) => <WaiverCards list={list} user={user} empty="No waiver awaits a decision." />}
      </Loadable>
      <h3>Waivers in force</h3>
      <Loadable query={approved} label="the approved waivers">
        {(list) => {
          // Expiry is time, not a state: an approved waiver past its end no longer covers anything.
          const now = Date.now();
          const inForce = list.filter((w) => Date.parse(w.expiresAt) > now);
          return <WaiverCards list={inForce} user={user} empty="No waiver is in force." />;
        }}
      </Loadable>
    </>
  );
}
