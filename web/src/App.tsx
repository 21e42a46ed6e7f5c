import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { ApiError, setUnauthorizedHandler } from './api/client.ts';
import { registerPasskey } from './api/passkeys.ts';
import { SESSION_KEY, useSession, useSignOut } from './api/session.ts';
import type { User } from './api/types.ts';
import { AuditView } from './views/Audit.tsx';
import { DeviceView } from './views/Device.tsx';
import { MeView } from './views/Me.tsx';
import { OverviewView } from './views/Overview.tsx';
import { PrincipalView } from './views/Principal.tsx';
import { ProtocolsView } from './views/Protocols.tsx';
import { QueuesView } from './views/Queues.tsx';
import { rememberNext, SignInView } from './views/SignIn.tsx';

/** The main navigation, in the order it is shown. */
const NAV = [
  ['/', 'Overview'],
  ['/queues', 'Work queues'],
  ['/protocols', 'Protocols'],
  ['/audit', 'Audit log'],
  ['/me', 'My phones'],
] as const;

export function App() {
  const [, navigate] = useLocation();
  const client = useQueryClient();
  useEffect(() => {
    // A 401 anywhere means the session ended (expired, signed out elsewhere): back to sign-in.
    setUnauthorizedHandler(() => {
      client.removeQueries({ queryKey: SESSION_KEY });
      rememberNext(window.location.pathname);
      navigate('/signin');
    });
  }, [client, navigate]);
  return (
    <Switch>
      <Route path="/signin" component={SignInView} />
      <Route>
        <Authenticated />
      </Route>
    </Switch>
  );
}

function Authenticated() {
  const session = useSession();
  const [location] = useLocation();
  if (session.isPending)
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  // A session still owing its passkey reaches nothing but the sign-in page's passkey step.
  if (session.isError || !session.data || session.data.pendingFactor !== null) {
    // Back to the page asked for once signed in (a bookmark or a reload of /people/…).
    rememberNext(location);
    return <Redirect to="/signin" replace />;
  }
  return <Shell user={session.data.user} />;
}

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [location] = useLocation();
  const active = href === '/' ? location === '/' : location.startsWith(href);
  return (
    <Link href={href} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function Shell({ user }: { user: User }) {
  const [location, navigate] = useLocation();
  const signOut = useSignOut();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // On client-side navigation move focus to the new page, as a page load would.
    if (first.current) {
      first.current = false;
      return;
    }
    if (location) main.current?.focus();
  }, [location]);

  const out = (everywhere: boolean) => {
    void signOut(everywhere).finally(() => navigate('/signin'));
  };

  const [passkeyNote, setPasskeyNote] = useState<string | null>(null);
  const addPasskey = () => {
    setPasskeyNote(null);
    registerPasskey().then(
      () => setPasskeyNote('Passkey registered.'),
      (err: unknown) =>
        setPasskeyNote(
          err instanceof ApiError
            ? `Passkey not registered: ${err.message}`
            : 'Passkey not registered: the request was cancelled or is not supported here.',
        ),
    );
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Vigil</span>
        <nav aria-label="Main">
          <ul>
            {/* Staff read only their own page (the office-wide views answer them 403). */}
            {NAV.filter(([href]) => user.role !== 'staff' || href === '/me').map(([href, label]) => (
              <li key={href}>
                <NavLink href={href}>{label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            <span className="who-name">{user.name}</span> <span className="badge">{user.role}</span>
          </span>
          <span role="status">{passkeyNote}</span>
          <button type="button" className="secondary" onClick={addPasskey}>
            Register a passkey
          </button>
          <button type="button" onClick={() => out(false)}>
            Sign out
          </button>
          <button type="button" className="secondary" onClick={() => out(true)}>
            Sign out everywhere
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Switch>
          <Route path="/">{user.role === 'staff' ? <Redirect to="/me" replace /> : <OverviewView />}</Route>
          <Route path="/me">
            <MeView />
          </Route>
          <Route path="/people/:id">{(p) => <PrincipalView id={decodeURIComponent(p.id)} />}</Route>
          <Route path="/devices/:id">{(p) => <DeviceView id={decodeURIComponent(p.id)} />}</Route>
          <Route path="/queues">
            <QueuesView user={user} />
          </Route>
          <Route path="/protocols">
            <ProtocolsView user={user} />
          </Route>
          <Route path="/audit">
            <AuditView user={user} />
          </Route>
          <Route>
            <h1>Page not found</h1>
            <p>
              <Link href="/">Back to the overview</Link>
            </p>
          </Route>
        </Switch>
      </main>
    </>
  );
}
