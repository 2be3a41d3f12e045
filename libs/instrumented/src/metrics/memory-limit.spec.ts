import { createMetrics, newOpenMetricsRegistry } from './create-metrics';
import { memoryLimitBytes } from './memory-limit';

const GiB = 1024 ** 3;
const UNLIMITED = 2 ** 64;

describe('memoryLimitBytes', () => {
  it('is the cgroup limit inside a container, whatever the environment says', () => {
    expect(memoryLimitBytes({ FAULTLINE_MEMORY_LIMIT_MB: '512' }, 144 * 1024 ** 2, 24 * GiB)).toBe(
      144 * 1024 ** 2,
    );
  });

  it('falls back to FAULTLINE_MEMORY_LIMIT_MB where nothing enforces a limit', () => {
    expect(memoryLimitBytes({ FAULTLINE_MEMORY_LIMIT_MB: '512' }, UNLIMITED, 24 * GiB)).toBe(
      512 * 1024 ** 2,
    );
    expect(memoryLimitBytes({ FAULTLINE_MEMORY_LIMIT_MB: '512' }, 0, 24 * GiB)).toBe(
      512 * 1024 ** 2,
    );
  });

  it('is undefined with neither, and refuses a limit that is not a positive number', () => {
    expect(memoryLimitBytes({}, UNLIMITED, 24 * GiB)).toBeUndefined();
    expect(() =>
      memoryLimitBytes({ FAULTLINE_MEMORY_LIMIT_MB: 'lots' }, UNLIMITED, 24 * GiB),
    ).toThrow(/FAULTLINE_MEMORY_LIMIT_MB: expected a positive number of MB, got "lots"/);
  });
});

describe('process_memory_limit_bytes', () => {
  const exposition = async (memoryLimit: number | undefined) => {
    const registry = newOpenMetricsRegistry();
    createMetrics({ registry, memoryLimitBytes: memoryLimit });
    return registry.metrics();
  };

  it('is exported beside the process metrics when there is a limit', async () => {
    expect(await exposition(144 * 1024 ** 2)).toMatch(/^process_memory_limit_bytes 150994944$/m);
  });

  it('is left out when nothing limits the process', async () => {
    const text = await exposition(undefined);
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).not.toContain('process_memory_limit_bytes');
  });
});
