/**
 * Swaps and checks due (GET /schedule), with what may be done about each: plan the swap,
 * record the check, or record that the holder refused it.
 */
import { api } from '../../api/client.ts';
import type { ScheduleItem, User } from '../../api/types.ts';
import { DeviceLink, formatDay, PersonLink, ScrollRegion } from '../../components/ui.tsx';
import { ChoiceField, CommandButton, CommandForm, field, LateLabel, TextField } from './common.tsx';
import { lateness } from './lateness.ts';
import { QueueRow } from './outcome.tsx';
import { allowed } from './permissions.ts';

/** How a device can be checked, and what a check can find (a check due, or a returned device examined). */
export const METHODS = ['forensic-scan', 'mdm-review', 'physical-inspection'] as const;
export const RESULTS = ['clean', 'suspicious', 'compromised'] as const;

/** POST /inspections: a security check of a device that is due. */
function RecordCheck({ deviceId, user }: { deviceId: string; user: User }) {
  return (
    <CommandForm
      label="Record check"
      target={`of ${deviceId}`}
      title={`Record a security check of ${deviceId}`}
      submit="Save check"
      toBody={(f) => {
        const notes = field(f, 'notes');
        return {
          deviceId,
          at: new Date().toISOString(),
          method: String(f.get('method')),
          result: String(f.get('result')),
          performedBy: field(f, 'performedBy') ?? user.name,
          ...(notes ? { notes } : {}),
        };
      }}
      run={(body) => api('/inspections', { method: 'POST', body })}
      outcome={`Security check of ${deviceId} recorded; its next due date is updated.`}
    >
      {(id) => (
        <>
          <ChoiceField id={id('method')} name="method" label="Method" options={METHODS} />
          <ChoiceField id={id('result')} name="result" label="Result" options={RESULTS} />
          <TextField
            id={id('by')}
            name="performedBy"
            label="Performed by"
            required
            maxLength={200}
            defaultValue={user.name}
          />
          <TextField id={id('notes')} name="notes" label="Notes" maxLength={2000} />
        </>
      )}
    </CommandForm>
  );
}

/** POST /refusals: the holder declined the swap or check that is due. */
function RecordRefusal({ item }: { item: ScheduleItem & { personId: string } }) {
  const what = item.kind === 'swap' ? 'swap' : 'security check';
  return (
    <CommandForm
      label="Record refusal"
      target={`of the ${what} of ${item.deviceId}`}
      title={`Record that the holder refused the ${what} of ${item.deviceId}`}
      submit="Save refusal"
      secondary
      toBody={(f) => ({
        personId: item.personId,
        deviceId: item.deviceId,
        action: item.kind,
        reason: field(f, 'reason') ?? '',
      })}
      run={(body) => api('/refusals', { method: 'POST', body })}
      outcome={`Refusal of the ${what} of ${item.deviceId} recorded.`}
    >
      {(id) => <TextField id={id('reason')} name="reason" label="Reason given" required maxLength={1000} />}
    </CommandForm>
  );
}

export function ScheduleTable({
  items,
  now,
  caption,
  kind,
  user,
  planned,
}: {
  items: ScheduleItem[];
  /** The instant the schedule was computed at (its `asOf`). */
  now: number;
  caption: string;
  kind: 'swap' | 'check';
  user: User;
  /** Devices with a swap already in progress. */
  planned?: ReadonlySet<string>;
}) {
  if (items.length === 0) return <p>Nothing due.</p>;
  const plans = kind === 'swap' && allowed(user, 'runSwaps');
  const checks = kind === 'check' && allowed(user, 'recordChecks');
  const refusals = allowed(user, 'recordRefusals');
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
            {(plans || checks || refusals) && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((i) => {
            const inProgress = planned?.has(i.deviceId) ?? false;
            // A swap in progress says on its card whether its replacement is staged.
            const late = lateness(
              { dueAt: i.dueAt, graceUntil: i.graceUntil, stageBy: inProgress ? null : i.stageBy },
              now,
              formatDay,
            );
            return (
              <QueueRow key={`${i.kind}${i.deviceId}`} className={late ? `row-${late.level}` : undefined}>
                <td>
                  <DeviceLink id={i.deviceId} />
                </td>
                <td>{i.personId ? <PersonLink id={i.personId} /> : '—'}</td>
                <td>{formatDay(i.dueAt)}</td>
                {kind === 'swap' && <td>{formatDay(i.stageBy)}</td>}
                <td>
                  {late ? <LateLabel late={late} /> : 'Due'}
                  {inProgress && ', swap planned'}
                </td>
                {(plans || checks || refusals) && (
                  <td>
                    <div className="actions">
                      {plans && !inProgress && (
                        <CommandButton
                          label="Plan swap"
                          target={`of ${i.deviceId}`}
                          run={() => api('/swaps', { method: 'POST', body: { deviceId: i.deviceId } })}
                          outcome={`Swap of ${i.deviceId} planned; stage its replacement under In progress.`}
                        />
                      )}
                      {checks && <RecordCheck deviceId={i.deviceId} user={user} />}
                      {/* A swap in progress is declined on its card, which ends the swap too. */}
                      {refusals && i.personId !== null && !inProgress && (
                        <RecordRefusal item={{ ...i, personId: i.personId }} />
                      )}
                    </div>
                  </td>
                )}
              </QueueRow>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
