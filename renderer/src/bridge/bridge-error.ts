import { ApiError, type ErrorCode, type FieldIssue } from '../../../app/shared/api-error.ts';

/** What every Bridge method rejects with: the engine's own ApiError (a message for people, per-field issues for forms). */
export { ApiError as BridgeError };

/** Anything a bridge call threw, as a BridgeError (IPC errors arrive as plain objects or Errors). */
export function asBridgeError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; message?: unknown; fields?: unknown };
    const code = typeof e.code === 'string' ? (e.code as ErrorCode) : 'internal';
    const message = typeof e.message === 'string' ? e.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(error);
    const fields = Array.isArray(e.fields) ? (e.fields as FieldIssue[]) : [];
    return new ApiError(code, message, fields);
  }
  return new ApiError('internal', String(error));
}
