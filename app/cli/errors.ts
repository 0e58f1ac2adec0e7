/** How the CLI ends on an error: one line on stderr and an exit code that says whose fault it was. */

/** The input was wrong (unknown command or flag, bad name, bad port): exit 2, nothing was done. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * Errors are recognised by name, not `instanceof`, so this module imports
 * nothing: api.ts (and zod) are not loaded just to print a message.
 */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof Error)) return EXIT_FAILED;
  if (error.name === 'UsageError') return EXIT_USAGE;
  if (error.name === 'ApiError') {
    const code = (error as Error & { code?: string }).code;
    // The engine refused the input itself (bad name, unknown service, name taken): the user's to fix.
    return code === 'bad-request' || code === 'not-found' || code === 'conflict' ? EXIT_USAGE : EXIT_FAILED;
  }
  return EXIT_FAILED;
}

export function messageFor(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.message;
  return String(error);
}
