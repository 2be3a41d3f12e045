import type { StackAdmin } from '@faultline/fault-admin';
import { useState } from 'react';
import { useAnnounce } from '../components/announcer';
import type { ProcessName } from './processes';
import { clearedText, onEveryProcess } from './stack-actions';
import type { ProcessOutcome } from './stack-actions';

/**
 * The big button: every fault off on every process (the run in this tab stops too). One process
 * that cannot be reached is reported; the others are cleared all the same.
 */
export function ClearEverything({
  stack,
  onCleared,
}: {
  stack: StackAdmin<ProcessName>;
  onCleared: () => void;
}) {
  const [clearing, setClearing] = useState(false);
  const [outcomes, setOutcomes] = useState<ProcessOutcome<number>[]>();
  const announce = useAnnounce();

  const clear = async () => {
    if (clearing) return;
    setClearing(true);
    onCleared();
    const done = await onEveryProcess(stack, (admin) => admin.clear());
    setClearing(false);
    setOutcomes(done);
    onCleared();
    const failed = done.filter((outcome) => !outcome.ok).length;
    announce(
      failed === 0
        ? 'Every fault is cleared, on every process.'
        : `Cleared, except on ${failed} process${failed === 1 ? '' : 'es'} that could not be reached.`,
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
      <p className="hint">Removes every active fault from every service and the gateway.</p>
      {outcomes && (
        <ul className="outcomes" aria-label="Cleared" data-testid="clear-outcomes">
          {outcomes.map((outcome) => (
            <li key={outcome.process} className={outcome.ok ? undefined : 'outcome-problem'}>
              {clearedText(outcome)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
