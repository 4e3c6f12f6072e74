/**
 * Graph names its subscriptions with GUIDs. A notification naming anything else was not sent by
 * Graph for a subscription of ours: the receiver drops it without a lookup, so that garbage (or a
 * flood of it) costs no database statement.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isSubscriptionId(id: string): boolean {
  return GUID.test(id);
}
