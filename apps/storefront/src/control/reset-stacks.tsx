import type { ControlResetAnswer } from '@faultline/contracts';
import { useEffect, useRef, useState } from 'react';
import { useAnnounce } from '../components/announcer';
import { resetOnStack } from './control-api';
import { onEachStack } from './stacks';
import type { ControlTarget, StackOutcome } from './stacks';

/** One stack's reset report: each step in one line (`order: data reset to the seed (…)`). */
function StepList({ answer, label }: { answer: ControlResetAnswer; label: string }) {
  return (
    <ul className="outcomes" aria-label={`Reset of ${label}`}>
      {answer.steps.map((step, index) => (
        <li key={index} className={step.ok ? undefined : 'outcome-problem'}>
          {step.target}: {step.detail}
        </li>
      ))}
    </ul>
  );
}

/** A stack's reset in a few words: done, done but for some steps, or not done and why. */
function verdict(outcome: StackOutcome<ControlResetAnswer>): string {
  if (!outcome.ok) return `not reset: ${outcome.message}`;
  const failed = outcome.value.steps.filter((step) => !step.ok).length;
  return failed === 0
    ? 'reset'
    : `reset, except ${failed} step${failed === 1 ? '' : 's'} that failed`;
}

/**
 * The soft reset between rounds (`faultline reset` from the panel): asks first, then on each
 * chosen stack clears every fault, puts the four services' data back to the seed and, where that
 * stack's gateway knows Prometheus and the box is ticked, deletes the shop's series. Shows each
 * stack's report, step by step; a stack that gives none is reported and the others go on.
 */
export function ResetStacks({
  targets,
  token,
  onReset,
}: {
  targets: readonly ControlTarget[];
  token: string;
  /** Before the reset starts: the run in this tab stops (its later faults would come back). */
  onReset: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const [deleteSeries, setDeleteSeries] = useState(true);
  const [resetting, setResetting] = useState(false);
  const [report, setReport] = useState<StackOutcome<ControlResetAnswer>[]>();
  const announce = useAnnounce();
  const confirmButton = useRef<HTMLButtonElement>(null);
  const several = targets.length > 1;
  const which = several ? `all ${targets.length} stacks` : (targets[0]?.label ?? 'this stack');

  // The question takes the focus, so a keyboard or screen-reader user lands on it.
  useEffect(() => {
    if (asking) confirmButton.current?.focus();
  }, [asking]);

  const reset = async () => {
    setAsking(false);
    setResetting(true);
    setReport(undefined);
    onReset();
    const done = await onEachStack(targets, (target) =>
      resetOnStack(token, target.base, deleteSeries),
    );
    setResetting(false);
    setReport(done);
    onReset();
    const clean = done.filter((outcome) => outcome.ok && outcome.value.ok).length;
    announce(
      clean === done.length
        ? `Reset ${which}: every fault cleared, the data back to the seed.`
        : `Reset done on ${clean} of ${done.length} stack${done.length === 1 ? '' : 's'}; see the report.`,
    );
  };

  return (
    <section className="control-section" aria-labelledby="reset-heading">
      <h2 id="reset-heading">Reset between rounds</h2>
      <p className="hint">
        Clears every fault and puts the four services’ data back to the seed (orders and payments
        gone, stock as seeded), restarting nothing; with the box ticked, also deletes the last
        round’s series where the stack’s gateway knows its Prometheus.
      </p>
      {!asking && (
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={resetting || undefined}
          onClick={() => {
            if (!resetting) setAsking(true);
          }}
        >
          {resetting ? 'Resetting…' : `Reset ${which}…`}
        </button>
      )}
      {asking && (
        <div
          className="notice notice-waiting"
          role="alertdialog"
          aria-labelledby="reset-question"
          data-testid="reset-confirm"
        >
          <p id="reset-question">
            Reset {which} now? Every order, reservation and payment is deleted, and every fault is
            removed.
          </p>
          <div className="field">
            <label className="radio">
              <input
                type="checkbox"
                checked={deleteSeries}
                onChange={(event) => {
                  setDeleteSeries(event.target.checked);
                }}
              />
              Also delete the shop’s series from Prometheus
            </label>
          </div>
          <div className="button-row">
            <button
              ref={confirmButton}
              type="button"
              className="button button-danger"
              onClick={() => {
                void reset();
              }}
            >
              Yes, reset {which}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setAsking(false);
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {report && (
        <div data-testid="reset-report" role="status">
          {report.map((outcome) => (
            <div key={outcome.target.key} data-stack={outcome.target.label}>
              {(several || !outcome.ok) && (
                <h3 className={outcome.ok && outcome.value.ok ? undefined : 'outcome-problem'}>
                  {outcome.target.label}: {verdict(outcome)}
                </h3>
              )}
              {outcome.ok && <StepList answer={outcome.value} label={outcome.target.label} />}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
