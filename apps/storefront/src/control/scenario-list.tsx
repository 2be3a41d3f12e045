import { PaceError } from '@faultline/fault-admin';
import type { Pace } from '@faultline/fault-admin';
import { useState } from 'react';
import type { ScenarioView } from './control-api';
import { clockOf } from './countdown';
import { parsePace } from './forms';
import type { PaceMode } from './forms';
import { timelineBars } from './timeline-bars';

function Timeline({ scenario }: { scenario: ScenarioView }) {
  const bars = timelineBars(scenario);
  return (
    <div className="timeline">
      <ol className="timeline-bars" aria-label={`Timeline of ${scenario.title}`}>
        {bars.map((bar, index) => (
          <li key={index} className="timeline-row">
            <span className="timeline-label">
              {bar.service}: {bar.point} {bar.kind}, {clockOf(bar.fromSeconds * 1000)} to{' '}
              {clockOf(bar.toSeconds * 1000)}
            </span>
            <span className="timeline-track" aria-hidden="true">
              <span
                className="timeline-bar"
                // Set through the CSSOM, which the gateway's CSP (style-src 'self') allows.
                style={{ left: `${bar.leftPercent}%`, width: `${bar.widthPercent}%` }}
              />
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

const PACES: { mode: PaceMode; label: string }[] = [
  { mode: 'as-written', label: 'As written' },
  { mode: 'speed', label: 'Faster or slower (speed)' },
  { mode: 'duration', label: 'Over a duration (seconds)' },
];

/**
 * The scenarios: with their story and timeline, or (mystery mode) only codename, symptoms and
 * length; how fast to play them; start one, or a mystery at random.
 */
export function ScenarioList({
  scenarios,
  problem,
  playing,
  activeRuns,
  onStart,
  onEndElsewhere,
  onExtendElsewhere,
}: {
  scenarios: ScenarioView[];
  problem: string | undefined;
  playing: boolean;
  /** Runs with active faults not played by this tab (the CLI, another tab, before a reload). */
  activeRuns: ReadonlySet<string>;
  onStart: (scenario: ScenarioView, pace: Pace, mystery: boolean) => void;
  onEndElsewhere: (runName: string) => void;
  onExtendElsewhere: (runName: string) => void;
}) {
  const [mystery, setMystery] = useState(false);
  const [mode, setMode] = useState<PaceMode>('as-written');
  const [paceText, setPaceText] = useState('');
  const [paceError, setPaceError] = useState<string>();

  const start = (scenario: ScenarioView | undefined) => {
    if (!scenario) return;
    const pace = parsePace(mode, paceText);
    if (!pace.ok) {
      setPaceError(pace.errors.pace);
      document.getElementById('pace-value')?.focus();
      return;
    }
    try {
      onStart(scenario, pace.value, mystery);
      setPaceError(undefined);
    } catch (error) {
      if (!(error instanceof PaceError)) throw error;
      setPaceError(error.message);
    }
  };

  return (
    <section className="control-section" aria-labelledby="scenarios-heading">
      <h2 id="scenarios-heading">Scenarios</h2>
      {problem && (
        <p className="notice notice-problem" role="alert">
          {problem}
        </p>
      )}
      <form
        className="scenario-options"
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <div className="field">
          <label className="radio">
            <input
              type="checkbox"
              checked={mystery}
              onChange={(event) => {
                setMystery(event.target.checked);
              }}
            />
            Mystery mode (codenames and symptoms only; the faults stay hidden)
          </label>
        </div>
        <fieldset className="field">
          <legend>Pace</legend>
          {PACES.map((pace) => (
            <label key={pace.mode} className="radio">
              <input
                type="radio"
                name="pace"
                value={pace.mode}
                checked={mode === pace.mode}
                onChange={() => {
                  setMode(pace.mode);
                  setPaceError(undefined);
                }}
              />
              {pace.label}
            </label>
          ))}
          {mode !== 'as-written' && (
            <div className="field">
              <label htmlFor="pace-value">
                {mode === 'speed' ? 'Speed' : 'Duration in seconds'}
              </label>
              <input
                id="pace-value"
                type="text"
                inputMode="decimal"
                value={paceText}
                aria-invalid={paceError ? true : undefined}
                aria-describedby={paceError ? 'pace-error' : undefined}
                onChange={(event) => {
                  setPaceText(event.target.value);
                }}
              />
            </div>
          )}
          {paceError && (
            <p className="field-error" id="pace-error" role="alert">
              {paceError}
            </p>
          )}
        </fieldset>
        {mystery && (
          <button
            type="button"
            className="button button-primary"
            aria-disabled={playing || scenarios.length === 0 || undefined}
            onClick={() => {
              if (!playing) start(scenarios[Math.floor(Math.random() * scenarios.length)]);
            }}
          >
            Start a random mystery
          </button>
        )}
      </form>
      {playing && <p className="hint">A run is playing: stop or end it to start another.</p>}
      <ul className="scenario-list" aria-label="Scenarios">
        {scenarios.map((scenario) => {
          const name = mystery ? scenario.codename : scenario.title;
          // A mystery's run is marked only among the mysteries: beside its title, the answer.
          const runName = mystery ? scenario.codename : scenario.name;
          const elsewhere = activeRuns.has(runName);
          return (
            <li key={scenario.name} className="scenario" data-scenario={scenario.name}>
              <h3>{name}</h3>
              {elsewhere && (
                <div className="notice notice-waiting">
                  <p>
                    Running, played from elsewhere (another tab, the CLI): its faults are active.
                  </p>
                  <div className="button-row">
                    <button
                      type="button"
                      className="button button-secondary"
                      onClick={() => {
                        onExtendElsewhere(runName);
                      }}
                    >
                      Extend +5 min<span className="visually-hidden"> {name}</span>
                    </button>
                    <button
                      type="button"
                      className="button button-secondary"
                      onClick={() => {
                        onEndElsewhere(runName);
                      }}
                    >
                      End now<span className="visually-hidden"> {name}</span>
                    </button>
                  </div>
                </div>
              )}
              {mystery ? (
                <p>
                  <span className="hint">{clockOf(scenario.runsSeconds * 1000)} · </span>
                  {scenario.symptoms}
                </p>
              ) : (
                <>
                  <p className="hint">
                    <code>{scenario.name}</code> · {clockOf(scenario.runsSeconds * 1000)} as written
                  </p>
                  <details>
                    <summary>The story</summary>
                    <p>{scenario.story}</p>
                  </details>
                  <Timeline scenario={scenario} />
                </>
              )}
              <button
                type="button"
                className="button button-primary"
                aria-disabled={playing || undefined}
                onClick={() => {
                  if (!playing) start(scenario);
                }}
              >
                Start<span className="visually-hidden"> {name}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
