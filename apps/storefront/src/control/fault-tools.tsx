import { FaultAdminError } from '@faultline/fault-admin';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { isApiError } from '../api/api-error';
import { useAnnounce } from '../components/announcer';
import { guessScenario } from './control-api';
import type { Verdict } from './control-api';
import { KINDS, POINTS } from './fault-vocabulary';
import { parseFault, parseSeed } from './forms';
import type { FaultField, FaultFormValues, FieldErrors } from './forms';
import { PROCESSES, failureText } from './processes';
import { onEveryProcess, stackLine } from './stack-actions';
import { apiFailureText } from './stacks';
import type { ControlTarget } from './stacks';

/** A labelled input with its error said next to it and tied to it. */
function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error: string | undefined;
  hint?: string;
  children: (described: { 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({
        ...(error && { 'aria-invalid': true }),
        ...(describedBy && { 'aria-describedby': describedBy }),
      })}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The rule's field a process named in its refusal (`kind: …`), to show the reason beside it. */
const FIELD_OF_REASON: Record<string, FaultField> = {
  point: 'point',
  kind: 'kind',
  probability: 'probability',
  durationSeconds: 'duration',
};

const EMPTY_FAULT: FaultFormValues = {
  service: 'payment',
  point: 'payment.gateway.charge',
  kind: 'error',
  probability: '0.3',
  params: '',
  duration: '600',
};

/** The rule's field a process named in a 400 ("kind: …"), and its reason; else undefined. */
function refusedField(error: unknown): { field: FaultField; reason: string } | undefined {
  if (!(error instanceof FaultAdminError)) return undefined;
  // "payment answered 400: kind: payment.gateway.charge takes …": beside the field it names.
  const said = /answered 400: ([A-Za-z.]+): (.*)$/.exec(failureText(error));
  const field = said?.[1] && FIELD_OF_REASON[said[1].replace(/^body\./, '')];
  return field && said[2] ? { field, reason: said[2] } : undefined;
}

/** One fault on one process of each chosen stack, as `faultline apply` applies it. */
export function SingleFaultForm({
  targets,
  onApplied,
}: {
  targets: readonly ControlTarget[];
  onApplied: () => void;
}) {
  const [values, setValues] = useState(EMPTY_FAULT);
  const [errors, setErrors] = useState<FieldErrors<FaultField>>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const [lines, setLines] = useState<{ ok: boolean; text: string }[]>();
  const announce = useAnnounce();
  const set = (field: keyof FaultFormValues) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
  };

  const apply = async () => {
    const parsed = parseFault(values);
    setOutcome(undefined);
    setLines(undefined);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    const { service, rule } = parsed.value;
    const applied = await Promise.all(
      targets.map(async (target) => {
        try {
          return { target, rule: await target.admin[service].apply(rule) };
        } catch (error) {
          return { target, error };
        }
      }),
    );
    // A rule refused by its field is refused the same way everywhere: said beside the field.
    const refused = applied.map(({ error }) => refusedField(error));
    const first = refused[0];
    if (first && refused.every((field) => field?.field === first.field)) {
      setErrors({ [first.field]: first.reason });
      return;
    }
    const said = applied.map((done) =>
      done.rule
        ? {
            ok: true,
            text: `Applied ${done.rule.id} on ${service} until ${new Date(done.rule.until).toLocaleTimeString()}.`,
          }
        : { ok: false, text: failureText(done.error) },
    );
    if (said.some((line) => line.ok)) onApplied();
    if (targets.length === 1 && said[0]) {
      setOutcome(said[0]);
      if (said[0].ok) announce(said[0].text);
      return;
    }
    setLines(
      said.map((line, i) => ({ ...line, text: `${targets[i]?.label ?? ''}: ${line.text}` })),
    );
    const done = said.filter((line) => line.ok).length;
    announce(`Applied on ${done} of ${said.length} stacks.`);
  };

  return (
    <section className="control-section" aria-labelledby="single-heading">
      <h2 id="single-heading">Apply one fault</h2>
      <form
        className="control-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void apply();
        }}
      >
        <div className="field-grid">
          <Field id="fault-service" label="Process" error={errors.service}>
            {(described) => (
              <select
                id="fault-service"
                value={values.service}
                onChange={(event) => {
                  set('service')(event.target.value);
                }}
                {...described}
              >
                {PROCESSES.map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
            )}
          </Field>
          <Field id="fault-point" label="Fault point" error={errors.point}>
            {(described) => (
              <select
                id="fault-point"
                value={values.point}
                onChange={(event) => {
                  set('point')(event.target.value);
                }}
                {...described}
              >
                {POINTS.map((point) => (
                  <option key={point}>{point}</option>
                ))}
              </select>
            )}
          </Field>
          <Field id="fault-kind" label="Kind" error={errors.kind}>
            {(described) => (
              <select
                id="fault-kind"
                value={values.kind}
                onChange={(event) => {
                  set('kind')(event.target.value);
                }}
                {...described}
              >
                {KINDS.map((kind) => (
                  <option key={kind}>{kind}</option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id="fault-probability"
            label="Probability"
            hint="0 to 1; empty: always"
            error={errors.probability}
          >
            {(described) => (
              <input
                id="fault-probability"
                type="text"
                inputMode="decimal"
                value={values.probability}
                onChange={(event) => {
                  set('probability')(event.target.value);
                }}
                {...described}
              />
            )}
          </Field>
          <Field
            id="fault-duration"
            label="Duration in seconds"
            hint="empty: an hour"
            error={errors.duration}
          >
            {(described) => (
              <input
                id="fault-duration"
                type="text"
                inputMode="numeric"
                value={values.duration}
                onChange={(event) => {
                  set('duration')(event.target.value);
                }}
                {...described}
              />
            )}
          </Field>
        </div>
        <Field
          id="fault-params"
          label="Parameters"
          hint="key=value, separated by spaces or commas: status=503 code=gateway_unavailable"
          error={errors.params}
        >
          {(described) => (
            <input
              id="fault-params"
              type="text"
              value={values.params}
              onChange={(event) => {
                set('params')(event.target.value);
              }}
              {...described}
            />
          )}
        </Field>
        <button type="submit" className="button button-primary">
          Apply
        </button>
        {outcome && (
          <p className={outcome.ok ? 'outcome' : 'outcome-problem'} role="status">
            {outcome.text}
          </p>
        )}
        {lines && (
          <ul className="outcomes" aria-label="Applied, per stack">
            {lines.map((line) => (
              <li key={line.text} className={line.ok ? undefined : 'outcome-problem'}>
                {line.text}
              </li>
            ))}
          </ul>
        )}
      </form>
    </section>
  );
}

/** The dice of every process, seeded: the same scenario rolls the same sequence from here on. */
export function SeedForm({ targets }: { targets: readonly ControlTarget[] }) {
  const [seed, setSeed] = useState('42');
  const [error, setError] = useState<string>();
  const [lines, setLines] = useState<string[]>();
  const announce = useAnnounce();

  const submit = async () => {
    const parsed = parseSeed(seed);
    if (!parsed.ok) {
      setError(parsed.errors.seed);
      return;
    }
    setError(undefined);
    const done = await Promise.all(
      targets.map(async (target) => ({
        target,
        outcomes: await onEveryProcess(target.admin, (admin) => admin.seed(parsed.value)),
      })),
    );
    const [only] = done;
    setLines(
      done.length === 1 && only
        ? only.outcomes.map((outcome) =>
            outcome.ok
              ? `${outcome.process}: seeded ${parsed.value}`
              : `${outcome.process}: ${outcome.message}`,
          )
        : done.map(
            ({ target, outcomes }) =>
              `${target.label}: ${stackLine(outcomes, () => `seeded ${parsed.value}`, 'not seeded').text}`,
          ),
    );
    announce(`Seeded the dice with ${parsed.value}.`);
  };

  return (
    <section className="control-section" aria-labelledby="seed-heading">
      <h2 id="seed-heading">Seed the dice</h2>
      <form
        className="control-form inline-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Field id="seed" label="Seed" hint="a whole number from 0" error={error}>
          {(described) => (
            <input
              id="seed"
              type="text"
              inputMode="numeric"
              value={seed}
              onChange={(event) => {
                setSeed(event.target.value);
              }}
              {...described}
            />
          )}
        </Field>
        <button type="submit" className="button button-secondary">
          Seed every process
        </button>
      </form>
      {lines && (
        <ul className="outcomes" aria-label="Seeded">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

const GUESS_SERVICES = PROCESSES;

/** Which service, and what is wrong with it: checked against the scenario running on `target`. */
export function GuessForm({
  token,
  target,
  onRight,
}: {
  token: string;
  target: ControlTarget;
  onRight: (codename: string) => void;
}) {
  const [service, setService] = useState<string>('payment');
  const [kind, setKind] = useState<string>('error');
  const [verdict, setVerdict] = useState<Verdict>();
  const [problem, setProblem] = useState<string>();

  const submit = async () => {
    setProblem(undefined);
    try {
      const answer = await guessScenario(token, { service, kind }, target.base);
      setVerdict(answer);
      if (answer.right) onRight(answer.reveal.codename);
    } catch (error) {
      setVerdict(undefined);
      if (isApiError(error) && error.status === 409) {
        setProblem('No scenario is running right now.');
        return;
      }
      setProblem(apiFailureText(error));
    }
  };

  return (
    <section className="control-section" aria-labelledby="guess-heading">
      <h2 id="guess-heading">Guess the mystery</h2>
      <form
        className="control-form inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor="guess-service">Service</label>
          <select
            id="guess-service"
            value={service}
            onChange={(event) => {
              setService(event.target.value);
            }}
          >
            {GUESS_SERVICES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="guess-kind">Kind of fault</label>
          <select
            id="guess-kind"
            value={kind}
            onChange={(event) => {
              setKind(event.target.value);
            }}
          >
            {KINDS.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          Guess
        </button>
      </form>
      <div role="status" data-testid="guess-verdict">
        {problem && <p className="outcome-problem">{problem}</p>}
        {verdict &&
          (verdict.right ? (
            <div className="notice notice-success">
              <h3>
                Right: {service} {kind}
              </h3>
              <p>
                {verdict.reveal.codename} is <strong>{verdict.reveal.title}</strong> (
                <code>{verdict.reveal.name}</code>).
              </p>
              <p>{verdict.reveal.rootCause}</p>
            </div>
          ) : (
            <p className="outcome-problem">
              Not {service} {kind}: {verdict.hint}.
            </p>
          ))}
      </div>
    </section>
  );
}
