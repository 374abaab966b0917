/**
 * A failure the user must fix (exit 1) or a usage error (exit 2). The CLI prints
 * `relman: error: MESSAGE` and, when given, `hint: HINT`; never a stack trace unless --debug.
 */
export class RelmanError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'RelmanError';
  }
}

export class UsageError extends RelmanError {
  constructor(message: string, hint?: string) {
    super(message, hint, 2);
    this.name = 'UsageError';
  }
}
