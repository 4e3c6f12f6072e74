/**
 * Outlook item ids in the two forms Graph hands out. Both wrap the same internal key, so either
 * form finds the item:
 * - the regular (REST) id, "AAMkA…": bytes 00 03 24 00, the mailbox GUID as text, then the entry id;
 * - the immutable id, "AAkAL…" (asked for with `Prefer: IdType="ImmutableId"`), which Exchange keeps
 *   through moves and copies (https://learn.microsoft.com/graph/outlook-immutable-id).
 * Outlook's base64 swaps the two characters unsafe in URLs ('+' becomes '_', '/' becomes '-') and keeps
 * the padding.
 *
 * Occurrences and exceptions of a series are not items of their own in Exchange: their ids are the
 * series master's id with the instance's original start appended, so they are longer than the
 * master's and stay the same when an occurrence becomes an exception.
 */
import { createHash } from 'node:crypto';

export type IdType = 'rest' | 'immutable';

const REST_PREFIX = Buffer.from([0x00, 0x03, 0x24, 0x00]);
const REST_FOLDER_MARK = Buffer.from([0x00, 0x46, 0x00, 0x00, 0x00, 0x00, 0x00]);
const IMMUTABLE_PREFIX = Buffer.from([0x00, 0x09, 0x00, 0x2e, 0x00, 0x00, 0x00, 0x00, 0x00]);
// The MAPI property set GUID real immutable ids carry after their prefix.
const IMMUTABLE_SET = Buffer.from('1d840311aa6611cd9bc800aa002f845a', 'hex');
const ENTRY_MARK = Buffer.from([0x07, 0x00]);
const KEY_BYTES = 16;
const ITEM_END = Buffer.from([0x00, 0x00]);
// Marks an instance of a series; the original start (milliseconds, 8 bytes big-endian) follows.
const OCCURRENCE_MARK = Buffer.from([0x00, 0x11, 0x20, 0x01]);
const OCCURRENCE_BYTES = OCCURRENCE_MARK.length + 8;
const GUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toOutlookBase64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '_').replace(/\//g, '-');
}

function fromOutlookBase64(id: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(id) || id.length % 4 !== 0) return undefined;
  return Buffer.from(id.replace(/_/g, '+').replace(/-/g, '/'), 'base64');
}

function folderKey(mailboxId: string): Buffer {
  return createHash('sha256').update(`calendar:${mailboxId.toLowerCase()}`).digest().subarray(0, 16);
}

function guidBytes(mailboxId: string): Buffer {
  return Buffer.from(mailboxId.replace(/-/g, ''), 'hex');
}

function keyBytes(key: string): Buffer {
  const b = Buffer.from(key, 'hex');
  if (b.length !== KEY_BYTES) throw new Error(`item key must be ${KEY_BYTES} bytes of hex`);
  return b;
}

function itemEnd(occurrenceStart: number | undefined): Buffer {
  if (occurrenceStart === undefined) return ITEM_END;
  const start = Buffer.alloc(8);
  start.writeBigInt64BE(BigInt(occurrenceStart));
  return Buffer.concat([OCCURRENCE_MARK, start]);
}

/**
 * The id of an item in the requested form. `mailboxId` is the owner's object id (a GUID); for an
 * instance of a series, `key` is the master's and `occurrenceStart` the instance's original start.
 */
export function encodeEventId(idType: IdType, mailboxId: string, key: string, occurrenceStart?: number): string {
  if (!GUID_TEXT.test(mailboxId)) throw new Error('mailbox id must be a GUID');
  if (idType === 'rest') {
    return toOutlookBase64(
      Buffer.concat([
        REST_PREFIX,
        Buffer.from(mailboxId.toLowerCase(), 'latin1'),
        REST_FOLDER_MARK,
        folderKey(mailboxId),
        ENTRY_MARK,
        keyBytes(key),
        itemEnd(occurrenceStart),
      ]),
    );
  }
  return toOutlookBase64(
    Buffer.concat([
      IMMUTABLE_PREFIX,
      IMMUTABLE_SET,
      Buffer.from([0x0d, 0x00]),
      guidBytes(mailboxId),
      keyBytes(key),
      itemEnd(occurrenceStart),
    ]),
  );
}

export interface DecodedEventId {
  idType: IdType;
  mailboxId: string;
  /** The item's key; for an instance of a series, the master's. */
  key: string;
  /** Present for an instance of a series: its original start. */
  occurrenceStart?: number;
}

function guidText(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Splits the bytes after the key into "plain item" or "instance of a series". */
function readItemEnd(end: Buffer): { ok: boolean; occurrenceStart?: number } {
  if (end.equals(ITEM_END)) return { ok: true };
  if (end.length === OCCURRENCE_BYTES && end.subarray(0, OCCURRENCE_MARK.length).equals(OCCURRENCE_MARK)) {
    const start = Number(end.readBigInt64BE(OCCURRENCE_MARK.length));
    return Number.isSafeInteger(start) ? { ok: true, occurrenceStart: start } : { ok: false };
  }
  return { ok: false };
}

/** Reads either id form; undefined when the text is not an id this service could have issued. */
export function decodeEventId(id: string): DecodedEventId | undefined {
  const bytes = fromOutlookBase64(id);
  if (!bytes) return undefined;
  const restHead = REST_PREFIX.length + 36 + REST_FOLDER_MARK.length + 16 + ENTRY_MARK.length + KEY_BYTES;
  if (bytes.length > restHead && bytes.subarray(0, 4).equals(REST_PREFIX)) {
    const mailboxId = bytes.subarray(4, 40).toString('latin1');
    if (!GUID_TEXT.test(mailboxId)) return undefined;
    const end = readItemEnd(bytes.subarray(restHead));
    if (!end.ok) return undefined;
    const keyStart = restHead - KEY_BYTES;
    return withOccurrence({ idType: 'rest', mailboxId, key: bytes.subarray(keyStart, restHead).toString('hex') }, end.occurrenceStart);
  }
  const immutableHead = IMMUTABLE_PREFIX.length + 16 + 2 + 16 + KEY_BYTES;
  if (bytes.length > immutableHead && bytes.subarray(0, IMMUTABLE_PREFIX.length).equals(IMMUTABLE_PREFIX)) {
    const guidStart = IMMUTABLE_PREFIX.length + 16 + 2;
    const end = readItemEnd(bytes.subarray(immutableHead));
    if (!end.ok) return undefined;
    return withOccurrence(
      {
        idType: 'immutable',
        mailboxId: guidText(bytes.subarray(guidStart, guidStart + 16)),
        key: bytes.subarray(guidStart + 16, immutableHead).toString('hex'),
      },
      end.occurrenceStart,
    );
  }
  return undefined;
}

function withOccurrence(decoded: DecodedEventId, occurrenceStart: number | undefined): DecodedEventId {
  return occurrenceStart === undefined ? decoded : { ...decoded, occurrenceStart };
}
