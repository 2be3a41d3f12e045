import { booleanField } from '@faultline/instrumented';
import { loadCompose, type ComposeFile } from './compose-model';

/** Every process whose /metrics could show the fault metric: the four services and the gateway. */
const FAULT_PROCESSES = ['catalog', 'inventory', 'order', 'payment', 'gateway'] as const;
const INSTRUCTOR = 'infra/compose/instructor.yaml';

/** What Compose runs a service with when the override is given: its environment merged by name. */
const mergedEnvironment = (base: ComposeFile, override: ComposeFile, service: string) => ({
  ...base.services[service]?.environment,
  ...override.services[service]?.environment,
});

/** The value as the process reads it: the same field the services and the gateway parse. */
const exposes = (value: string | undefined): boolean => booleanField(false).parse(value);

describe('the fault metric on the host’s stack only (infra/compose/instructor.yaml)', () => {
  const base = loadCompose();
  const instructor = loadCompose(INSTRUCTOR);

  it('is off on an attendee’s stack: no process of docker-compose.yml alone exposes it', () => {
    for (const [name, service] of Object.entries(base.services)) {
      const value = service.environment?.['EXPOSE_FAULT_METRICS'];
      expect({ name, exposes: exposes(value) }).toEqual({ name, exposes: false });
    }
  });

  it('is on for the four services and the gateway when the host adds the override', () => {
    for (const name of FAULT_PROCESSES) {
      const env = mergedEnvironment(base, instructor, name);
      expect({ name, exposes: exposes(env['EXPOSE_FAULT_METRICS']) }).toEqual({
        name,
        exposes: true,
      });
      // Merged, not replaced: the base file's settings are all still there.
      expect(env).toMatchObject(base.services[name]?.environment ?? {});
    }
  });

  it('changes nothing else: Grafana’s Instructor folder and the five processes’ metric switch', () => {
    expect(Object.keys(instructor.services).sort()).toEqual([...FAULT_PROCESSES, 'grafana'].sort());
    for (const name of FAULT_PROCESSES) {
      expect(instructor.services[name]).toEqual({ environment: { EXPOSE_FAULT_METRICS: 'true' } });
    }
    expect(Object.keys(instructor.services['grafana'] ?? {})).toEqual(['volumes']);
  });
});
