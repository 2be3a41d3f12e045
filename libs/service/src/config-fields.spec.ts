import { parseConfig } from '@faultline/instrumented';
import { z } from 'zod';
import { serviceConfigFields } from './config-fields';

const loadConfig = (env: Record<string, string>) =>
  parseConfig(z.object(serviceConfigFields({ port: 3001, database: 'catalog' })), env);

describe('serviceConfigFields', () => {
  it('keeps the fault metric off unless EXPOSE_FAULT_METRICS=true (the host’s stack)', () => {
    expect(loadConfig({}).EXPOSE_FAULT_METRICS).toBe(false);
    expect(loadConfig({ EXPOSE_FAULT_METRICS: 'false' }).EXPOSE_FAULT_METRICS).toBe(false);
    expect(loadConfig({ EXPOSE_FAULT_METRICS: 'true' }).EXPOSE_FAULT_METRICS).toBe(true);
  });

  it.each(['yes', 'on', '1', 'TRUE', ''])(
    'refuses EXPOSE_FAULT_METRICS=%j at start, naming the variable and what it takes',
    (value) => {
      expect(() => loadConfig({ EXPOSE_FAULT_METRICS: value })).toThrow(
        `EXPOSE_FAULT_METRICS: expected true or false (got ${JSON.stringify(value)})`,
      );
    },
  );
});
