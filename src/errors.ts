/** Every failure Tidings reports on purpose: a stable code, a message that starts with its module, and a hint. */
export class TidingsError extends Error {
  override name = 'TidingsError';
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}

/** The input is not something the command can work with (a file that is not a feed, a bad date …). */
export class InputError extends TidingsError {
  override name = 'InputError';
}

/** The command line itself is wrong: exit status 2. */
export class UsageError extends TidingsError {
  override name = 'UsageError';
}

/** Thrown by the feed parser when a document holds no RSS, Atom or JSON feed. */
export class NotAFeedError extends InputError {
  override name = 'NotAFeedError';
}
