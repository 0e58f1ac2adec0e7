/** The error every transport carries, with no runtime dependency (the CLI client stays small). */
export const ERROR_CODES = ['bad-request', 'not-found', 'conflict', 'unavailable', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  path: string;
  message: string;
}

/** An error a client can show as it is: the message is written for people. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  /** Per-field problems (`spec.port` → `must be 1–65535`), so a form can show each beside its field. */
  readonly fields: FieldIssue[];
  constructor(code: ErrorCode, message: string, fields: FieldIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields;
  }
}

/** The wire shape of an error, the same on every transport. */
export interface WireError {
  code: ErrorCode;
  message: string;
  fields?: FieldIssue[];
}

export function toWireError(error: unknown): WireError {
  if (error instanceof ApiError) {
    return error.fields.length > 0
      ? { code: error.code, message: error.message, fields: error.fields }
      : { code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
