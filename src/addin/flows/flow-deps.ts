/**
 * What the flows are given: the appointment and its custom properties (src/addin/office), the
 * backend client, and the few facts about the user they need. Passing these in keeps the flows free
 * of `Office` and of the network, so tests run them against office-addin-mock and a fake API.
 */
import type { JoinBlockDetails, JoinBlockOnBody } from '../../core/join-block';
import type { ApiClient } from '../api/api-client';
import type { AppointmentItem, BodyType } from '../office/appointment-item';
import type { ItemCustomProperties } from '../office/custom-properties';

export interface ItemAccess {
  item: AppointmentItem;
  loadCustomProperties(): Promise<ItemCustomProperties>;
}

/**
 * The join block's work on a body: found, written, taken out. The task pane and the function
 * command do it themselves (local-join-block-ops.ts, with the HTML parser); the launch event asks
 * the backend (remote-join-block-ops.ts), so that launchevent.js, which classic Outlook loads
 * alone for every appointment, carries no parser. Both answer the same (core/join-block/body-edits.ts).
 */
export interface JoinBlockOps {
  /** The block in the body, if any: the meeting it names (when Outlook kept the id) and its link. */
  find(body: string, type: BodyType, joinLinkHosts: readonly string[]): Promise<JoinBlockOnBody | undefined>;
  /** The body with the block of `details` refreshed or appended; the same text when it already says so. */
  write(
    body: string,
    type: BodyType,
    block: { details: JoinBlockDetails; locale: string | undefined },
    joinLinkHosts: readonly string[],
  ): Promise<string>;
  /** The body without any block; the same text when it had none. */
  remove(body: string, type: BodyType, joinLinkHosts: readonly string[]): Promise<string>;
}

/** The item, and the join block's work on its body. */
export interface BodyAccess extends ItemAccess {
  joinBlocks: JoinBlockOps;
}

export interface FlowDeps extends BodyAccess {
  api: ApiClient;
  /** Office's UI language: the join block is written in it. */
  locale: string | undefined;
  /** The user's mailbox time zone (Windows or IANA name). */
  timeZone: string;
  /** The user's mailbox address: the organizer, never invited to their own meeting. */
  userEmail?: string;
  /** Extra host names accepted as Webex join links when finding a block by its link. */
  joinLinkHosts?: readonly string[];
  now?: () => Date;
}
