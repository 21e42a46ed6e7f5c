/** The signed-in user: GET /session on load, POST to sign in, DELETE to sign out. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from './client.ts';
import type { Role, Session, SingleSignOn, User } from './types.ts';

export const SESSION_KEY = ['session'] as const;

export async function fetchSession(): Promise<Session> {
  const s = await api<Session>('/session', { allowUnauthorized: true });
  setCsrfToken(s.csrfToken);
  return s;
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, retry: false, staleTime: Infinity });
}

/** Single sign-on as the server offers it (an unauthenticated read: the sign-in page needs it). */
export function useSingleSignOn() {
  return useQuery({
    queryKey: ['session', 'oidc'],
    queryFn: () => api<SingleSignOn>('/session/oidc', { allowUnauthorized: true }),
    retry: false,
    staleTime: Infinity,
  });
}

export async function signIn(username: string, password: string): Promise<Session> {
  const s = await api<Session>('/session', {
    method: 'POST',
    body: { username, password },
    allowUnauthorized: true,
  });
  setCsrfToken(s.csrfToken);
  return s;
}

export function useSignOut() {
  const client = useQueryClient();
  return async (everywhere: boolean) => {
    try {
      await api<void>(everywhere ? '/sessions' : '/session', { method: 'DELETE', allowUnauthorized: true });
    } finally {
      setCsrfToken(null);
      client.clear();
    }
  };
}

/** Which roles the API lets take each action (the API stays the authority; this only hides buttons). */
export const CAN = {
  decideWaivers: ['admin', 'officer'],
  runSwaps: ['admin', 'technician'],
  recordChecks: ['admin', 'technician'],
  stepIncidents: ['admin', 'officer', 'technician'],
  readAudit: ['admin', 'officer', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export function can(user: User | undefined, action: keyof typeof CAN): boolean {
  return user !== undefined && (CAN[action] as readonly Role[]).includes(user.role);
}
