/**
 * The one error every Office.js wrapper rejects with. `code` is what callers branch on: Office's
 * error name when it gives one ("GenericResponseError", "InvalidAttachmentId", ...), the dialog
 * API's numeric codes mapped to names (12006 → "DialogClosed"), or one of our own codes for faults
 * around the call (Office.js missing, a requirement set the client lacks).
 */

/** Our own codes, for faults that Office.js does not report itself. */
export type OfficeFaultCode =
  /** Office.js is not loaded, or the item/API is absent from this client. */
  | 'office_unavailable'
  /** The client lacks the requirement set the call needs (Office.context.requirements). */
  | 'requirement_unsupported'
  /** Office.js threw instead of calling back (bad arguments, wrong mode). */
  | 'office_call_failed';

/** Office's dialog API reports failures by number only; names make them readable in code and tests. */
const DIALOG_ERROR_NAMES: Readonly<Record<number, string>> = {
  12002: 'DialogPageNotFound',
  12003: 'DialogMixedContent',
  12004: 'DialogDomainNotTrusted',
  12005: 'DialogHttpsRequired',
  12006: 'DialogClosed',
  12007: 'DialogAlreadyOpen',
  12009: 'DialogBlocked',
  12011: 'DialogPopupBlocked',
};

export class OfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Office's numeric error code, when it gave one. */
    readonly officeCode?: number,
  ) {
    super(message);
    this.name = 'OfficeError';
  }

  /** From the `error` of a failed Office.AsyncResult (or anything shaped like it). */
  static fromAsyncError(error: unknown, fallback = 'office_call_failed'): OfficeError {
    const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; name?: unknown; message?: unknown };
    const officeCode = typeof e.code === 'number' ? e.code : undefined;
    const named = typeof e.name === 'string' && e.name.trim() !== '' ? e.name.trim() : undefined;
    const code = named ?? (officeCode !== undefined ? (DIALOG_ERROR_NAMES[officeCode] ?? `office_${officeCode}`) : fallback);
    const message = typeof e.message === 'string' && e.message !== '' ? e.message : `Office reported ${code}.`;
    return new OfficeError(code, message, officeCode);
  }

  /** From a dialog's numeric error (displayDialogAsync failures and DialogEventReceived). */
  static fromDialogCode(officeCode: number): OfficeError {
    const code = DIALOG_ERROR_NAMES[officeCode] ?? `office_${officeCode}`;
    return new OfficeError(code, `The dialog reported ${code}.`, officeCode);
  }
}

export function isOfficeError(value: unknown, code?: string): value is OfficeError {
  return value instanceof OfficeError && (code === undefined || value.code === code);
}
