import { useCallback, useEffect, useState } from 'react';
import { isApiError } from '../api/api-error';
import { AnnouncerProvider } from '../components/announcer';
import { usePageTitle } from '../components/page-title';
import { adminToken } from './admin-token';
import { loadScenarios } from './control-api';
import type { ScenarioView } from './control-api';
import { ControlPanel } from './control-panel';
import { LoginForm } from './login-form';
import './control.css';

/** Logged in: the token the gateway accepted, and the scenarios (or why there are none). */
interface Session {
  token: string;
  scenarios: ScenarioView[];
  scenariosProblem?: string;
}

const CHECK_FAILED = { refused: 'Something went wrong checking the token. Try again.' };

/** A session for a token the gateway accepted, or why it got none, in the host’s words. */
async function openSession(token: string): Promise<Session | { refused: string }> {
  try {
    return { token, scenarios: await loadScenarios(token) };
  } catch (error) {
    if (!isApiError(error)) throw error;
    if (error.status === 401 || error.status === 403) {
      return { refused: 'That token was refused: it is not this stack’s admin token.' };
    }
    // Past the token check: the gateway has no scenarios to offer, the rest still works.
    if (error.status === 503 && error.code === 'scenarios_unavailable') {
      const detail = typeof error.problem?.detail === 'string' ? error.problem.detail : '';
      return { token, scenarios: [], scenariosProblem: detail };
    }
    if (error.status === 0) return { refused: 'The gateway could not be reached. Try again.' };
    return { refused: `The gateway answered ${error.status}. Try again in a moment.` };
  }
}

/**
 * The workshop host's fault control room at /control: a login form for the admin token, then
 * the panel. Nothing of the panel (not even the scenarios) is shown before the gateway has
 * accepted the token.
 */
export function ControlRoom() {
  usePageTitle('Fault control room');
  const [session, setSession] = useState<Session>();
  const [refused, setRefused] = useState<string>();
  const [checking, setChecking] = useState(() => adminToken.read() !== undefined);

  /** What a token got: a session (and it is kept for the tab), or the reason it got none. */
  const settle = useCallback((token: string, opened: Session | { refused: string }) => {
    setChecking(false);
    if ('refused' in opened) {
      adminToken.forget();
      setRefused(opened.refused);
      return;
    }
    adminToken.save(token);
    setSession(opened);
  }, []);

  const logIn = async (token: string): Promise<void> => {
    setChecking(true);
    setRefused(undefined);
    settle(token, await openSession(token).catch(() => CHECK_FAILED));
  };

  // A token kept in this tab (a reload): checked again before anything is shown.
  useEffect(() => {
    const kept = adminToken.read();
    if (kept === undefined) return undefined;
    let current = true;
    void openSession(kept)
      .catch(() => CHECK_FAILED)
      .then((opened) => {
        if (current) settle(kept, opened);
      });
    return () => {
      current = false;
    };
  }, [settle]);

  const logOut = (why?: string) => {
    adminToken.forget();
    setSession(undefined);
    setRefused(why);
  };

  return (
    <AnnouncerProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header control-header">
        <div className="container header-row">
          <a href="/" className="brand">
            Faultline Outfitters
          </a>
          <span className="control-badge">Fault control room</span>
          {session && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                logOut();
              }}
            >
              Log out
            </button>
          )}
        </div>
      </header>
      <main id="main" className="container control-room" tabIndex={-1}>
        {session ? (
          <ControlPanel
            token={session.token}
            scenarios={session.scenarios}
            scenariosProblem={session.scenariosProblem}
            onTokenRefused={() => {
              logOut('The gateway no longer accepts the token: log in again.');
            }}
          />
        ) : (
          <LoginForm checking={checking} refused={refused} onSubmit={logIn} />
        )}
      </main>
    </AnnouncerProvider>
  );
}
