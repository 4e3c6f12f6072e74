/**
 * What the flows are given: the appointment and its custom properties (src/addin/office), the
 * backend client, and the few facts about the user they need. Passing these in keeps the flows free
 * of `Office` and of the network, so tests run them against office-addin-mock and a fake API.
 */
import type { ApiClient } from '../api/api-client';
import type { AppointmentItem } from '../office/appointment-item';
import type { ItemCustomProperties } from '../office/custom-properties';

export interface ItemAccess {
  item: AppointmentItem;
  loadCustomProperties(): Promise<ItemCustomProperties>;
}

export interface FlowDeps extends ItemAccess {
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
