import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { describeError, type ShownError } from '../errors/error-store';

/** Sign in with email and password, or an API key and secret. Tokens stay in core's secret store. */
export function SignInForm({ serverUrl, onSignedIn }: { serverUrl?: string; onSignedIn(): void }) {
  const [server, setServer] = useState(serverUrl ?? 'http://127.0.0.1:8001');
  const [mode, setMode] = useState<'password' | 'api_key'>('password');
  const [email, setEmail] = useState('');
  const [secret, setSecret] = useState('');
  const [key, setKey] = useState('');
  const [error, setError] = useState<Omit<ShownError, 'id'> | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.syncSignIn(mode === 'password' ? { server_url: server, email, password: secret } : { server_url: server, api_key: key, api_secret: secret });
      setSecret('');
      onSignedIn();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="sync-sign-in">
      <label>
        <span>Server</span>
        <input type="url" value={server} onChange={(e) => setServer(e.target.value)} data-testid="sync-server" />
      </label>
      <div className="button-row">
        <label className="io-check"><input type="radio" name="sync-auth" checked={mode === 'password'} onChange={() => setMode('password')} /><span>Email and password</span></label>
        <label className="io-check"><input type="radio" name="sync-auth" checked={mode === 'api_key'} onChange={() => setMode('api_key')} /><span>API key</span></label>
      </div>
      {mode === 'password' ? (
        <label>
          <span>Email</span>
          <input type="email" value={email} autoComplete="username" onChange={(e) => setEmail(e.target.value)} data-testid="sync-email" />
        </label>
      ) : (
        <label>
          <span>API key</span>
          <input type="text" value={key} onChange={(e) => setKey(e.target.value)} />
        </label>
      )}
      <label>
        <span>{mode === 'password' ? 'Password' : 'API secret'}</span>
        <input type="password" value={secret} autoComplete="current-password" onChange={(e) => setSecret(e.target.value)} data-testid="sync-password" />
      </label>
      {error && <div className="form-error" role="alert"><strong>{error.code}</strong> {error.message}</div>}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy} data-testid="sync-sign-in-submit">{busy ? 'Signing in…' : 'Sign in'}</button>
      </div>
    </form>
  );
}
