/**
 * Swaps in progress, each with the next steps its state allows (src/core/lifecycle/swap.ts):
 *
 *   planned ─stage─▶ staged ─handover─▶ handed-over ─collect─▶ collected ─examine─▶ examined ─wipe/retain
 *   planned, staged ─decline/cancel─▶ (ended)
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { deviceLabel, usePersonName } from '../../api/queries.ts';
import type { Custody, Device, ScheduleItem, Swap, SwapState, User } from '../../api/types.ts';
import { DeviceLink, formatDay, PersonLink } from '../../components/ui.tsx';
import {
  ChoiceField,
  CommandButton,
  CommandForm,
  field,
  LateLabel,
  PersonField,
  TextField,
} from './common.tsx';
import { lateness } from './lateness.ts';
import { QueueCard } from './outcome.tsx';
import { allowed } from './permissions.ts';
import { METHODS, RESULTS } from './Schedule.tsx';

const STATE_TEXT: Record<SwapState, string> = {
  planned: 'planned',
  staged: 'staged',
  'handed-over': 'handed over',
  collected: 'old device collected',
  examined: 'old device examined',
  wiped: 'wiped',
  retained: 'retained',
  declined: 'declined',
  cancelled: 'cancelled',
};

const step = (swap: Swap, path: string, body?: unknown) => () =>
  api<Swap>(`/swaps/${encodeURIComponent(swap.id)}/${path}`, {
    method: 'POST',
    ...(body === undefined ? {} : { body }),
  });

/** The custody fields of a form, sent only when given (the replacement otherwise stays where it is). */
function custodyOf(f: FormData): Partial<Custody> {
  const holderId = field(f, 'holderId');
  const location = field(f, 'location');
  return { ...(holderId ? { holderId } : {}), ...(location ? { location } : {}) };
}

function Where({ c }: { c: Custody }) {
  return (
    <>
      {c.holderId && (
        <>
          with <PersonLink id={c.holderId} />
        </>
      )}
      {c.holderId && c.location && ', '}
      {c.location && <>at {c.location}</>}
    </>
  );
}

/** Staged issued devices, the only ones a swap may take as a replacement. */
function useStagedDevices() {
  return useQuery({
    queryKey: ['devices', 'staged'],
    queryFn: () => api<Device[]>('/devices', { query: { status: 'staged', limit: 1000 } }),
  });
}

function StageForm({ swap, again }: { swap: Swap; again: boolean }) {
  const staged = useStagedDevices();
  const choices = (staged.data ?? []).filter((d) => d.ownership === 'issued' && d.id !== swap.oldDeviceId);
  return (
    <CommandForm
      label={again ? 'Change replacement' : 'Stage'}
      secondary={again}
      target={`for swap ${swap.id} of ${swap.oldDeviceId}`}
      title={`Stage a replacement for ${swap.oldDeviceId}`}
      submit="Stage replacement"
      toBody={(f) => ({ newDeviceId: String(f.get('newDeviceId') ?? ''), ...custodyOf(f) })}
      run={(body) => step(swap, 'stage', body)()}
      outcome={(s) =>
        `Swap of ${swap.oldDeviceId}: ${s.newDeviceId ?? 'replacement'} staged; next, hand it over.`
      }
    >
      {(id) => (
        <>
          <ChoiceField
            id={id('new')}
            name="newDeviceId"
            label="Replacement (a staged device)"
            options={choices.map((d) => ({
              value: d.id,
              text: `${deviceLabel(d)}${d.location ? `, ${d.location}` : ''}`,
            }))}
            {...(swap.newDeviceId ? { defaultValue: swap.newDeviceId } : {})}
          />
          <PersonField id={id('holder')} name="holderId" label="Held by" none="— nobody (stored) —" />
          <TextField
            id={id('location')}
            name="location"
            label="Stored at (blank: where it is)"
            maxLength={200}
          />
        </>
      )}
    </CommandForm>
  );
}

function DeclineForm({ swap }: { swap: Swap }) {
  return (
    <CommandForm
      label="Decline"
      secondary
      target={`swap ${swap.id} of ${swap.oldDeviceId}`}
      title={`Record that the holder declined the swap of ${swap.oldDeviceId}`}
      submit="Record decline"
      toBody={(f) => {
        const declinedBy = field(f, 'declinedBy');
        return { reason: field(f, 'reason') ?? '', ...(declinedBy ? { declinedBy } : {}) };
      }}
      run={(body) => step(swap, 'decline', body)()}
      outcome={`Swap of ${swap.oldDeviceId}: the holder's decline is recorded and the swap ended.`}
    >
      {(id) => (
        <>
          <PersonField id={id('by')} name="declinedBy" label="Declined by" defaultValue={swap.personId} />
          <TextField id={id('reason')} name="reason" label="Reason given" required maxLength={1000} />
        </>
      )}
    </CommandForm>
  );
}

function CancelForm({ swap }: { swap: Swap }) {
  return (
    <CommandForm
      label="Cancel swap"
      secondary
      target={`${swap.id} of ${swap.oldDeviceId}`}
      title={`Cancel the swap of ${swap.oldDeviceId}`}
      submit="Confirm cancellation"
      toBody={(f) => ({ reason: field(f, 'reason') ?? '' })}
      run={(body) => step(swap, 'cancel', body)()}
      outcome={`Swap of ${swap.oldDeviceId} cancelled.`}
    >
      {(id) => <TextField id={id('reason')} name="reason" label="Why cancel" required maxLength={1000} />}
    </CommandForm>
  );
}

function CollectForm({ swap }: { swap: Swap }) {
  return (
    <CommandForm
      label="Collect old device"
      target={`${swap.oldDeviceId} (swap ${swap.id})`}
      title={`Record where the old device ${swap.oldDeviceId} goes`}
      submit="Record collection"
      toBody={custodyOf}
      check={(f) =>
        field(f, 'holderId') || field(f, 'location')
          ? null
          : 'Say who takes the old device or where it is stored.'
      }
      run={(body) => step(swap, 'collect', body)()}
      outcome={`Swap of ${swap.oldDeviceId}: old device collected; next, examine it.`}
    >
      {(id) => (
        <>
          <PersonField id={id('holder')} name="holderId" label="Taken by" none="— nobody (stored) —" />
          <TextField id={id('location')} name="location" label="Stored at" maxLength={200} />
        </>
      )}
    </CommandForm>
  );
}

function ExamineForm({ swap }: { swap: Swap }) {
  return (
    <CommandForm
      label="Record examination"
      target={`of ${swap.oldDeviceId} (swap ${swap.id})`}
      title={`Record the examination of ${swap.oldDeviceId}`}
      submit="Save examination"
      toBody={(f) => {
        const notes = field(f, 'notes');
        return {
          method: String(f.get('method')),
          result: String(f.get('result')),
          ...(notes ? { notes } : {}),
        };
      }}
      run={(body) => step(swap, 'examine', body)()}
      outcome={`Swap of ${swap.oldDeviceId}: examination recorded; next, wipe or retain the old device.`}
    >
      {(id) => (
        <>
          <ChoiceField id={id('method')} name="method" label="Method" options={METHODS} />
          <ChoiceField id={id('result')} name="result" label="Result" options={RESULTS} />
          <TextField id={id('notes')} name="notes" label="Notes" maxLength={2000} />
        </>
      )}
    </CommandForm>
  );
}

/** The steps the swap's state allows, for the user's role (the API checks both again). */
function SwapActions({ swap, user }: { swap: Swap; user: User }) {
  const runs = allowed(user, 'runSwaps');
  const declines = allowed(user, 'declineSwaps');
  const of = `of ${swap.oldDeviceId} (swap ${swap.id})`;
  switch (swap.state) {
    case 'planned':
    case 'staged': {
      const staged = swap.state === 'staged';
      if (!runs && !declines) return null;
      return (
        <div className="actions">
          {runs && staged && (
            <CommandButton
              label="Hand over"
              target={of}
              run={step(swap, 'handover')}
              outcome={`Swap of ${swap.oldDeviceId}: replacement handed over; next, collect the old device.`}
            />
          )}
          {runs && <StageForm swap={swap} again={staged} />}
          {declines && <DeclineForm swap={swap} />}
          {runs && <CancelForm swap={swap} />}
        </div>
      );
    }
    case 'handed-over':
      return runs ? (
        <div className="actions">
          <CollectForm swap={swap} />
        </div>
      ) : null;
    case 'collected':
      return runs ? (
        <div className="actions">
          <ExamineForm swap={swap} />
        </div>
      ) : null;
    case 'examined':
      return runs ? (
        <div className="actions">
          <CommandButton
            label="Wiped"
            target={of}
            run={step(swap, 'wipe')}
            outcome={`Swap of ${swap.oldDeviceId} complete: old device wiped. It has left the queue.`}
          />
          <CommandButton
            label="Retain as evidence"
            target={of}
            secondary
            run={step(swap, 'retain')}
            outcome={`Swap of ${swap.oldDeviceId} complete: old device retained as evidence. It has left the queue.`}
          />
        </div>
      ) : null;
    case 'wiped':
    case 'retained':
    case 'declined':
    case 'cancelled':
      return null;
  }
}

export function SwapCard({
  swap,
  user,
  deadline,
  now,
}: {
  swap: Swap;
  user: User;
  /** The schedule's item for the old device (its grace period), when it has one. */
  deadline: ScheduleItem | undefined;
  now: number;
}) {
  const name = usePersonName();
  // Dates matter only until the replacement is handed over; stage-by only until it is staged.
  const waiting = swap.state === 'planned' || swap.state === 'staged';
  const late = waiting
    ? lateness(
        {
          dueAt: swap.dueAt,
          graceUntil: deadline?.graceUntil,
          stageBy: swap.state === 'planned' ? swap.stageBy : null,
        },
        now,
        formatDay,
      )
    : null;
  return (
    <QueueCard
      head={
        <>
          Swap of <DeviceLink id={swap.oldDeviceId} /> for {name(swap.personId)}:{' '}
          <strong className="swap-state">{STATE_TEXT[swap.state]}</strong>
          {swap.stageBy && swap.state === 'planned' && `, stage by ${formatDay(swap.stageBy)}`}
          {swap.dueAt && `, due ${formatDay(swap.dueAt)}`}
          {late && (
            <>
              {' '}
              <LateLabel late={late} />
            </>
          )}
        </>
      }
    >
      {swap.newDeviceId && (
        <p>
          Replacement <DeviceLink id={swap.newDeviceId} />
          {swap.custody.new && (
            <>
              {' '}
              <Where c={swap.custody.new} />
            </>
          )}
        </p>
      )}
      {(swap.state === 'collected' || swap.state === 'examined') && (
        <p>
          Old device <Where c={swap.custody.old} />
        </p>
      )}
      <p className="muted">
        Planned {formatDay(swap.plannedAt)} by {swap.plannedBy} · {swap.id}
      </p>
      <SwapActions swap={swap} user={user} />
    </QueueCard>
  );
}
