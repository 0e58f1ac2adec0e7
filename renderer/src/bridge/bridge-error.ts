import type { ErrorCode, FieldIssue } from '../../../app/api.ts';

/** What every Bridge method rejects with: a message written for people, and per-field issues for forms. */
export class BridgeError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldIssue[];
  constructor(code: ErrorCode, message: string, fields: FieldIssue[] = []) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
    this.fields = fields;
  }
}

/** Anything a bridge call threw, as a BridgeError (IPC errors arrive as plain objects or Errors). */
export function asBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error;
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; message?: unknown; fields?: unknown };
    const code = typeof e.code === 'string' ? (e.code as ErrorCode) : 'internal';
    const message = typeof e.message === 'string' ? e.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(error);
    const fields = Array.isArray(e.fields) ? (e.fields as FieldIssue[]) : [];
    return new BridgeError(code, message, fields);
  }
  return new BridgeError('internal', String(error));
}
