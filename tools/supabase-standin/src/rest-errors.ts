// PostgREST's error body and its SQLSTATE → HTTP status table (the part of it a test can reach).

export interface PostgrestErrorBody {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly body: PostgrestErrorBody,
  ) {
    super(body.message);
  }
}

export function restError(status: number, code: string, message: string, details: string | null = null): RestError {
  return new RestError(status, { code, message, details, hint: null });
}

/** How PostgREST answers a PostgreSQL error: the SQLSTATE decides the status, 400 by default. */
export function statusForSqlstate(sqlstate: string, role: string): number {
  if (sqlstate === '42501') return role === 'anon' ? 401 : 403;
  if (sqlstate === '23503' || sqlstate === '23505') return 409;
  if (sqlstate === '42883' || sqlstate === '42P01') return 404;
  if (sqlstate === 'P0001') return 400;
  const exact: Record<string, number> = { '25006': 405, '42P17': 500 };
  if (exact[sqlstate]) return exact[sqlstate];
  const byClass: Record<string, number> = {
    '08': 503, '09': 500, '0L': 403, '0P': 403, '25': 500, '28': 403, '2D': 500, '38': 500, '39': 500,
    '3B': 500, '40': 500, '53': 503, '54': 413, '55': 500, '57': 500, '58': 500, F0: 500, HV: 500, P0: 500, XX: 500,
  };
  return byClass[sqlstate.slice(0, 2)] ?? 400;
}

interface PgErrorLike {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
}

export function fromPgError(error: PgErrorLike, role: string): RestError {
  const sqlstate = error.code ?? 'XX000';
  return new RestError(statusForSqlstate(sqlstate, role), {
    code: sqlstate,
    message: error.message,
    details: error.detail ?? null,
    hint: error.hint ?? null,
  });
}
