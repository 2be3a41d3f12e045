import { unavailableDependency } from './dependency-unavailable';

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const isRefused = (error: unknown) => (error as { code?: unknown }).code === 'ECONNREFUSED';

describe('unavailableDependency', () => {
  it('names the dependency whose predicate matches the error or one of its causes', () => {
    const wrapped = new Error('placing the order failed', {
      cause: new Error('insert failed', { cause: refused }),
    });
    expect(unavailableDependency(refused, { postgres: isRefused })).toBe('postgres');
    expect(unavailableDependency(wrapped, { postgres: isRefused })).toBe('postgres');
  });

  it('answers nothing for other errors, a predicate that throws, or a cause cycle', () => {
    const cycle: Error & { cause?: unknown } = new Error('loops');
    cycle.cause = cycle;
    const throwing = () => {
      throw new TypeError('bad predicate');
    };
    expect(unavailableDependency(new Error('bug'), { postgres: isRefused })).toBeUndefined();
    expect(unavailableDependency(refused, { postgres: throwing })).toBeUndefined();
    expect(unavailableDependency(cycle, { postgres: isRefused })).toBeUndefined();
    expect(unavailableDependency(undefined, { postgres: isRefused })).toBeUndefined();
  });
});
