import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthenticatedHandler } from './api/client';
import type { AuthSession, SessionUser } from './api/types';

type AuthState = {
  user: SessionUser | null;
  /** false until the first GET /v1/auth/session answered */
  ready: boolean;
  signIn: (email: string, password: string) => Promise<void>;
  acceptInvite: (token: string, password: string, name: string) => Promise<void>;
  signOut: () => Promise<void>;
  isAdmin: boolean;
};

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [ready, setReady] = useState(false);

  const adopt = useCallback((session: AuthSession | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    setUser(session?.user ?? null);
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => adopt(null));
    api.get<AuthSession | { user: null }>('/v1/auth/session')
      .then((session) => adopt(session.user ? session as AuthSession : null), (err: unknown) => {
        if (!(err instanceof ApiError) || err.status !== 401) console.warn('session check failed', err);
        adopt(null);
      })
      .finally(() => setReady(true));
    return () => setUnauthenticatedHandler(null);
  }, [adopt]);

  const value = useMemo<AuthState>(() => ({
    user,
    ready,
    isAdmin: user?.role === 'admin',
    signIn: async (email, password) => adopt(await api.post<AuthSession>('/v1/auth/sign-in', { email, password })),
    acceptInvite: async (token, password, name) => adopt(await api.post<AuthSession>('/v1/auth/invites/accept', { token, password, name })),
    signOut: async () => {
      try {
        await api.post('/v1/auth/sign-out');
      } finally {
        adopt(null);
      }
    },
  }), [user, ready, adopt]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
