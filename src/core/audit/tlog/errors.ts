/**
 * Every failure of the tlog core: a malformed input or a proof, note or checkpoint that does not
 * verify. `reason` is a short stable token (tests and callers match on it); the message explains.
 */
export class TlogError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.name = 'TlogError';
    this.reason = reason;
  }
}
