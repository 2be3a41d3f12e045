import type { OtherStackView } from './control-api';
import type { StackChoice } from './stacks';

/**
 * Which stacks the panel acts on, when this gateway knows other stacks of the room
 * (CONTROL_STACKS): this one, one of the others, or every one. Room-wide actions (start a
 * scenario, clear everything, reset) then run on each chosen stack and report per stack.
 */
export function StackSelector({
  stacks,
  choice,
  onChoose,
}: {
  stacks: readonly OtherStackView[];
  choice: StackChoice;
  onChoose: (choice: StackChoice) => void;
}) {
  const chosen = (key: string) => !choice.every && choice.key === key;
  return (
    <section className="control-section" aria-labelledby="stacks-heading">
      <h2 id="stacks-heading">Stacks</h2>
      <fieldset className="field stack-selector" aria-describedby="stacks-hint">
        <legend>Act on</legend>
        <p className="hint" id="stacks-hint">
          Starting a scenario, clearing everything and resetting run on each chosen stack; one that
          cannot be reached is reported and the others go on.
        </p>
        <label className="radio">
          <input
            type="radio"
            name="stack"
            checked={chosen('')}
            onChange={() => {
              onChoose({ every: false, key: '' });
            }}
          />
          This stack
        </label>
        {stacks.map((stack) => (
          <label key={stack.name} className="radio">
            <input
              type="radio"
              name="stack"
              checked={chosen(stack.name)}
              onChange={() => {
                onChoose({ every: false, key: stack.name });
              }}
            />
            {stack.name} <span className="hint">({stack.url})</span>
          </label>
        ))}
        <label className="radio">
          <input
            type="radio"
            name="stack"
            checked={choice.every}
            onChange={() => {
              onChoose({ every: true });
            }}
          />
          Every stack ({stacks.length + 1})
        </label>
      </fieldset>
    </section>
  );
}
