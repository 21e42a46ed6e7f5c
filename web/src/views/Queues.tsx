/**
 * The work queues: swaps to stage and perform, checks due, waivers to decide, incidents with
 * their playbooks, zone violations and unacknowledged policies. Each action shows only for the
 * roles the API allows (queues/permissions.ts); the API checks again and its refusals are shown.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Incident, ScheduleItem, User } from '../api/types.ts';
import { Loadable } from '../components/ui.tsx';
import { PolicyQueue, ZoneQueue } from './queues/Findings.tsx';
import { IncidentCard } from './queues/Incidents.tsx';
import { ScheduleTable } from './queues/Schedule.tsx';
import { SwapCard } from './queues/Swaps.tsx';
import type { OpenSwap } from './queues/types.ts';
import { WaiversQueue } from './queues/Waivers.tsx';

function useSchedule() {
  return useQuery({
    queryKey: ['schedule'],
    queryFn: () => api<{ asOf: string; items: ScheduleItem[] }>('/schedule'),
  });
}

function SwapsQueue({ user }: { user: User }) {
  const schedule = useSchedule();
  const swaps = useQuery({
    queryKey: ['swaps', 'open'],
    queryFn: () => api<OpenSwap[]>('/swaps', { query: { open: 'true' } }),
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
                  <SwapCard key={s.id} swap={s} user={user} />
                ))}
              </ul>
            </>
          )
        }
      </Loadable>
      <Loadable query={schedule} label="the schedule">
        {(s) => (
          <ScheduleTable
            kind="swap"
            caption="Swaps due"
            items={s.items.filter((i) => i.kind === 'swap')}
            user={user}
            planned={new Set((swaps.data ?? []).map((x) => x.oldDeviceId))}
          />
        )}
      </Loadable>
    </>
  );
}

function ChecksQueue({ user }: { user: User }) {
  const schedule = useSchedule();
  return (
    <Loadable query={schedule} label="the schedule">
      {(s) => (
        <ScheduleTable
          kind="check"
          caption="Security checks due"
          items={s.items.filter((i) => i.kind === 'check')}
          user={user}
        />
      )}
    </Loadable>
  );
}

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

export function QueuesView({ user }: { user: User }) {
  return (
    <>
      <h1>Work queues</h1>
      <section aria-labelledby="q-swaps">
        <h2 id="q-swaps">Swaps to stage and perform</h2>
        <SwapsQueue user={user} />
      </section>
      <section aria-labelledby="q-checks">
        <h2 id="q-checks">Checks due</h2>
        <ChecksQueue user={user} />
      </section>
      <section aria-labelledby="q-waivers">
        <h2 id="q-waivers">Waivers to approve</h2>
        <WaiversQueue user={user} />
      </section>
      <section aria-labelledby="q-incidents">
        <h2 id="q-incidents">Incidents</h2>
        <IncidentsQueue user={user} />
      </section>
      <section aria-labelledby="q-zones">
        <h2 id="q-zones">Zone violations</h2>
        <ZoneQueue />
      </section>
      <section aria-labelledby="q-policies">
        <h2 id="q-policies">Unacknowledged policies</h2>
        <PolicyQueue user={user} />
      </section>
    </>
  );
}
