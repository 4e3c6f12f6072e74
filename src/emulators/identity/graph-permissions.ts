/**
 * Microsoft Graph as a resource: its identifiers and the permissions the emulator knows, with
 * whether a user may consent to the delegated form and whether an application form exists
 * (Microsoft Graph permissions reference). A name that is not here is refused as an invalid
 * scope, so a typo in the product ("Calendar.ReadWrite") fails locally as it would for real.
 */

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_DISPLAY_NAME = 'Microsoft Graph';

export interface GraphPermission {
  name: string;
  /** Delegated form: who may consent to it ('admin' means tenant-wide admin consent is required). */
  delegated?: 'user' | 'admin';
  /** An application permission (app role) of the same name exists. */
  application?: boolean;
}

const U = 'user' as const;
const A = 'admin' as const;

const TABLE: GraphPermission[] = [
  { name: 'User.Read', delegated: U },
  { name: 'User.ReadWrite', delegated: U },
  { name: 'User.ReadBasic.All', delegated: U, application: false },
  { name: 'User.Read.All', delegated: A, application: true },
  { name: 'User.ReadWrite.All', delegated: A, application: true },
  { name: 'Calendars.ReadBasic', delegated: U, application: true },
  { name: 'Calendars.Read', delegated: U, application: true },
  { name: 'Calendars.ReadWrite', delegated: U, application: true },
  { name: 'Calendars.Read.Shared', delegated: U },
  { name: 'Calendars.ReadWrite.Shared', delegated: U },
  { name: 'Directory.Read.All', delegated: A, application: true },
  { name: 'Directory.ReadWrite.All', delegated: A, application: true },
  { name: 'Mail.Read', delegated: U, application: true },
  { name: 'Mail.ReadWrite', delegated: U, application: true },
  { name: 'Mail.Send', delegated: U, application: true },
  { name: 'MailboxSettings.Read', delegated: U, application: true },
  { name: 'MailboxSettings.ReadWrite', delegated: U, application: true },
  { name: 'Contacts.Read', delegated: U, application: true },
  { name: 'Contacts.ReadWrite', delegated: U, application: true },
  { name: 'ChannelMember.Read.All', delegated: A, application: true },
  { name: 'Chat.ReadBasic', delegated: U },
  { name: 'Chat.ReadBasic.All', application: true },
  { name: 'Chat.Read', delegated: U },
  { name: 'Chat.Read.All', application: true },
  { name: 'Group.Read.All', delegated: A, application: true },
  { name: 'GroupMember.Read.All', delegated: A, application: true },
  { name: 'People.Read', delegated: U },
  { name: 'People.Read.All', delegated: A, application: true },
  { name: 'Presence.Read', delegated: U },
  { name: 'Presence.Read.All', delegated: U, application: true },
  { name: 'OnlineMeetings.ReadWrite', delegated: U },
  { name: 'OnlineMeetings.ReadWrite.All', application: true },
  { name: 'Organization.Read.All', delegated: A, application: true },
  { name: 'Application.Read.All', delegated: A, application: true },
  { name: 'Team.ReadBasic.All', delegated: U, application: true },
  { name: 'TeamMember.Read.All', delegated: A, application: true },
  { name: 'Place.Read.All', delegated: A, application: true },
  { name: 'Subscription.Read.All', delegated: U },
];

const BY_LOWER = new Map(TABLE.map((p) => [p.name.toLowerCase(), p]));

/** Looks a Graph permission up, case-insensitively as Entra does; returns it with its canonical name. */
export function graphPermission(name: string): GraphPermission | undefined {
  return BY_LOWER.get(name.toLowerCase());
}
