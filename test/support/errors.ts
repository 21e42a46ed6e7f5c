import { VigilError } from '../../src/core/errors.ts';

/** The VigilError code a promise rejects with (another error as text), or null when it resolves. */
export const codeOf = async (p: Promise<unknown>): Promise<string | null> => {
  try {
    await p;
    return null;
  } catch (err) {
    return err instanceof VigilError ? err.code : String(err);
  }
};
