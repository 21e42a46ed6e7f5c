/**
 * "My phones": the signed-in person's own page, sized for a phone first. What they must do and by
 * when comes first, each with the one tap that does it (accept a facility policy, confirm a
 * setting the MDM cannot see, confirm a swap staged for them); then their devices in plain words,
 * their waivers, the facility rules that apply to them. Notices link to a task as /me#<task id>.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import type { Ok } from '../api/types.ts';
import { ErrorAlert, formatDay, Loadable } from '../components/ui.tsx';
import './me.css';

type Page = Ok<'/api/v1/me/page'>;
type Task = Page['tasks'][number];

const PAGE_KEY = ['me-page'] as const;
const DAY = 86_400_000;

/** "due 12 Dec 2026, in 5 days" / "overdue: was due 3 Dec 2026, 4 days ago". */
function dueWords(dueAt: string | null, now: string, overdue: boolean): string | null {
  if (dueAt === null) return null;
  const days = Math.round((Date.parse(dueAt) - Date.parse(now)) / DAY);
  const when =
    days === 0
      ? 'today'
      : days > 0
        ? `in ${days} day${days === 1 ? '' : 's'}`
        : `${-days} day${days === -1 ? '' : 's'} ago`;
  return overdue || days < 0
    ? `Overdue: was due ${formatDay(dueAt)}, ${when}`
    : `Due ${formatDay(dueAt)}, ${when}`;
}

const SETTING_BUTTON: Record<string, string> = {
  microphone: 'Confirm the microphone is off',
  'lockdown-mode': 'Confirm Lockdown Mode is on',
};
const SETTING_DONE: Record<string, string> = {
  microphone: 'microphone off',
  'lockdown-mode': 'Lockdown Mode on',
};

export function MeView() {
  const query = useQuery({ queryKey: PAGE_KEY, queryFn: () => api<Page>('/me/page') });
  return (
    <div className="me">
      <h1>My phones</h1>
      <Loadable query={query} label="your page">
        {(page) => <MePage page={page} />}
      </Loadable>
    </div>
  );
}

function MePage({ page }: { page: Page }) {
  const [said, setSaid] = useState<string | null>(null);
  const scrolled = useRef(false);
  useEffect(() => {
    // A notice's link (/me#task): show that task once the page is there.
    if (scrolled.current || window.location.hash.length < 2) return;
    scrolled.current = true;
    const el = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    el?.scrollIntoView({ block: 'start' });
    el?.focus();
  }, []);
  const rules = new Map(page.rules.map((r) => [r.facility, r]));
  return (
    <>
      <p className="me-who">
        {page.person.name}
        {page.protocol === null ? '' : ` · ${page.protocol.title}`}
      </p>
      <p role="status" className="me-said">
        {said}
      </p>

      <section aria-labelledby="me-todo">
        <h2 id="me-todo">What to do</h2>
        {page.tasks.length === 0 ? (
          <p>Nothing to do now. Thank you.</p>
        ) : (
          <ul className="me-cards">
            {page.tasks.map((t) => (
              <TaskCard
                key={t.id}
                task={t}
                now={page.at}
                rule={rules.get(t.facility ?? '')}
                onDone={setSaid}
              />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="me-devices">
        <h2 id="me-devices">My devices</h2>
        {page.devices.length === 0 ? (
          <p>You hold no device Vigil knows of.</p>
        ) : (
          <ul className="me-cards">
            {page.devices.map((d) => (
              <li key={d.id} className={`me-card me-${d.verdict}`}>
                <h3>{d.label}</h3>
                <p className="me-verdict">
                  <span aria-hidden="true">
                    {d.verdict === 'non-compliant' ? '✗ ' : d.verdict === 'not-evaluated' ? '– ' : '✓ '}
                  </span>
                  {d.words}
                </p>
                {d.problems.length > 0 && (
                  <ul className="me-problems">
                    {d.problems.map((p) => (
                      <li key={p.rule}>
                        {p.message}
                        <br />
                        <span className="me-remedy">What helps: {p.remedy}</span>
                      </li>
                    ))}
                  </ul>
                )}
                {page.attestations
                  .filter((a) => a.deviceId === d.id)
                  .map((a) => (
                    <p key={a.id} className="me-note">
                      You confirmed {SETTING_DONE[a.setting] ?? a.setting} on {formatDay(a.occurredAt)}; the
                      security office checks it at the next visit.
                    </p>
                  ))}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="me-waivers">
        <h2 id="me-waivers">My waivers</h2>
        {page.waivers.length === 0 ? (
          <p>No waivers.</p>
        ) : (
          <ul className="me-cards">
            {page.waivers.map((w) => (
              <li key={w.id} className="me-card">
                <h3>{w.rule}</h3>
                <p>
                  {w.state === 'approved'
                    ? w.expired
                      ? `Expired on ${formatDay(w.expiresAt)}: the rule applies again.`
                      : `Approved until ${formatDay(w.expiresAt)}.`
                    : w.state === 'requested'
                      ? `Requested, awaiting an officer (would end ${formatDay(w.expiresAt)}).`
                      : `Not in force (${w.state}).`}
                </p>
                <p className="me-note">{w.reason}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="me-rules">
        <h2 id="me-rules">Facility rules</h2>
        {page.rules.length === 0 ? (
          <p>No facility rules apply to you.</p>
        ) : (
          <ul className="me-cards">
            {page.rules.map((r) => (
              <li key={r.facility} className="me-card">
                <h3>{r.title}</h3>
                <p>
                  {r.personalDevices === 'banned'
                    ? 'Personal phones are not allowed inside: leave yours outside.'
                    : 'Personal phones are allowed inside.'}
                </p>
                <p className="me-note">
                  {r.acknowledgedAt !== null
                    ? `You accepted this policy on ${formatDay(r.acknowledgedAt)}.`
                    : r.acknowledgement === 'required'
                      ? 'You have not yet accepted this policy.'
                      : 'Accepting it is optional.'}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function TaskCard({
  task,
  now,
  rule,
  onDone,
}: {
  task: Task;
  now: string;
  rule: Page['rules'][number] | undefined;
  onDone: (words: string) => void;
}) {
  const client = useQueryClient();
  const act = useMutation({
    mutationFn: (): Promise<unknown> => {
      switch (task.kind) {
        case 'acknowledge':
          return api('/me/acknowledgements', {
            method: 'POST',
            body: { facility: task.facility, policyVersion: task.policyVersion },
          });
        case 'attest':
          return api('/me/attestations', {
            method: 'POST',
            body: { deviceId: task.deviceId, setting: task.setting },
          });
        default:
          return api(`/me/swaps/${encodeURIComponent(task.swapId ?? '')}/confirm`, { method: 'POST' });
      }
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: PAGE_KEY });
      onDone(
        task.kind === 'acknowledge'
          ? 'Policy accepted. Thank you.'
          : task.kind === 'attest'
            ? 'Recorded. Thank you.'
            : 'Swap confirmed: the new phone is yours. Hand the old one to the security office.',
      );
    },
  });
  const due = dueWords(task.dueAt, now, task.overdue);
  const button =
    task.kind === 'acknowledge'
      ? `Accept the ${rule?.title ?? task.facility} policy`
      : task.kind === 'attest'
        ? (SETTING_BUTTON[task.setting ?? ''] ?? 'Confirm')
        : task.kind === 'confirm-swap'
          ? 'I have the new phone'
          : null;
  // tabIndex -1: a notice's link (/me#id) moves focus to its task.
  return (
    <li id={task.id} tabIndex={-1} className={`me-card me-task${task.overdue ? ' me-overdue' : ''}`}>
      <p className="me-task-text">{task.text}</p>
      {due !== null && <p className={task.overdue ? 'me-due me-late' : 'me-due'}>{due}</p>}
      {task.kind === 'acknowledge' && rule !== undefined && rule.personalDevices === 'banned' && (
        <p className="me-note">It says: personal phones stay outside {rule.title}.</p>
      )}
      {(task.kind === 'swap' || task.kind === 'check' || task.kind === 'return-old') && (
        <p className="me-note">The security office arranges it with you.</p>
      )}
      {button !== null && (
        <button type="button" className="me-tap" disabled={act.isPending} onClick={() => act.mutate()}>
          {button}
        </button>
      )}
      {act.error !== null && (
        <ErrorAlert error={act.error instanceof ApiError ? act.error : new Error(String(act.error))} />
      )}
    </li>
  );
}
