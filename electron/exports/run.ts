import { AppError } from '../../shared/errors';
import { ChildStartError, spawnChild, type ChildOptions } from './spawn-child';

export type RunOptions = ChildOptions;

/**
 * Runs a command with secrets in its environment and returns its exit code (see spawnChild: inherited
 * stdio, forwarded signals, 128 + signal for a killed child). A child that cannot start is an AppError.
 */
export async function runWithSecrets(options: RunOptions): Promise<number> {
  try {
    return await spawnChild(options);
  } catch (error) {
    if (!(error instanceof ChildStartError)) throw error;
    throw new AppError(error.shape.code, error.shape.message, error.shape.hint);
  }
}
