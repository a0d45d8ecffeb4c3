import { InvalidOrderError } from '../../../src/core/errors.js';

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function rejectionOf<E>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error('expected the promise to reject');
}

/** The InvalidOrderError a call throws; fails the test when it returns or throws anything else. */
export function invalidOrderFrom(fn: () => unknown): InvalidOrderError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidOrderError) return error;
    throw new Error(`expected an InvalidOrderError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an InvalidOrderError');
}
