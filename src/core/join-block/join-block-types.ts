/** Shapes of the join block: what goes in, what the labels are, what a search finds. */

export interface DialInNumber {
  /** As Webex labels it ("Call-in toll-free number (US/Canada)"); may be empty. */
  label: string;
  /** As Webex writes it ("+1-415-655-0001"). */
  number: string;
  tollType: 'toll' | 'tollFree';
}

/**
 * What the block shows. There is deliberately no host key: the block goes to every attendee, and
 * `hostKey?: never` makes passing one a type error (the renderer also reads only the fields below,
 * so a Webex meeting object passed whole cannot leak it).
 */
export interface JoinBlockDetails {
  /** Webex meeting (series) id; written as an attribute so the backend can name the meeting. */
  meetingId: string;
  /** Digits, spaces allowed ("2555 123 4567"). */
  meetingNumber: string;
  /** https only. */
  webLink: string;
  password?: string;
  /** Webex's phoneAndVideoSystemPassword: the numeric password for phones and video systems. */
  numericPassword?: string;
  sipAddress?: string;
  dialIn?: readonly DialInNumber[];
  accessCode?: string;
  hostName?: string;
  readonly hostKey?: never;
}

/** Localized labels; templates mark where a value goes with {address}. */
export interface JoinBlockStrings {
  /** BCP 47 tag, written as the block's lang attribute. */
  locale: string;
  joinMeeting: string;
  meetingNumber: string;
  password: string;
  numericPassword: string;
  joinByVideoSystem: string;
  /** Contains "{address}". */
  dialVideoAddress: string;
  joinByPhone: string;
  accessCode: string;
  tapToJoin: string;
  host: string;
  toll: string;
  tollFree: string;
  /** Between a label and its value: ": " in English, " : " in French, "：" in Japanese. */
  labelSeparator: string;
}

/** "html" or "text", as Graph's body.contentType and Office.js's CoercionType name them (any case). */
export type BodyContentType = 'html' | 'text' | 'HTML' | 'Text' | 'Html';

export interface FoundJoinBlock {
  /** From the block's attribute, when Outlook kept it. */
  meetingId?: string;
  /** Digits only, when a "Meeting number" (or "Access code") line is found. */
  meetingNumber?: string;
  /** The join link, as found (decoded href, Safe Links unwrapped). */
  webLink: string;
  /**
   * Offsets in the body: the block is body.slice(start, end), together with the wrappers around it
   * that hold nothing else (what removing it deletes).
   */
  start: number;
  end: number;
}

export interface FindJoinBlockOptions {
  /**
   * Host names (and their subdomains) accepted as Webex join links besides webex.com, for the
   * fallback that finds a block by its link alone.
   */
  joinLinkHosts?: readonly string[];
}
