import { useState } from 'react';
import { useAnnounce } from '../components/announcer';
import { clearedCount, clearedText, onEveryProcess, stackLine } from './stack-actions';
import type { ProcessOutcome } from './stack-actions';
import { onEachStack } from './stacks';
import type { ControlTarget } from './stacks';

/** What "Clear everything" did on one stack: each process's answer. */
interface StackCleared {
  target: ControlTarget;
  outcomes: ProcessOutcome<number>[];
}

/**
 * The big button: every fault off on every process of every chosen stack (the run in this tab
 * stops too). A process, or a whole stack, that cannot be reached is reported; the others are
 * cleared all the same.
 */
export function ClearEverything({
  targets,
  onCleared,
}: {
  targets: readonly ControlTarget[];
  onCleared: () => void;
}) {
  const [clearing, setClearing] = useState(false);
  const [cleared, setCleared] = useState<StackCleared[]>();
  const announce = useAnnounce();
  const several = targets.length > 1;

  const clear = async () => {
    if (clearing) return;
    setClearing(true);
    onCleared();
    const done = await onEachStack(targets, (target) =>
      onEveryProcess(target.admin, (admin) => admin.clear()),
    );
    // onEveryProcess reports each process's failure itself: no stack fails as a whole here.
    const perStack = done.flatMap((outcome) =>
      outcome.ok ? [{ target: outcome.target, outcomes: outcome.value }] : [],
    );
    setClearing(false);
    setCleared(perStack);
    onCleared();
    const failed = perStack.flatMap(({ outcomes }) => outcomes.filter((outcome) => !outcome.ok));
    const failedStacks = perStack.filter(({ outcomes }) => outcomes.some((o) => !o.ok)).length;
    announce(
      failed.length === 0
        ? `Every fault is cleared, on every process${several ? ' of every stack' : ''}.`
        : several
          ? `Cleared, except on ${failedStacks} stack${failedStacks === 1 ? '' : 's'} that could not be reached.`
          : `Cleared, except on ${failed.length} process${failed.length === 1 ? '' : 'es'} that could not be reached.`,
    );
  };

  return (
    <section className="control-section clear-everything" aria-labelledby="clear-heading">
      <h2 id="clear-heading" className="visually-hidden">
        Clear everything
      </h2>
      <button
        type="button"
        className="button button-danger button-big"
        aria-disabled={clearing || undefined}
        onClick={() => {
          void clear();
        }}
      >
        {clearing ? 'Clearing…' : 'Clear everything'}
      </button>
      <p className="hint">
        Removes every active fault from every service and the gateway
        {several ? `, on each of the ${targets.length} stacks` : ''}.
      </p>
      {cleared && cleared.length === 1 && (
        <ul className="outcomes" aria-label="Cleared" data-testid="clear-outcomes">
          {cleared[0]?.outcomes.map((outcome) => (
            <li key={outcome.process} className={outcome.ok ? undefined : 'outcome-problem'}>
              {clearedText(outcome)}
            </li>
          ))}
        </ul>
      )}
      {cleared && cleared.length > 1 && (
        <ul className="outcomes" aria-label="Cleared, per stack" data-testid="clear-outcomes">
          {cleared.map(({ target, outcomes }) => {
            const line = stackLine(outcomes, clearedCount, 'not cleared');
            return (
              <li
                key={target.key}
                data-stack={target.label}
                className={line.ok ? undefined : 'outcome-problem'}
              >
                {target.label}: {line.text}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
