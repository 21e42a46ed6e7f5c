import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { ApiError } from '../api/client.ts';
import { provePasskey, registerPasskey } from '../api/passkeys.ts';
import { fetchSession, SESSION_KEY, signIn, useSignOut, useSingleSignOn } from '../api/session.ts';

const NEXT_KEY = 'vigil.next';

/** Where to go after signing in; kept out of the URL so /signin stays /signin. */
export function rememberNext(path: string): void {
  try {
    if (path !== '/signin') window.sessionStorage.setItem(NEXT_KEY, path);
  } catch {
    // Storage off: sign-in lands on the overview.
  }
}

function takeNext(): string {
  try {
    const next = window.sessionStorage.getItem(NEXT_KEY);
    window.sessionStorage.removeItem(NEXT_KEY);
    // Only a path of this app, never another origin ("//host" or "/\\host").
    return next && /^\/(?![/\\])/.test(next) ? next : '/';
  } catch {
    return '/';
  }
}

/** What the single sign-on refusals (`/signin?error=<code>`, from the callback) mean to the person. */
const SSO_ERRORS: Record<string, string> = {
  OIDC_NO_ROLE: 'Your account at the sign-in provider gives you no Vigil role. Ask an administrator.',
  OIDC_NOT_LINKED:
    'Your account at the sign-in provider is not linked to a Vigil user. Ask an administrator.',
  OIDC_USER_DISABLED: 'Your Vigil user is disabled.',
  OIDC_UNAVAILABLE: 'The sign-in provider cannot be reached. Try again later.',
  OIDC_FAILED: 'The single sign-on could not be completed. Try again.',
};

function ssoError(): string | null {
  const code = new URLSearchParams(window.location.search).get('error');
  if (code === null) return null;
  return SSO_ERRORS[code] ?? SSO_ERRORS.OIDC_FAILED ?? null;
}

export function SignInView() {
  const [, navigate] = useLocation();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(ssoError);
  const sso = useSingleSignOn();
  const [busy, setBusy] = useState(false);
  /** Set when the password was right but the session still owes its passkey. */
  const [pending, setPending] = useState<'passkey' | 'passkey-registration' | null>(null);
  const signOut = useSignOut();
  // A session may arrive here already owing its passkey (single sign-on lands on this page).
  useEffect(() => {
    let live = true;
    fetchSession().then(
      (s) => {
        if (live && s.pendingFactor !== null) setPending(s.pendingFactor);
      },
      () => {}, // not signed in: the form as usual
    );
    return () => {
      live = false;
    };
  }, []);

  const message = (err: unknown) =>
    err instanceof ApiError && err.code === 'AUTH_INVALID_CREDENTIALS'
      ? 'Wrong user name or password.'
      : err instanceof ApiError && err.code === 'PASSKEY_INVALID'
        ? 'The passkey was refused. Try again.'
        : err instanceof Error && err.name === 'NotAllowedError'
          ? 'The passkey request was cancelled or timed out. Try again.'
          : err instanceof Error
            ? err.message
            : 'Sign-in failed.';

  const passkey = async () => {
    setBusy(true);
    setError(null);
    try {
      await (pending === 'passkey-registration' ? registerPasskey() : provePasskey());
      client.setQueryData(SESSION_KEY, await fetchSession());
      navigate(takeNext());
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => {
    void signOut(false).finally(() => {
      setPending(null);
      setError(null);
    });
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(String(form.get('username') ?? ''), String(form.get('password') ?? ''));
      if (session.pendingFactor !== null) {
        setPending(session.pendingFactor);
        return;
      }
      client.setQueryData(SESSION_KEY, session);
      navigate(takeNext());
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  if (pending !== null) {
    return (
      <main id="main" className="signin">
        <h1>{pending === 'passkey' ? 'Confirm with your passkey' : 'Register a passkey'}</h1>
        <p>
          {pending === 'passkey'
            ? 'Your role signs in with a passkey after the password.'
            : 'Your role signs in with a passkey after the password, and you have none yet: register one now.'}
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="button" disabled={busy} onClick={() => void passkey()}>
          {pending === 'passkey' ? 'Use my passkey' : 'Register a passkey'}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={cancel}>
          Cancel
        </button>
      </main>
    );
  }

  return (
    <main id="main" className="signin">
      <h1>Sign in to Vigil</h1>
      <form onSubmit={(e) => void submit(e)} noValidate={false}>
        <label htmlFor="username">User name</label>
        <input id="username" name="username" autoComplete="username" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      {sso.data?.enabled && sso.data.startUrl && (
        <p className="sso">
          {/* A full navigation, not a fetch: the browser goes to the provider and comes back. */}
          <a className="button" href={sso.data.startUrl}>
            Sign in with {sso.data.name}
          </a>
        </p>
      )}
    </main>
  );
}
