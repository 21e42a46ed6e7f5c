import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../api/client.ts';
import { type TimelineResponse, timelineDevices } from '../api/dashboard.ts';
import { deviceLabel, useProtocol } from '../api/queries.ts';
import type { Device, DeviceDetail, Finding, Findings, Person, Protocol } from '../api/types.ts';
import { DaysSinceChart } from '../components/DaysSinceChart.tsx';
import {
  DeviceLink,
  ErrorAlert,
  Loadable,
  RelativeDay,
  ScrollRegion,
  VerdictBadge,
} from '../components/ui.tsx';
import { DAY } from '../lib/charts.ts';
import { ruleOf, type WaiverGroup, waiverGroup } from '../lib/waivers.ts';

const WINDOW_DAYS = 180;

/** What a protocol requires of one device role (absent or null: nothing). */
type RoleRequirements = NonNullable<Protocol['roles']>[Device['role']] | undefined;
const SENSORS = ['camera', 'microphone', 'location', 'bluetooth'] as const;
/** P30D -> "30 days" (protocol durations are days, weeks or hours). */
function duration(v: string): string {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(\d+)H)?$/.exec(v);
  if (!m) return v;
  const parts = [m[1] && `${m[1]} weeks`, m[2] && `${m[2]} days`, m[3] && `${m[3]} hours`].filter(Boolean);
  return parts.join(' ') || v;
}
const show = (v: unknown): string =>
  v === undefined || v === null
    ? 'not required'
    : typeof v === 'string'
      ? duration(v)
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);
/** "every 30 days", or "not required" when the protocol sets none. */
const every = (v: unknown): string => (v === undefined || v === null ? 'not required' : `every ${show(v)}`);
const within = (v: unknown): string => (v === undefined || v === null ? 'not required' : `within ${show(v)}`);

/** Each protocol requirement of a device role, and the rules whose findings say it is not met. */
const REQUIREMENTS: { label: string; rules: string[]; value: (role: RoleRequirements) => string }[] = [
  { label: 'Swap', rules: ['rotation.overdue'], value: (r) => every(r?.rotation?.every) },
  {
    label: 'Security check',
    rules: ['inspection.overdue', 'inspection.failed'],
    value: (r) => every(r?.inspection?.every),
  },
  ...SENSORS.map((s) => ({
    label: s[0]?.toUpperCase() + s.slice(1),
    rules: [`sensor.${s}`],
    value: (r: RoleRequirements) => show(r?.sensors?.[s]),
  })),
  {
    label: 'Apps',
    rules: ['apps.unapproved'],
    value: (r) => {
      const allow = r?.apps?.allow;
      return allow === undefined ? 'not restricted' : `${allow.length} allowed`;
    },
  },
  {
    label: 'OS up to date',
    rules: ['os.outdated', 'os.exploited'],
    value: (r) => within(r?.os?.maxBehindLatest),
  },
  { label: 'Lockdown Mode', rules: ['lockdown.off'], value: (r) => show(r?.os?.lockdownMode) },
  { label: 'Posture reports', rules: ['posture.stale'], value: (r) => within(r?.posture?.maxAge) },
  { label: 'Refusals waived', rules: ['refusal.unwaived'], value: () => 'required' },
];
const LISTED = new Set(REQUIREMENTS.flatMap((r) => r.rules));

type TimelineWaiver = TimelineResponse['devices'][number]['waivers'][number];
type TimelineRefusal = TimelineResponse['devices'][number]['refusals'][number];

const WAIVER_GROUPS: { group: WaiverGroup; heading: string; none: string }[] = [
  { group: 'in force', heading: 'Waivers in force', none: 'No waiver in force.' },
  { group: 'awaiting a decision', heading: 'Waivers awaiting a decision', none: 'None awaiting a decision.' },
  { group: 'expired', heading: 'Expired waivers', none: 'No expired waiver.' },
];

/** Each waiver and refusal of the person's devices once, in its own list. */
function WaiversAndRefusals({
  waivers,
  refusals,
  unwaived,
}: {
  waivers: readonly TimelineWaiver[];
  refusals: readonly TimelineRefusal[];
  /** Ids of refusals an open `refusal.unwaived` finding reports. */
  unwaived: ReadonlySet<string>;
}) {
  const now = Date.now();
  return (
    <div className="columns">
      {WAIVER_GROUPS.map(({ group, heading, none }) => {
        const list = waivers.filter((w) => waiverGroup(w, now) === group);
        return (
          <section key={group} aria-labelledby={`waivers-${group.replace(/ /g, '-')}`}>
            <h3 id={`waivers-${group.replace(/ /g, '-')}`}>{heading}</h3>
            {list.length === 0 ? (
              <p className="muted">{none}</p>
            ) : (
              <ul className="plain">
                {list.map((w) => (
                  <li key={w.id}>
                    <code>{w.rule}</code> ({w.scope === 'person' ? 'all their devices' : 'one device'}):{' '}
                    {group === 'awaiting a decision'
                      ? 'requested '
                      : group === 'expired'
                        ? 'expired '
                        : 'until '}
                    <RelativeDay iso={group === 'awaiting a decision' ? w.requestedAt : w.expiresAt} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
      <section aria-labelledby="refusals-list">
        <h3 id="refusals-list">Refusals</h3>
        {refusals.length === 0 ? (
          <p className="muted">No refusal in this period.</p>
        ) : (
          <ul className="plain">
            {refusals.map((r) => (
              <li key={r.id}>
                Declined {r.action} <RelativeDay iso={r.at} />: “{r.reason}”.{' '}
                {unwaived.has(r.id) ? (
                  <strong>No waiver covers it.</strong>
                ) : (
                  <span className="muted">No open finding.</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function Cell({ findings, evaluated }: { findings: Finding[]; evaluated: boolean }) {
  if (!evaluated) return <td className="muted">Not evaluated</td>;
  const open = findings.filter((f) => f.status === 'open');
  const waived = findings.filter((f) => f.status === 'waived');
  const expired = open.some((f) => f.rule === 'waiver.expired');
  if (open.length > 0)
    return (
      <td className="cell-bad">
        <strong>{expired ? 'Not met, waiver expired:' : 'Not met:'}</strong>{' '}
        {open.map((f) => f.message).join('; ')}
      </td>
    );
  if (waived.length > 0)
    return <td className="cell-waived">Waived: {waived.map((f) => f.message).join('; ')}</td>;
  return <td className="cell-ok">Met</td>;
}

export function PrincipalView({ id }: { id: string }) {
  const person = useQuery({ queryKey: ['person', id], queryFn: () => api<Person>(`/people/${id}`) });
  const devices = useQuery({
    queryKey: ['devices', 'holder', id],
    queryFn: () => api<Device[]>('/devices', { query: { holderId: id } }),
  });
  const findings = useQuery({
    queryKey: ['findings', 'person', id],
    queryFn: () => api<Findings>('/compliance/findings', { query: { personId: id } }),
  });
  const protocolName = person.data?.protocol ?? null;
  const protocol = useProtocol(protocolName);
  const timeline = useQuery({
    queryKey: ['timeline', id],
    queryFn: async () => {
      const now = Date.now();
      const t = await api<TimelineResponse>(`/people/${id}/timeline`, {
        query: { from: new Date(now - WINDOW_DAYS * DAY).toISOString(), to: new Date(now).toISOString() },
      });
      // Person-wide waivers and refusals show on each device: listed once.
      const once = <T extends { id: string }>(xs: T[]) => [...new Map(xs.map((x) => [x.id, x])).values()];
      return {
        from: Date.parse(t.from),
        to: Date.parse(t.to),
        devices: timelineDevices(t),
        waivers: once(t.devices.flatMap((d) => d.waivers)),
        refusals: once(t.devices.flatMap((d) => d.refusals)).sort(
          (a, b) => Date.parse(b.at) - Date.parse(a.at),
        ),
      };
    },
  });
  // Devices from the timeline that the person no longer holds still get a column and a chart.
  const extra = useQueries({
    queries: (timeline.data?.devices ?? [])
      .filter((t) => !(devices.data ?? []).some((d) => d.id === t.deviceId))
      .map((t) => ({
        queryKey: ['device', t.deviceId],
        queryFn: () => api<DeviceDetail>(`/devices/${t.deviceId}`),
      })),
  });
  const evaluated = (deviceId: string) =>
    (findings.data?.devices.find((v) => v.deviceId === deviceId)?.verdict ?? 'not-evaluated') !==
    'not-evaluated';
  const allDevices = [...(devices.data ?? []), ...extra.flatMap((q) => (q.data ? [q.data.device] : []))];

  if (person.error)
    return (
      <>
        <h1>Person {id}</h1>
        <ErrorAlert error={person.error} what="this person" />
      </>
    );
  return (
    <Loadable query={person} label="this person">
      {(p) => (
        <>
          <h1>{p.name}</h1>
          <p className="muted">
            {p.kind} · protocol {p.protocol ?? 'none assigned'}
            {p.principalId && (
              <>
                {' · staff of '}
                <Link href={`/people/${p.principalId}`}>{p.principalId}</Link>
              </>
            )}
          </p>
          <section aria-labelledby="reqs">
            <h2 id="reqs">Devices against the protocol</h2>
            <Loadable query={findings} label="the findings">
              {(f) => (
                <ScrollRegion label="Requirements table">
                  <table className="matrix">
                    <caption>Each device against each requirement of {p.protocol ?? 'its protocol'}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Requirement</th>
                        {allDevices.map((d) => (
                          <th scope="col" key={d.id}>
                            <DeviceLink id={d.id}>{deviceLabel(d)}</DeviceLink>
                            <br />
                            <VerdictBadge
                              verdict={f.devices.find((v) => v.deviceId === d.id)?.verdict ?? 'not-evaluated'}
                            />
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {REQUIREMENTS.map((r) => (
                        <tr key={r.label}>
                          <th scope="row">{r.label}</th>
                          {allDevices.map((d) => (
                            <Cell
                              key={d.id}
                              evaluated={evaluated(d.id)}
                              findings={f.findings.filter(
                                (x) => x.deviceId === d.id && r.rules.includes(ruleOf(x)),
                              )}
                            />
                          ))}
                        </tr>
                      ))}
                      <tr>
                        <th scope="row">Required by the protocol</th>
                        {allDevices.map((d) => (
                          <td key={d.id}>
                            <ul className="plain">
                              {REQUIREMENTS.map((r) => (
                                <li key={r.label}>
                                  {r.label}: {r.value(protocol.data?.resolved.roles?.[d.role])}
                                </li>
                              ))}
                            </ul>
                          </td>
                        ))}
                      </tr>
                      <tr>
                        <th scope="row">Other findings</th>
                        {allDevices.map((d) => (
                          <Cell
                            key={d.id}
                            evaluated={evaluated(d.id)}
                            findings={f.findings.filter((x) => x.deviceId === d.id && !LISTED.has(ruleOf(x)))}
                          />
                        ))}
                      </tr>
                    </tbody>
                  </table>
                </ScrollRegion>
              )}
            </Loadable>
          </section>
          <section aria-labelledby="waivers-refusals">
            <h2 id="waivers-refusals">Waivers and refusals (last {WINDOW_DAYS} days)</h2>
            <Loadable query={timeline} label="the waivers and refusals">
              {(t) => (
                <WaiversAndRefusals
                  waivers={t.waivers}
                  refusals={t.refusals}
                  unwaived={
                    new Set(
                      (findings.data?.findings ?? []).flatMap((x) =>
                        x.rule === 'refusal.unwaived' &&
                        x.status === 'open' &&
                        typeof x.evidence.refusalId === 'string'
                          ? [x.evidence.refusalId]
                          : [],
                      ),
                    )
                  }
                />
              )}
            </Loadable>
          </section>
          <section aria-labelledby="timeline">
            <h2 id="timeline">Days since the last swap and security check (last {WINDOW_DAYS} days)</h2>
            <Loadable query={timeline} label="the timeline">
              {(t) => (
                <div className="chart-grid">
                  {t.devices.length === 0 && <p>No devices in this period.</p>}
                  {t.devices.map((d) => {
                    const dev = allDevices.find((x) => x.id === d.deviceId);
                    const label = deviceLabel(dev ?? { id: d.deviceId, model: d.model, role: d.role });
                    return (
                      <div key={d.deviceId}>
                        <h3>{label}</h3>
                        <DaysSinceChart label={label} history={d.history} from={t.from} to={t.to} />
                      </div>
                    );
                  })}
                </div>
              )}
            </Loadable>
          </section>
        </>
      )}
    </Loadable>
  );
}
