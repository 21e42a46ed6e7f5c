/**
 * What a keyboard or screen-reader user is told after a work-queue command succeeds (WCAG 2.4.3
 * focus order, 4.1.3 status messages). The outcome is said in one polite live region for the
 * whole view; and when the control that had focus is gone because the item moved on (its button
 * no longer applies, or the item left the queue), focus goes to the item's next action, else the
 * item itself, else its queue's heading, instead of falling back to <body>.
 * Refusals are not announced here: they show in a role=alert beside the control, which keeps focus.
 */
import {
  createContext,
  type ReactNode,
  type RefObject,
  useCallback,
  useContext,
  useRef,
  useState,
} from 'react';

const AnnounceContext = createContext<(message: string) => void>(() => {});
/** The queue's heading: where focus lands when the item it was in has left the queue. */
const QueueContext = createContext<RefObject<HTMLElement | null> | null>(null);
/** The item (card or row) a command acts on. */
const ItemContext = createContext<RefObject<HTMLElement | null> | null>(null);

/** The live region, present before anything is said in it (a region added with its text is not read). */
export function Announcer({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  // The same words twice (two checks recorded in a row) must still change the region's text.
  const announce = useCallback((m: string) => setMessage((prev) => (prev === m ? `${m}\u00a0` : m)), []);
  return (
    <AnnounceContext value={announce}>
      {children}
      <p role="status" className="visually-hidden queue-outcome">
        {message}
      </p>
    </AnnounceContext>
  );
}

export function QueueSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section aria-labelledby={id}>
      <h2 id={id} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <QueueContext value={heading}>{children}</QueueContext>
    </section>
  );
}

/** A queue's card; its first line (`head`) is where focus lands when none of its actions is left. */
export function QueueCard({ head, children }: { head: ReactNode; children?: ReactNode }) {
  const item = useRef<HTMLLIElement>(null);
  return (
    <li ref={item} className="card">
      <ItemContext value={item}>
        <p className="item-head" tabIndex={-1}>
          {head}
        </p>
        {children}
      </ItemContext>
    </li>
  );
}

/** A queue's table row, focusable itself for the same reason. */
export function QueueRow({ className, children }: { className?: string | undefined; children: ReactNode }) {
  const item = useRef<HTMLTableRowElement>(null);
  return (
    <tr ref={item} className={className ? `item-head ${className}` : 'item-head'} tabIndex={-1}>
      <ItemContext value={item}>{children}</ItemContext>
    </tr>
  );
}

/** Chromium moves focus to <body> when the focused element leaves the document. */
function focusLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || !active.isConnected;
}

function landingIn(item: HTMLElement): HTMLElement | null {
  return (
    item.querySelector<HTMLElement>('.actions button') ??
    (item.classList.contains('item-head') ? item : item.querySelector<HTMLElement>('.item-head'))
  );
}

/**
 * Call once a command's result shows on the page: moves focus if it was lost, then says `message`.
 * Refs are read then, not when the command started: an item that has left the queue has none.
 */
export function useOutcome(): (message: string) => void {
  const announce = useContext(AnnounceContext);
  const queue = useContext(QueueContext);
  const item = useContext(ItemContext);
  return (message: string) => {
    if (focusLost()) {
      const own = item?.current;
      const target = (own?.isConnected ? landingIn(own) : null) ?? queue?.current ?? null;
      target?.focus();
    }
    announce(message);
  };
}
