-- The attendees of an event as last synced, as the store's keyed fingerprint of their sorted
-- addresses (never an address): enough to tell whether they changed, so that an edit that leaves
-- them as they were costs no Webex call. '-' marks a meeting that keeps no invitees (a personal
-- room); NULL, a link made before attendees were followed (Webex's list is compared at its next change).
ALTER TABLE event_links ADD COLUMN attendees_hash text;

-- Why an event is out of step with its Webex meeting, for as long as it is: one row per event, by
-- code only (no subject, no name, no address), written when the sync engine cannot apply a change
-- and removed when the event syncs again. The task pane shows it to the organizer; sync_errors
-- keeps the admin page's counts.
CREATE TABLE event_sync_problems (
  tenant_id   text NOT NULL,
  user_id     text NOT NULL,
  event_id    text NOT NULL,                -- Graph immutable id
  meeting_id  text,                         -- the Webex meeting (or occurrence) out of step, if known
  code        text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, event_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
);
CREATE INDEX event_sync_problems_meeting ON event_sync_problems (tenant_id, meeting_id);
