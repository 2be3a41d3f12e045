import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { apiFailureText, controlTarget, onEachStack, targetsOf } from './stacks';

describe('the stacks the panel acts on', () => {
  const every = [
    controlTarget('sesame'),
    controlTarget('sesame', 'group-b'),
    controlTarget('sesame', 'down'),
  ];

  it('names this stack and each other one, each below its own control room API', () => {
    expect(every.map(({ key, label, base }) => ({ key, label, base }))).toEqual([
      { key: '', label: 'this stack', base: '/control/api' },
      { key: 'group-b', label: 'group-b', base: '/control/api/stacks/group-b' },
      { key: 'down', label: 'down', base: '/control/api/stacks/down' },
    ]);
    expect(controlTarget('sesame', 'a b/c').base).toBe('/control/api/stacks/a%20b%2Fc');
  });

  it('acts on the one chosen, every one, or this one when the chosen is no longer listed', () => {
    expect(targetsOf({ every: false, key: 'down' }, every).map((t) => t.key)).toEqual(['down']);
    expect(targetsOf({ every: true }, every).map((t) => t.key)).toEqual(['', 'group-b', 'down']);
    expect(targetsOf({ every: false, key: 'gone' }, every).map((t) => t.key)).toEqual(['']);
  });

  it('carries on past a stack that fails, saying why in the gateway’s words', async () => {
    const outcomes = await onEachStack(every, (target) => {
      if (target.key === 'down') {
        return Promise.reject(
          new ApiError(
            503,
            { detail: 'down is not reachable at http://127.0.0.1:9 (ECONNREFUSED).' },
            undefined,
            '/control/api/stacks/down/reset answered 503: …',
          ),
        );
      }
      return Promise.resolve(target.label.length);
    });
    expect(
      outcomes.map((o) =>
        o.ok ? `${o.target.label}: ${o.value}` : `${o.target.label}: ${o.message}`,
      ),
    ).toEqual([
      'this stack: 10',
      'group-b: 7',
      'down: down is not reachable at http://127.0.0.1:9 (ECONNREFUSED).',
    ]);
  });

  it('says an answer with no problem details, or none at all, plainly', () => {
    expect(apiFailureText(new ApiError(0, undefined, undefined, 'No answer'))).toBe(
      'the gateway could not be reached',
    );
    expect(apiFailureText(new ApiError(500, undefined, undefined, '/x answered 500: Error'))).toBe(
      '/x answered 500: Error',
    );
    expect(apiFailureText(new Error('boom'))).toBe('boom');
  });
});
