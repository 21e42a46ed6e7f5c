/**
 * The work queues: swaps to stage and perform, checks due, waivers to decide, incidents with
 * their playbooks, zone violations and unacknowledged policies. Each action shows only for the
 * roles the API allows (queues/permissions.ts); the API checks again and its refusals are shown.
 * What a command did is announced and focus kept in place (queues/outcome.tsx); late swaps and
 * checks say by how much (queues/lateness.ts), timed by the schedule's `asOf`.
 */

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { Incident, Schedule, ScheduleItem, Swap, User } from '../api/types.ts';
import { Loadable } from '../components/ui.tsx';
import { PolicyQueue, ZoneQueue } from './queues/Findings.tsx';
import { IncidentCard } from './queues/Incidents.tsx';
import { Announcer, QueueSection } from './queues/outcome.tsx';
import { ScheduleTable } from './queues/Schedule.tsx';
import { SwapCard } from './queues/Swaps.tsx';
import { WaiversQueue } from './queues/Waivers.tsx';

function useSchedule() {
  return useQuery({
    queryKey: ['schedule'],
    queryFn: () => api<Schedule>('/schedule'),
  });
}

/** The instant the server judged the schedule at; the browser's clock until it is loaded. */
const instantOf = (asOf: string | undefined) => (asOf === undefined ? Date.now() : Date.parse(asOf));

/** The schedule's items of one kind, as a table with their actions. */
function DueTable({
  kind,
  caption,
  user,
  planned,
}: {
  kind: ScheduleItem['kind'];
  caption: string;
  user: User;
  planned?: ReadonlySet<string>;
}) {
  const schedule = useSchedule();
  return (
    <Loadable query={schedule} label="the schedule">
      {(s) => (
        <ScheduleTable
          kind={kind}
          caption={caption}
          items={s.items.filter((i) => i.kind === kind)}
          now={instantOf(s.asOf)}
          user={user}
          {...(planned === undefined ? {} : { planned })}
        />
      )}
    </Loadable>
  );
}

function SwapsQueue({ user }: { user: User }) {
  const schedule = useSchedule();
  const swaps = useQuery({
    queryKey: ['swaps', 'open'],
    queryFn: () => api<Swap[]>('/swaps', { query: { open: 'true' } }),
  });
  return (
    <>
      <Loadable query={swaps} label="the swaps in progress">
        {(list) =>
          list.length > 0 && (
            <>
              <h3>In progress</h3>
              <ul className="cards">
                {list.map((s) => (
                  <SwapCard
                    key={s.id}
                    swap={s}
                    user={user}
                    now={instantOf(schedule.data?.asOf)}
                    deadline={schedule.data?.items.find(
                      (i) => i.kind === 'swap' && i.deviceId === s.oldDeviceId,
                    )}
                  />
                ))}
              </ul>
            </>
          )
        }
      </Loadable>
      <DueTable
        kind="swap"
        caption="Swaps due"
        user={user}
        planned={new Set((swaps.data ?? []).map((x) => x.oldDeviceId))}
      />
    </>
  );
}

const ChecksQueue = ({ user }: { user: User }) => (
  <DueTable kind="check" caption="Security checks due" user={user} />
);

function IncidentsQueue({ user }: { user: User }) {
  const incidents = useQuery({ queryKey: ['incidents'], queryFn: () => api<Incident[]>('/incidents') });
  return (
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
  );
}

/** The queues, in the order a technician works through them. */
const QUEUES: readonly { id: string; title: string; Body: (props: { user: User }) => ReactNode }[] = [
  { id: 'q-swaps', title: 'Swaps to stage and perform', Body: SwapsQueue },
  { id: 'q-checks', title: 'Checks due', Body: ChecksQueue },
  { id: 'q-waivers', title: 'Waivers to approve', Body: WaiversQueue },
  { id: 'q-incidents', title: 'Incidents', Body: IncidentsQueue },
  { id: 'q-zones', title: 'Zone violations', Body: ZoneQueue },
  { id: 'q-policies', title: 'Unacknowledged policies', Body: PolicyQueue },
];

export function QueuesView({ user }: { user: User }) {
  return (
    <Announcer>
      <h1>Work queues</h1>
      {QUEUES.map(({ id, title, Body }) => (
        <QueueSection key={id} id={id} title={title}>
          <Body user={user} />
        </QueueSection>
      ))}
    </Announcer>
  );
}
