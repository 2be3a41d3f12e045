import { describe, expect, it } from 'vitest';
import { overallState } from './use-run';

describe('a run on several stacks', () => {
  it('runs while it runs on any stack, and fails only when it failed on every one', () => {
    expect(overallState(['failed', 'running'])).toBe('running');
    expect(overallState(['stopped', 'stopping'])).toBe('stopping');
    expect(overallState(['failed', 'ended'])).toBe('ended');
    expect(overallState(['failed', 'stopped', 'ended'])).toBe('stopped');
    expect(overallState(['failed', 'failed'])).toBe('failed');
    expect(overallState(['ended'])).toBe('ended');
  });
});
