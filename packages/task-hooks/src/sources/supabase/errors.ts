// PostgREST answers → TaskError. The SQLSTATE decides (the contract's UT00x codes), then the HTTP
// status; a status of 0 is postgrest-js's way of saying the request never got an answer.
import { SQLSTATE_TO_KIND, TaskError, isTaskError, type TaskErrorKind } from '../../core/errors';

/** The error object postgrest-js returns (a PostgrestError or its plain-object form). */
export interface PostgrestErrorLike {
  code?: string | null;
  message?: string | null;
  details?: string | null;
  hint?: string | null;
}

function kindFor(code: string, status: number): TaskErrorKind {
  const bySqlstate = SQLSTATE_TO_KIND[code];
  if (bySqlstate) return bySqlstate;
  // PGRST301..303: the JWT is missing, malformed or expired.
  if (/^PGRST30\d$/.test(code) || status === 401 || status === 403) return 'unauthorized';
  if (status === 0) return 'network';
  return 'server';
}

export function fromPostgrest(error: PostgrestErrorLike, status: number, taskId?: string): TaskError {
  const code = error.code ?? '';
  const kind = kindFor(code, status);
  const message = error.message || (kind === 'network' ? 'The request got no answer' : `Request failed with status ${status}`);
  return new TaskError(kind, message, {
    ...(taskId ? { taskId } : {}),
    status,
    ...(code && !code.startsWith('PGRST') ? { sqlstate: code } : {}),
    cause: error,
  });
}

/** Anything a supabase-js call threw (it should not, but custom fetches can) becomes `network`. */
export function fromThrown(error: unknown): TaskError {
  if (isTaskError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TaskError('network', message, { cause: error });
}
