import { TIMED_OUT, withTimeout } from './with-timeout';

describe('withTimeout', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('gives the value when the work finishes first, and leaves no timer behind', async () => {
    jest.useFakeTimers();
    await expect(withTimeout(Promise.resolve(7), 1000)).resolves.toBe(7);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('gives TIMED_OUT when the time runs out first', async () => {
    const never = new Promise<number>(() => undefined);
    await expect(withTimeout(never, 10)).resolves.toBe(TIMED_OUT);
  });

  it('passes a rejection on, and clears the timer then too', async () => {
    jest.useFakeTimers();
    await expect(withTimeout(Promise.reject(new Error('down')), 1000)).rejects.toThrow('down');
    expect(jest.getTimerCount()).toBe(0);
  });
});
