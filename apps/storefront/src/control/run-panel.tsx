import { useEffect, useRef, useState } from 'react';
import { useAnnounce } from '../components/announcer';
import { announcementKey, clockOf, spokenDuration, untilText } from './countdown';
import { failureText } from './processes';
import type { Run } from './use-run';

/** How many faults an action on the run's stacks touched, and why a stack could not. */
interface StacksDone {
  total: number;
  problems: string[];
}

/** "Not on b: b is not reachable at …." when some stack could not; nothing otherwise. */
const notOn = ({ problems }: StacksDone): string =>
  problems.length === 0 ? '' : ` Not on ${problems.join('; ')}`;

/** The time now, every `everyMs` while `ticking`. */
function useNow(ticking: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return undefined;
    const tick = () => {
      setNow(Date.now());
    };
    // At once (the clock may have stood still since the last run), then every `everyMs`.
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, everyMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ticking, everyMs]);
  return now;
}

const EXTEND_SECONDS = 300;

const STATES: Record<Run['state'], string> = {
  running: 'Running',
  stopping: 'Stopping…',
  stopped: 'Stopped: the faults it applied are removed',
  ended: 'Ended: none of its faults is active any more',
  failed: 'Failed',
};

/**
 * The run this tab plays: what it is (in mystery mode only the codename and the symptoms), the
 * countdown to its end, what it applied (ids only in mystery mode), and stop, extend, end.
 */
export function RunPanel({
  run,
  revealed,
  onReveal,
  onStop,
  onEnd,
  onExtend,
  onDismiss,
}: {
  run: Run;
  revealed: boolean;
  onReveal: () => void;
  onStop: () => void;
  onEnd: () => Promise<StacksDone>;
  onExtend: (seconds: number) => Promise<StacksDone>;
  onDismiss: () => void;
}) {
  const live = run.state === 'running';
  const now = useNow(live);
  const remaining = live ? run.endsAt - now : 0;
  const [message, setMessage] = useState<string>();
  const announce = useAnnounce();
  const lastKey = useRef<string>(undefined);
  const hidden = run.mystery && !revealed;
  const { scenario } = run;
  const several = run.stacks.length > 1;

  // Said out loud at whole minutes and in the last 30 s, never every second.
  useEffect(() => {
    if (!live) return;
    const key = announcementKey(remaining);
    if (key !== undefined && key !== lastKey.current) {
      lastKey.current = key;
      announce(`${spokenDuration(remaining)} left in the run.`);
    }
  }, [live, remaining, announce]);

  useEffect(() => {
    if (run.state === 'stopped' || run.state === 'ended' || run.state === 'failed') {
      announce(`${STATES[run.state]}.`);
    }
  }, [run.state, announce]);

  const act = async (what: () => Promise<string>) => {
    try {
      const said = await what();
      setMessage(said);
      announce(said);
    } catch (error) {
      setMessage(failureText(error));
    }
  };

  return (
    <section className="control-section run-panel" aria-labelledby="run-heading" data-testid="run">
      <h2 id="run-heading">
        {hidden ? `Mystery ${scenario.codename}` : scenario.title}
        <span className={`run-state run-state-${run.state}`}> · {STATES[run.state]}</span>
      </h2>
      {hidden ? (
        <p className="run-story">{scenario.symptoms}</p>
      ) : (
        <p className="run-story">
          <code>{run.runName}</code> {run.mystery && `(mystery ${scenario.codename}, revealed)`}
        </p>
      )}
      <p className="countdown">
        <span id="countdown-label">Ends in</span>{' '}
        <span
          role="timer"
          aria-labelledby="countdown-label"
          className="countdown-clock"
          data-testid="countdown"
        >
          {clockOf(remaining)}
        </span>
        <span className="hint">
          {' '}
          ({run.plan.length} fault{run.plan.length === 1 ? '' : 's'}, {run.applied.length} applied
          so far)
        </span>
      </p>
      {!several && run.message && (
        <p className="notice notice-problem" role="alert">
          {run.message}
        </p>
      )}
      {several && (
        <ul className="outcomes" aria-label="Stacks this run plays on" data-testid="run-stacks">
          {run.stacks.map((stack) => (
            <li
              key={stack.target.key}
              className={stack.state === 'failed' ? 'outcome-problem' : undefined}
            >
              {stack.target.label}: {STATES[stack.state]}
              {stack.message && `: ${stack.message}`}
            </li>
          ))}
        </ul>
      )}
      <h3>Applied by this run</h3>
      {run.applied.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul className="applied" aria-label="Faults applied by this run">
          {run.applied.map((fault) => (
            <li key={`${fault.stack} ${fault.id}`}>
              {several && `${fault.stack}: `}
              <code>{fault.id}</code>
              {hidden
                ? ' (hidden: it is a mystery)'
                : ` ${fault.point} ${fault.kind} on ${fault.service}`}
              , until {untilText(fault.until, now)}
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        {live ? (
          <>
            <button type="button" className="button button-secondary" onClick={onStop}>
              Stop
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                void act(async () => {
                  const done = await onExtend(EXTEND_SECONDS);
                  const n = done.total;
                  return `Extended ${n} fault${n === 1 ? '' : 's'} by 5 minutes.${notOn(done)}`;
                });
              }}
            >
              Extend +5 min
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                void act(async () => {
                  const done = await onEnd();
                  const n = done.total;
                  return `Ended: removed ${n} fault${n === 1 ? '' : 's'} of it on every process.${notOn(done)}`;
                });
              }}
            >
              End now
            </button>
          </>
        ) : (
          run.state !== 'stopping' && (
            <button type="button" className="button button-secondary" onClick={onDismiss}>
              Dismiss
            </button>
          )
        )}
        {hidden && (
          <button type="button" className="button button-secondary" onClick={onReveal}>
            Reveal the answer
          </button>
        )}
      </div>
      {message && <p className="run-message">{message}</p>}
      {run.mystery && revealed && (
        <div className="reveal" data-testid="reveal">
          <h3>The answer: {scenario.title}</h3>
          <p>{scenario.story}</p>
          <ul>
            {scenario.faults.map((fault, index) => (
              <li key={index}>
                {fault.rule.point} {fault.rule.kind} on {fault.service}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
