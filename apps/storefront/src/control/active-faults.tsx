import { useCallback, useEffect, useRef, useState } from 'react';
import { useAnnounce } from '../components/announcer';
import { untilText } from './countdown';
import { failureText } from './processes';
import type { ActiveRule, ProcessName } from './processes';
import { hiddenBy, onEveryProcess } from './stack-actions';
import type { ProcessOutcome } from './stack-actions';
import type { ControlTarget } from './stacks';

/** How often the active faults are read again. */
const REFRESH_MS = 3000;

/** One stack's processes, each with its active rules or why it could not say. */
export interface StackFaults {
  target: ControlTarget;
  outcomes: ProcessOutcome<ActiveRule[]>[];
}

export interface ActiveFaultsState {
  /** Per chosen stack, in the order chosen. */
  stacks: StackFaults[] | undefined;
  /** When they were read. */
  readAt: number;
  refresh: () => void;
}

/**
 * Every process's active faults on each chosen stack, read every few seconds (and on demand). A
 * token every process of this stack refuses means its gateway no longer takes it:
 * `onTokenRefused` (another stack refusing it is only reported: its token may differ).
 */
export function useActiveFaults(
  targets: readonly ControlTarget[],
  onTokenRefused: () => void,
): ActiveFaultsState {
  const [stacks, setStacks] = useState<StackFaults[]>();
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
      const found = await Promise.all(
        targets.map(async (target) => ({
          target,
          outcomes: await onEveryProcess(target.admin, (admin) => admin.list()),
        })),
      );
      if (!current) return;
      const here = found.find(({ target }) => target.key === '');
      if (here?.outcomes.every((outcome) => !outcome.ok && outcome.unauthorized)) {
        refused.current();
        return;
      }
      setStacks(found);
      setReadAt(Date.now());
      timer = setTimeout(() => void read(), REFRESH_MS);
    };
    void read();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [targets, asked]);

  const refresh = useCallback(() => {
    setAsked((n) => n + 1);
  }, []);
  return { stacks, readAt, refresh };
}

/**
 * What is active on which process until when, with a way to remove each; per stack when several
 * are chosen. A mystery's faults are counted, not shown, until it is revealed: the panel must not
 * give its own answer away.
 */
export function ActiveFaults({
  state,
  codenames,
  revealed,
}: {
  state: ActiveFaultsState;
  codenames: ReadonlySet<string>;
  revealed: ReadonlySet<string>;
}) {
  const announce = useAnnounce();
  const [problem, setProblem] = useState<string>();
  const { stacks, readAt, refresh } = state;
  const several = (stacks?.length ?? 0) > 1;

  const remove = async (target: ControlTarget, process: ProcessName, rule: ActiveRule) => {
    try {
      const removed = await target.admin[process].remove(rule.id);
      setProblem(undefined);
      const where = several ? `${process} on ${target.label}` : process;
      announce(removed ? `Removed ${rule.id} from ${where}.` : `${rule.id} was no longer active.`);
    } catch (error) {
      setProblem(failureText(error));
    }
    refresh();
  };

  const processes = (target: ControlTarget, outcomes: ProcessOutcome<ActiveRule[]>[]) =>
    outcomes.map((outcome) => {
      const rules = outcome.ok ? outcome.value : [];
      const shown = rules.filter((rule) => !hiddenBy(rule, codenames, revealed));
      const hidden = rules.length - shown.length;
      const Heading = several ? 'h4' : 'h3';
      return (
        <div key={outcome.process} className="process" data-process={outcome.process}>
          <Heading>{outcome.process}</Heading>
          {!outcome.ok ? (
            <p className="outcome-problem">{outcome.message}</p>
          ) : rules.length === 0 ? (
            <p>No active faults.</p>
          ) : (
            <>
              {hidden > 0 && (
                <p className="hint">
                  {hidden} fault{hidden === 1 ? '' : 's'} of a mystery, hidden until it is revealed.
                </p>
              )}
              {shown.length > 0 && (
                <table className="faults">
                  <caption className="visually-hidden">
                    Active faults on {outcome.process}
                    {several && ` of ${target.label}`}
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
                              void remove(target, outcome.process, rule);
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
    });

  return (
    <section className="control-section" aria-labelledby="active-heading">
      <h2 id="active-heading">Active faults</h2>
      {problem && (
        <p className="notice notice-problem" role="alert">
          {problem}
        </p>
      )}
      {!stacks?.[0] ? (
        <p>Reading the processes…</p>
      ) : several ? (
        stacks.map(({ target, outcomes }) => (
          <div key={target.key} className="stack" data-stack={target.label}>
            <h3>{target.label}</h3>
            {processes(target, outcomes)}
          </div>
        ))
      ) : (
        processes(stacks[0].target, stacks[0].outcomes)
      )}
    </section>
  );
}
