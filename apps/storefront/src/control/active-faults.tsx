import type { StackAdmin } from '@faultline/fault-admin';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAnnounce } from '../components/announcer';
import { untilText } from './countdown';
import { failureText } from './processes';
import type { ActiveRule, ProcessName } from './processes';
import { hiddenBy, onEveryProcess } from './stack-actions';
import type { ProcessOutcome } from './stack-actions';

/** How often the active faults are read again. */
const REFRESH_MS = 3000;

export interface ActiveFaultsState {
  outcomes: ProcessOutcome<ActiveRule[]>[] | undefined;
  /** When they were read. */
  readAt: number;
  refresh: () => void;
}

/**
 * Every process's active faults, read every few seconds (and on demand). A token every process
 * refuses means the gateway no longer takes it: `onTokenRefused`.
 */
export function useActiveFaults(
  stack: StackAdmin<ProcessName>,
  onTokenRefused: () => void,
): ActiveFaultsState {
  const [outcomes, setOutcomes] = useState<ProcessOutcome<ActiveRule[]>[]>();
  const [readAt, setReadAt] = useState(() => Date.now());
  const [asked, setAsked] = useState(0);
  const refused = useRef(onTokenRefused);
  useEffect(() => {
    refused.current = onTokenRefused;
  });

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      const found = await onEveryProcess(stack, (admin) => admin.list());
      if (!current) return;
      if (found.every((outcome) => !outcome.ok && outcome.unauthorized)) {
        refused.current();
        return;
      }
      setOutcomes(found);
      setReadAt(Date.now());
      timer = setTimeout(() => void read(), REFRESH_MS);
    };
    void read();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [stack, asked]);

  const refresh = useCallback(() => {
    setAsked((n) => n + 1);
  }, []);
  return { outcomes, readAt, refresh };
}

/**
 * What is active on which process until when, with a way to remove each. A mystery's faults are
 * counted, not shown, until it is revealed: the panel must not give its own answer away.
 */
export function ActiveFaults({
  stack,
  state,
  codenames,
  revealed,
}: {
  stack: StackAdmin<ProcessName>;
  state: ActiveFaultsState;
  codenames: ReadonlySet<string>;
  revealed: ReadonlySet<string>;
}) {
  const announce = useAnnounce();
  const [problem, setProblem] = useState<string>();
  const { outcomes, readAt, refresh } = state;

  const remove = async (process: ProcessName, rule: ActiveRule) => {
    try {
      const removed = await stack[process].remove(rule.id);
      setProblem(undefined);
      announce(
        removed ? `Removed ${rule.id} from ${process}.` : `${rule.id} was no longer active.`,
      );
    } catch (error) {
      setProblem(failureText(error));
    }
    refresh();
  };

  return (
    <section className="control-section" aria-labelledby="active-heading">
      <h2 id="active-heading">Active faults</h2>
      {problem && (
        <p className="notice notice-problem" role="alert">
          {problem}
        </p>
      )}
      {!outcomes ? (
        <p>Reading the processes…</p>
      ) : (
        outcomes.map((outcome) => {
          const rules = outcome.ok ? outcome.value : [];
          const shown = rules.filter((rule) => !hiddenBy(rule, codenames, revealed));
          const hidden = rules.length - shown.length;
          return (
            <div key={outcome.process} className="process" data-process={outcome.process}>
              <h3>{outcome.process}</h3>
              {!outcome.ok ? (
                <p className="outcome-problem">{outcome.message}</p>
              ) : rules.length === 0 ? (
                <p>No active faults.</p>
              ) : (
                <>
                  {hidden > 0 && (
                    <p className="hint">
                      {hidden} fault{hidden === 1 ? '' : 's'} of a mystery, hidden until it is
                      revealed.
                    </p>
                  )}
                  {shown.length > 0 && (
                    <table className="faults">
                      <caption className="visually-hidden">
                        Active faults on {outcome.process}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Id</th>
                          <th scope="col">Point</th>
                          <th scope="col">Kind</th>
                          <th scope="col">Probability</th>
                          <th scope="col">Until</th>
                          <th scope="col">
                            <span className="visually-hidden">Remove</span>
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {shown.map((rule) => (
                          <tr key={rule.id}>
                            <td>
                              <code>{rule.id}</code>
                            </td>
                            <td>{rule.point}</td>
                            <td>{rule.kind}</td>
                            <td>{Math.round(rule.probability * 100)}%</td>
                            <td>{untilText(rule.until, readAt)}</td>
                            <td>
                              <button
                                type="button"
                                className="button button-secondary"
                                onClick={() => {
                                  void remove(outcome.process, rule);
                                }}
                              >
                                Remove<span className="visually-hidden"> {rule.id}</span>
                              </button>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </>
              )}
            </div>
          );
        })
      )}
    </section>
  );
}
