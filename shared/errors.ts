// Error codes that cross the boundary between services and their doors (CLI, IPC, web).
// Messages are for the clerk: Chinese, one sentence, saying what to do.
export const ERROR_CODES = [
  'BAD_INPUT', // arguments or a file the clerk gave us that we cannot use
  'BAD_TABLE', // an indicator table we cannot understand
  'NOT_FOUND',
  'NOT_AN_ARCHIVE',
  'ARCHIVE_TOO_NEW',
  'ARCHIVE_EXISTS',
  'EXISTS', // an export would replace a file the clerk has not agreed to replace (another archive's, a changed one)
  'CANCELLED',
  'READ_ONLY', // the archive is on a medium we may not write to: read, check and export only
  'BUSY', // another process is writing to the archive
  'DISK_FULL', // a write failed for lack of space; nothing half-written was kept
  'DAMAGED', // a stored file or the database is not what it should be: verify / restore
  'TOO_LARGE', // an input past a limit we set (size, rows, depth); refused, never cut
  'FORBIDDEN', // the signed-in account may not see or do this (a department's, a reviewer's)
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class TaizhangError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TaizhangError';
  }
}

/** Codes that mean "the input was wrong" rather than "something broke". */
export function isInputError(code: ErrorCode): boolean {
  return !NOT_INPUT.has(code);
}
const NOT_INPUT = new Set<ErrorCode>(['INTERNAL', 'CANCELLED', 'BUSY', 'DISK_FULL', 'DAMAGED']);

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** The argument at fault, as a path (patch.title, campaign.windowStart), when one is. */
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
