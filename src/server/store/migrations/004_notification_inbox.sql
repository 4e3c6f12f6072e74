-- Change and lifecycle notifications the receiver has verified and acknowledged, kept until the
-- inbox drainer turns them into sync jobs (src/server/sync/notification-inbox.ts). One row per
-- write of the receiver: the notifications of every POST that arrived meanwhile, as a JSON array
-- of ids only (tenant, user, event, subscription; never a subject or an address).
CREATE TABLE notification_inbox (
  id          bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  entries     text NOT NULL
);
-- Rows live for moments: compressing them (TOAST's default for long values) would cost the
-- receiver more than the disk it saves.
ALTER TABLE notification_inbox ALTER COLUMN entries SET STORAGE EXTERNAL;
