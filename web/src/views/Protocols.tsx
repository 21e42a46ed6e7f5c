import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import { useProtocol, useSummary } from '../api/queries.ts';
import type {
  ProtocolComparison,
  ProtocolDetail,
  ProtocolProposal,
  ProtocolSummary,
  ProtocolVersion,
  User,
} from '../api/types.ts';
import { formatDay, formatInstant, Loadable, ScrollRegion, VERDICTS } from '../components/ui.tsx';
import { CommandButton, CommandForm, field, TextField } from './queues/common.tsx';
import { Announcer, QueueCard, QueueSection } from './queues/outcome.tsx';

type CoverageCell = ProtocolDetail['coverage'][number]['settings'][number]['targets'][number];
type CoverageTarget = CoverageCell['target'];
type CoverageLevel = CoverageCell['level'];

/** As the API routes say: an officer approves (never an admin); an officer or admin rejects. */
const APPROVERS: readonly User['role'][] = ['officer'];
const DECIDERS: readonly User['role'][] = ['admin', 'officer'];

/** Why this user may not approve a proposal their role may approve; null when they may. */
function whyNotApprover(p: ProtocolProposal, user: User): string | null {
  if (user.personId === null)
    return 'Approving is a two-person action and your user is linked to no person; an admin can link it.';
  if (p.proposerPersonId === user.personId)
    return 'You proposed this version, so another officer approves it.';
  return null;
}

function ProposalCard({ p, user }: { p: ProtocolProposal; user: User }) {
  const what = `${p.name} version ${p.version}`;
  const url = `/protocols/${encodeURIComponent(p.name)}/versions/${encodeURIComponent(p.version)}`;
  const notApprover = whyNotApprover(p, user);
  return (
    <QueueCard
      head={
        <>
          <strong>{what}</strong>, effective {formatDay(p.effectiveAt)} · proposed by {p.recordedBy} on{' '}
          {formatDay(p.recordedAt)}
        </>
      }
    >
      <p className="muted">
        It governs nothing until another person approves it, then from the later of its effective date and the
        approval. sha256 <code className="hash">{p.sha256}</code>
      </p>
      {APPROVERS.includes(user.role) && notApprover !== null && <p className="muted">{notApprover}</p>}
      {DECIDERS.includes(user.role) && (
        <div className="actions">
          {APPROVERS.includes(user.role) && notApprover === null && (
            <CommandButton
              label="Approve"
              target={what}
              run={() => api<ProtocolVersion>(`${url}/approve`, { method: 'POST' })}
              outcome={(v) => `${what} approved; in force from ${formatDay(v.inForceFrom)}.`}
            />
          )}
          <CommandForm
            label="Reject"
            secondary
            target={what}
            title={`Reject ${what}`}
            submit="Confirm rejection"
            toBody={(f) => ({ reason: field(f, 'reason') ?? '' })}
            run={(body) => api<ProtocolVersion>(`${url}/reject`, { method: 'POST', body })}
            outcome={`${what} rejected; it will never govern.`}
          >
            {(id) => (
              <TextField id={id('reason')} name="reason" label="Reason to reject" required maxLength={1000} />
            )}
          </CommandForm>
        </div>
      )}
    </QueueCard>
  );
}

/** Versions of protocols that ask for two persons, awaiting another person's decision. */
function Proposals({ user }: { user: User }) {
  const proposals = useQuery({
    queryKey: ['protocol-proposals'],
    queryFn: () => api<ProtocolProposal[]>('/protocols/proposals'),
  });
  return (
    <Announcer>
      <QueueSection id="proposals-heading" title="Proposed versions">
        <Loadable query={proposals} label="the proposed versions">
          {(list) =>
            list.length === 0 ? (
              <p>No protocol version awaits approval.</p>
            ) : (
              <ul className="cards">
                {list.map((p) => (
                  <ProposalCard key={`${p.name}@${p.version}`} p={p} user={user} />
                ))}
              </ul>
            )
          }
        </Loadable>
      </QueueSection>
    </Announcer>
  );
}

const TARGET_NAMES: Readonly<Record<CoverageTarget, string>> = {
  'apple-profile': 'Apple profile',
  'apple-ddm': 'Apple DDM',
  amapi: 'Android Management API',
  intune: 'Intune (iOS)',
  'intune-android': 'Intune (Android)',
};

/** The coverage levels as the page says them: attested settings are shown by attestation or inspection. */
const LEVEL_NAMES: Readonly<Record<CoverageLevel, string>> = {
  enforced: 'enforced',
  reported: 'reported',
  attested: 'attest / inspect',
  'n/a': 'n/a',
};

/** A coverage note, its `backticked` keys as code. */
function How({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <span className="muted coverage-how">
      {parts.map((part, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
        i % 2 === 1 ? <code key={i}>{part}</code> : part,
      )}
    </span>
  );
}

/** Per role, how far each MDM target holds the phone to each setting the protocol states. */
function Coverage({ coverage }: { coverage: ProtocolDetail['coverage'] }) {
  return (
    <>
      <h3>Enforcement coverage</h3>
      <p className="muted">
        Enforced: the configuration Vigil compiles makes the phone comply. Reported: the MDM reports the
        state, so a breach is found but not prevented. Attest / inspect: only the holder's attestation or an
        inspection shows it.
      </p>
      {coverage
        .filter((r) => r.settings.length > 0)
        .map((r) => (
          <ScrollRegion key={r.role} label={`Coverage of the ${r.role} phone`}>
            <table className="coverage">
              <caption>The {r.role} phone</caption>
              <thead>
                <tr>
                  <th scope="col">Setting</th>
                  {(r.settings[0]?.targets ?? []).map((t) => (
                    <th scope="col" key={t.target}>
                      {TARGET_NAMES[t.target]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.settings.map((s) => (
                  <tr key={s.setting}>
                    <th scope="row">
                      <code>{s.setting}</code>
                    </th>
                    {s.targets.map((t) => (
                      <td key={t.target}>
                        <span className={`badge coverage-${t.level === 'n/a' ? 'na' : t.level}`}>
                          {LEVEL_NAMES[t.level]}
                        </span>
                        {t.level !== 'n/a' && <How text={t.how} />}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ))}
    </>
  );
}

/** The push receipts: what each MDM holds of this protocol, by whom and when it was sent. */
function Pushed({ pushed }: { pushed: ProtocolDetail['pushed'] }) {
  return (
    <>
      <h3>Pushed to MDMs</h3>
      {pushed.length === 0 ? (
        <p className="muted">Not pushed yet (vigil mdm push SOURCE --protocol NAME).</p>
      ) : (
        <ScrollRegion label="Push receipts">
          <table className="pushed">
            <caption>The latest push per MDM and role</caption>
            <thead>
              <tr>
                <th scope="col">MDM</th>
                <th scope="col">Role</th>
                <th scope="col">Version</th>
                <th scope="col">Object</th>
                <th scope="col">Artifact sha256</th>
                <th scope="col">Pushed</th>
              </tr>
            </thead>
            <tbody>
              {pushed.map((p) => (
                <tr key={`${p.source} ${p.role} ${p.remoteId}`}>
                  <td>
                    {p.source} <span className="muted">({TARGET_NAMES[p.target]})</span>
                  </td>
                  <td>{p.role}</td>
                  <td>{p.version}</td>
                  <td>
                    <code>{p.remoteId}</code> <span className="muted">{p.action}</span>
                  </td>
                  <td>
                    <code className="hash">{p.sha256.slice(0, 16)}</code>
                  </td>
                  <td>
                    {formatInstant(p.pushedAt)} by {p.actor}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  );
}

function ProtocolText({ name }: { name: string }) {
  const detail = useProtocol(name);
  return (
    <Loadable query={detail} label={`protocol ${name}`}>
      {(d) => (
        <section aria-labelledby="protocol-view">
          <h2 id="protocol-view">
            {name} <span className="muted">version {d.version.version}</span>
          </h2>
          <p className="muted">
            In force since {formatDay(d.version.effectiveAt)}, recorded by {d.version.recordedBy}, sha256{' '}
            <code className="hash">{d.version.sha256}</code>
          </p>
          <pre className="protocol-text">{d.text}</pre>
          <Coverage coverage={d.coverage} />
          <Pushed pushed={d.pushed} />
          {d.history.length > 1 && (
            <>
              <h3>Versions</h3>
              <ul className="plain">
                {d.history.map((h) => (
                  <li key={h.sha256}>
                    {h.version},{' '}
                    {h.state === 'proposed'
                      ? `proposed, effective ${formatDay(h.effectiveAt)} once approved`
                      : h.state === 'rejected'
                        ? 'rejected'
                        : `in force ${formatDay(h.inForceFrom ?? h.effectiveAt)}`}{' '}
                    ({h.recordedBy})
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </Loadable>
  );
}

function Comparison({ a, b }: { a: string; b: string }) {
  const diff = useQuery({
    queryKey: ['compare', a, b],
    queryFn: () => api<ProtocolComparison>('/protocols/compare', { query: { a, b } }),
  });
  const sa = useSummary(a);
  const sb = useSummary(b);
  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">
        {a} compared with {b}
      </h2>
      <Loadable query={sa} label={`the fleet under ${a}`}>
        {(x) => (
          <Loadable query={sb} label={`the fleet under ${b}`}>
            {(y) => (
              <table>
                <caption>The same fleet scored under each protocol</caption>
                <thead>
                  <tr>
                    <th scope="col">Devices</th>
                    <th scope="col">{a}</th>
                    <th scope="col">{b}</th>
                  </tr>
                </thead>
                <tbody>
                  {VERDICTS.map((v) => (
                    <tr key={v}>
                      <th scope="row">{v}</th>
                      <td>{x.devices.byVerdict[v]}</td>
                      <td>{y.devices.byVerdict[v]}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">open findings</th>
                    <td>{x.findings.open}</td>
                    <td>{y.findings.open}</td>
                  </tr>
                </tbody>
              </table>
            )}
          </Loadable>
        )}
      </Loadable>
      <Loadable query={diff} label="the comparison">
        {(d) => (
          <ScrollRegion label="Differences table">
            <table>
              <caption>Settings that differ ({d.differences.length})</caption>
              <thead>
                <tr>
                  <th scope="col">Setting</th>
                  <th scope="col">{a}</th>
                  <th scope="col">{b}</th>
                  <th scope="col">Stricter</th>
                </tr>
              </thead>
              <tbody>
                {d.differences.map((x) => (
                  <tr key={x.path}>
                    <th scope="row">
                      <code>{x.path}</code>
                    </th>
                    <td>{x.a ?? '—'}</td>
                    <td>{x.b ?? '—'}</td>
                    <td>{x.stricter === 'a' ? a : x.stricter === 'b' ? b : x.stricter}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </Loadable>
    </section>
  );
}

export function ProtocolsView({ user }: { user: User }) {
  const list = useQuery({ queryKey: ['protocols'], queryFn: () => api<ProtocolSummary[]>('/protocols') });
  const [viewing, setViewing] = useState<string | null>(null);
  const [pair, setPair] = useState<{ a: string; b: string } | null>(null);
  const names = (list.data ?? []).map((p) => p.name);

  const compare = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const a = String(form.get('a') ?? '');
    const b = String(form.get('b') ?? '');
    if (a && b) setPair({ a, b });
  };

  return (
    <>
      <h1>Protocols</h1>
      <Loadable query={list} label="the protocols">
        {(ps) => (
          <table>
            <caption>Protocols in force</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title</th>
                <th scope="col">Version</th>
                <th scope="col">Extends</th>
                <th scope="col">In force since</th>
              </tr>
            </thead>
            <tbody>
              {ps.map((p) => (
                <tr key={p.name}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link"
                      aria-pressed={viewing === p.name}
                      onClick={() => setViewing(p.name)}
                    >
                      {p.name}
                    </button>
                  </th>
                  <td>{p.title}</td>
                  <td>{p.version}</td>
                  <td>{p.extends ?? '—'}</td>
                  <td>{formatDay(p.effectiveAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loadable>
      {names.length >= 2 && (
        <form className="filters" onSubmit={compare} aria-label="Compare two protocols">
          <label>
            First protocol
            <select name="a" defaultValue={names[0]}>
              {names.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <label>
            Second protocol
            <select name="b" defaultValue={names[1]}>
              {names.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <button type="submit">Compare</button>
        </form>
      )}
      <Proposals user={user} />
      {pair && <Comparison a={pair.a} b={pair.b} />}
      {viewing && <ProtocolText name={viewing} />}
    </>
  );
}
