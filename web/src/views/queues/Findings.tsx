/**
 * The people-level queues: zone violations (findings of `zone.personal-device`, with the
 * sightings behind them) and unacknowledged facility policies (`policy.unacknowledged`), which
 * an officer can record as acknowledged on the person's behalf.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api } from '../../api/client.ts';
import { usePersonName } from '../../api/queries.ts';
import type { Detection, Finding, Findings, User } from '../../api/types.ts';
import {
  DeviceLink,
  formatDay,
  formatInstant,
  Loadable,
  PersonLink,
  ScrollRegion,
  SeverityBadge,
} from '../../components/ui.tsx';
import { DAY } from '../../lib/charts.ts';
import { CommandButton } from './common.tsx';
import { QueueCard } from './outcome.tsx';
import { allowed } from './permissions.ts';

/** As long as a sighting keeps its violation open (DETECTION_WINDOW in zone-personal-device.rule.ts). */
const SIGHTING_WINDOW_MS = 30 * DAY;

function useOpenFindings(rule: string) {
  return useQuery({
    queryKey: ['findings', 'rule', rule],
    queryFn: () => api<Findings>('/compliance/findings', { query: { rule } }),
    select: (f) => f.findings.filter((x) => x.status === 'open'),
  });
}

function FindingList({
  findings,
  empty,
  action,
}: {
  findings: Finding[];
  empty: string;
  action?: (f: Finding) => ReactNode;
}) {
  if (findings.length === 0) return <p>{empty}</p>;
  return (
    <ul className="cards">
      {findings.map((f) => (
        <QueueCard
          key={`${f.rule}${f.deviceId}${f.personId}${f.since}${JSON.stringify(f.evidence.facility)}`}
          head={
            <>
              <SeverityBadge severity={f.severity} /> {f.message}
            </>
          }
        >
          <p className="muted">
            {f.personId && <PersonLink id={f.personId} />}
            {f.deviceId && (
              <>
                {' · '}
                <DeviceLink id={f.deviceId} />
              </>
            )}{' '}
            · since {formatDay(f.since)} · {f.remedy}
          </p>
          {action?.(f)}
        </QueueCard>
      ))}
    </ul>
  );
}

function Sightings() {
  const name = usePersonName();
  const detections = useQuery({
    queryKey: ['detections', 'recent'],
    queryFn: () =>
      api<Detection[]>('/detections', {
        query: { since: new Date(Date.now() - SIGHTING_WINDOW_MS).toISOString(), limit: 100 },
      }),
  });
  return (
    <Loadable query={detections} label="the sightings">
      {(list) =>
        list.length === 0 ? null : (
          <ScrollRegion label="Sightings in the last 30 days table">
            <table>
              <caption>Sightings in the last 30 days</caption>
              <thead>
                <tr>
                  <th scope="col">Seen</th>
                  <th scope="col">Facility</th>
                  <th scope="col">Identifier</th>
                  <th scope="col">Device</th>
                  <th scope="col">Holder</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {list.map((d) => (
                  <tr key={d.id}>
                    <td>{formatInstant(d.at)}</td>
                    <td>{d.facility}</td>
                    <td>
                      <code>{d.identifier}</code>
                    </td>
                    <td>{d.deviceId ? <DeviceLink id={d.deviceId} /> : 'unknown'}</td>
                    <td>{d.personId ? name(d.personId) : '—'}</td>
                    <td>{d.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )
      }
    </Loadable>
  );
}

export function ZoneQueue() {
  const zone = useOpenFindings('zone.personal-device');
  return (
    <>
      <Loadable query={zone} label="the zone violations">
        {(f) => <FindingList findings={f} empty="No personal device seen where it is banned." />}
      </Loadable>
      <Sightings />
    </>
  );
}

/** POST /acknowledgements on the person's behalf, of the policy version the finding names. */
function Acknowledge({ f }: { f: Finding }) {
  const name = usePersonName();
  const { facility, policyVersion } = f.evidence;
  if (f.personId === null || typeof facility !== 'string' || typeof policyVersion !== 'string') return null;
  const personId = f.personId;
  return (
    <div className="actions">
      <CommandButton
        label="Record acknowledgement"
        target={`by ${name(personId)} of the ${facility} policy ${policyVersion}`}
        run={() => api('/acknowledgements', { method: 'POST', body: { personId, facility, policyVersion } })}
        outcome={`Acknowledgement by ${name(personId)} of the ${facility} policy ${policyVersion} recorded.`}
      />
    </div>
  );
}

export function PolicyQueue({ user }: { user: User }) {
  const policy = useOpenFindings('policy.unacknowledged');
  const acks = allowed(user, 'acknowledgePolicies');
  return (
    <Loadable query={policy} label="the policy acknowledgements">
      {(f) => (
        <FindingList
          findings={f}
          empty="Every required facility policy is acknowledged."
          {...(acks ? { action: (x: Finding) => <Acknowledge f={x} /> } : {})}
        />
      )}
    </Loadable>
  );
}
