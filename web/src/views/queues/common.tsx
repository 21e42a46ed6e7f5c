/**
 * The pieces every work queue uses: commands (a button, or a button that opens a
 * small labelled form) that call the API, refresh what the page shows, say what happened
 * (outcome.tsx: a polite status, focus kept off <body>), and show the API's refusal (its message
 * and stable code) in an alert beside the control that caused it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { usePeople } from '../../api/queries.ts';
import { SESSION_KEY } from '../../api/session.ts';
import { ErrorAlert } from '../../components/ui.tsx';
import type { Lateness } from './lateness.ts';
import { useOutcome } from './outcome.tsx';

/** What a command says once done: fixed words, or words drawn from the API's answer. */
export type Outcome<R> = string | ((result: R) => string);

/** Query tells its observers of new data in a zero timeout; one more lets React show it. */
const shown = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A command: on success every query is refreshed (a step moves items between queues) and the
 * mutation stays pending until they are, so the page never shows the old state as current; then
 * the outcome is said, and focus moved if its control went away with the old state.
 */
export function useCommand<B, R>(run: (body: B) => Promise<R>, outcome: Outcome<R>, done?: () => void) {
  const client = useQueryClient();
  const said = useOutcome();
  return useMutation({
    mutationFn: run,
    onSuccess: async (result) => {
      done?.();
      // What a command can change; not the session nor the people, which no queue action edits.
      await client.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] && q.queryKey[0] !== 'people',
      });
      await shown();
      said(typeof outcome === 'string' ? outcome : outcome(result));
    },
  });
}

interface ControlProps {
  /** The visible label of the button ("Hand over"). */
  readonly label: string;
  /** What it acts on, read after the label by screen readers ("of aide-news"). */
  readonly target: string;
  readonly secondary?: boolean;
}

/**
 * A command without input: one click. While it runs the button is aria-disabled, not disabled:
 * a disabled button loses focus, and a refusal must find focus where it was.
 */
export function CommandButton<R>({
  label,
  target,
  secondary,
  run,
  outcome,
}: ControlProps & { run: () => Promise<R>; outcome: Outcome<R> }) {
  const command = useCommand<void, R>(run, outcome);
  return (
    <>
      <button
        type="button"
        className={secondary ? 'small secondary' : 'small'}
        aria-disabled={command.isPending}
        onClick={() => {
          if (!command.isPending) command.mutate();
        }}
      >
        {label}
        <span className="visually-hidden">{` ${target}`}</span>
      </button>
      {command.error && <ErrorAlert error={command.error} />}
    </>
  );
}

/**
 * A command with input: the button discloses a form (aria-expanded), whose fields the caller
 * renders with ids from `id(name)` so every label points at its field.
 */
export function CommandForm<B, R>({
  label,
  target,
  secondary,
  title,
  submit,
  toBody,
  check,
  run,
  outcome,
  children,
}: ControlProps & {
  /** The form's accessible name ("Stage a replacement for swap swp_1"). */
  readonly title: string;
  /** The submit button's label. */
  readonly submit: string;
  readonly toBody: (form: FormData) => B;
  /** What the browser's own validation cannot say (one of two fields), or null when fine. */
  readonly check?: (form: FormData) => string | null;
  readonly run: (body: B) => Promise<R>;
  readonly outcome: Outcome<R>;
  readonly children: (id: (name: string) => string) => ReactNode;
}) {
  const base = useId();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const command = useCommand(run, outcome, () => setOpen(false));
  const formId = `${base}form`;
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (command.isPending) return;
    const form = new FormData(e.currentTarget);
    const found = check?.(form) ?? null;
    setProblem(found);
    if (found === null) command.mutate(toBody(form));
  };
  return (
    <>
      <button
        type="button"
        className={secondary ? 'small secondary' : 'small'}
        aria-expanded={open}
        aria-controls={open ? formId : undefined}
        onClick={() => {
          setOpen(!open);
          setProblem(null);
          command.reset();
        }}
      >
        {label}
        <span className="visually-hidden">{` ${target}`}</span>
      </button>
      {open && (
        <form id={formId} className="inline-form command-form" aria-label={title} onSubmit={onSubmit}>
          {children((name) => `${base}${name}`)}
          <button type="submit" aria-disabled={command.isPending}>
            {submit}
          </button>
        </form>
      )}
      {open && problem !== null && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {command.error && <ErrorAlert error={command.error} />}
    </>
  );
}

/** A form field's trimmed text, or undefined when left empty (optional fields are then not sent). */
export function field(form: FormData, name: string): string | undefined {
  const v = String(form.get(name) ?? '').trim();
  return v === '' ? undefined : v;
}

/** A labelled text input. */
export function TextField({
  id,
  name,
  label,
  required,
  maxLength,
  defaultValue,
}: {
  id: string;
  name: string;
  label: string;
  required?: boolean;
  maxLength: number;
  defaultValue?: string;
}) {
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        required={required}
        maxLength={maxLength}
        {...(defaultValue === undefined ? {} : { defaultValue })}
      />
    </span>
  );
}

/** A labelled choice among fixed values. */
export function ChoiceField({
  id,
  name,
  label,
  options,
  defaultValue,
}: {
  id: string;
  name: string;
  label: string;
  options: readonly (string | { value: string; text: string })[];
  defaultValue?: string;
}) {
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue}>
        {options.map((o) =>
          typeof o === 'string' ? (
            <option key={o}>{o}</option>
          ) : (
            <option key={o.value} value={o.value}>
              {o.text}
            </option>
          ),
        )}
      </select>
    </span>
  );
}

/** A labelled choice of a person; `none` adds an empty first choice with that text. */
export function PersonField({
  id,
  name,
  label,
  none,
  defaultValue,
}: {
  id: string;
  name: string;
  label: string;
  none?: string;
  defaultValue?: string;
}) {
  const people = usePeople();
  const list = [...(people.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  // Until the people load, offer the default alone so the form can still be sent as is.
  const known = defaultValue === undefined || list.some((p) => p.id === defaultValue);
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue ?? ''} key={list.length}>
        {none !== undefined && <option value="">{none}</option>}
        {!known && defaultValue !== undefined && <option value={defaultValue}>{defaultValue}</option>}
        {list.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </span>
  );
}

/** How late an item is (queues/lateness.ts), in words and a style that stands out. */
export function LateLabel({ late }: { late: Lateness | null }) {
  return late === null ? null : <span className={`late late-${late.level}`}>{late.text}</span>;
}
