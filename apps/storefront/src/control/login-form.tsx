import { useEffect, useRef, useState } from 'react';

/** The admin token, asked for in a form (never taken from the address, where it would be logged). */
export function LoginForm({
  checking,
  refused,
  onSubmit,
}: {
  checking: boolean;
  refused: string | undefined;
  onSubmit: (token: string) => Promise<void>;
}) {
  const [token, setToken] = useState('');
  const [empty, setEmpty] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const problem = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (refused) problem.current?.focus();
  }, [refused]);

  return (
    <>
      <h1 tabIndex={-1}>Fault control room</h1>
      <p>
        Turn faults on and off across this stack, play the scenarios and run the mysteries. It needs
        the stack’s admin token (<code>FAULT_ADMIN_TOKEN</code>).
      </p>
      {refused && (
        <div
          className="notice notice-problem"
          role="alert"
          tabIndex={-1}
          ref={problem}
          data-testid="login-problem"
        >
          <p>{refused}</p>
        </div>
      )}
      <form
        className="control-login"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (checking) return;
          if (token.trim() === '') {
            setEmpty(true);
            input.current?.focus();
            return;
          }
          setEmpty(false);
          void onSubmit(token.trim()).then(() => {
            setToken('');
          });
        }}
      >
        <div className="field">
          <label htmlFor="admin-token">Admin token</label>
          <input
            id="admin-token"
            ref={input}
            type="password"
            autoComplete="current-password"
            value={token}
            aria-invalid={empty || undefined}
            aria-describedby={empty ? 'admin-token-error' : undefined}
            onChange={(event) => {
              setToken(event.target.value);
            }}
          />
          {empty && (
            <p className="field-error" id="admin-token-error">
              Enter the admin token.
            </p>
          )}
        </div>
        <button
          type="submit"
          className="button button-primary"
          aria-disabled={checking || undefined}
        >
          {checking ? 'Checking…' : 'Log in'}
        </button>
      </form>
    </>
  );
}
