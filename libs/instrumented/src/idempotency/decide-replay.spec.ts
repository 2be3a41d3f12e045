import { AppError } from '../errors';
import { decideReplay } from './decide-replay';
import type { ReplayProblems } from './decide-replay';

const problems: ReplayProblems = {
  keyReused: 'This key was used for a different request.',
  inProgress: {
    code: 'thing_in_progress',
    detail: 'Still working on it.',
    extensions: { thing_id: 't-1' },
  },
};

const refusal = (run: () => unknown): AppError => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
};

describe('decideReplay', () => {
  it('gives the stored answer again to the same request', () => {
    expect(decideReplay({ requestHash: 'h1', answer: { status: 201 } }, 'h1', problems)).toEqual({
      status: 201,
    });
  });

  it('refuses a different request under the same key with 422 idempotency_key_reused', () => {
    const error = refusal(() => decideReplay({ requestHash: 'h1', answer: null }, 'h2', problems));
    expect(error).toMatchObject({
      code: 'idempotency_key_reused',
      status: 422,
      message: problems.keyReused,
    });
  });

  it("answers 409 with the service's own code and extensions while the first is unfinished", () => {
    const error = refusal(() => decideReplay({ requestHash: 'h1', answer: null }, 'h1', problems));
    expect(error).toMatchObject({
      code: 'thing_in_progress',
      status: 409,
      message: 'Still working on it.',
      extensions: { thing_id: 't-1' },
    });
  });
});
