import { useId, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../../components/document-title/use-document-title';
import { useAuthState } from '../../../lib/auth/current-user';
import { useSignIn } from '../api/auth-requests';
import { safeReturnPath } from '../utils/return-path';
import './auth.css';

/** `/signin`: a plain form (no browser pop-up); signed in, it returns to the page that sent here. */
export function SignInPage() {
  useDocumentTitle('Sign in');
  const [params] = useSearchParams();
  const next = safeReturnPath(params.get('next'));
  const state = useAuthState();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const usernameId = useId();
  const passwordId = useId();
  const errorId = useId();

  // Nothing to sign in to (auth off, or a real MLflow behind --proxy-to).
  if (state?.kind === 'off') return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ username: username.trim(), password }, { onSuccess: () => void navigate(next, { replace: true }) });
  };
  const error = signIn.error instanceof Error ? signIn.error.message : undefined;

  return (
    <main className="signin-page">
      <form className="signin-card panel" onSubmit={submit} aria-labelledby="signin-title" noValidate>
        <div className="signin-logo" aria-hidden="true">
          <svg width="28" height="28" viewBox="0 0 32 32">
            <rect width="32" height="32" rx="7" fill="var(--accent)" />
            <path
              d="M8 22l5-7 4 4 7-10"
              fill="none"
              stroke="var(--accent-text)"
              strokeWidth="3"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <span>Runboard</span>
        </div>
        <h1 id="signin-title">Sign in</h1>
        {state?.kind === 'signed-in' && <p className="muted">You are signed in as {state.user.username}. Sign in again to switch user.</p>}
        <div className="field">
          <label className="field-label" htmlFor={usernameId}>
            User name
          </label>
          <input
            id={usernameId}
            className="input"
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={passwordId}>
            Password
          </label>
          <input
            id={passwordId}
            className="input"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        {error && (
          <p id={errorId} className="signin-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary signin-submit" disabled={signIn.isPending || !username.trim() || !password}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="field-hint">
          Scripts and the <code>mlflow</code> client sign in with the same user name and password (MLFLOW_TRACKING_USERNAME and
          MLFLOW_TRACKING_PASSWORD).
        </p>
      </form>
    </main>
  );
}
