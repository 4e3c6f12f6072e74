-- Each OAuth state belongs to one flow (Webex linking, a user's calendar authorization), and a
-- state is accepted only by the flow that minted it. Until now the calendar authorization marked
-- its states in redirect_after; the column says it plainly instead.
ALTER TABLE oauth_states ADD COLUMN flow text NOT NULL DEFAULT 'webex-link';
UPDATE oauth_states SET flow = 'microsoft-link' WHERE redirect_after = 'microsoft-link';
ALTER TABLE oauth_states ALTER COLUMN flow DROP DEFAULT;
ALTER TABLE oauth_states DROP COLUMN redirect_after;

-- A Webex grant whose consent came back but that the add-in has not claimed yet
-- (src/server/http/webex-link-routes.ts): the result page hands a one-time completion code to the
-- add-in, which sends it with the user's bearer token. Only the code's hash is kept, and the grant
-- is sealed. A grant nobody claims expires in minutes and is swept.
CREATE TABLE webex_pending_links (
  completion_hash text PRIMARY KEY,
  tenant_id       text NOT NULL,
  user_id         text NOT NULL,
  grant_sealed    text NOT NULL,
  expires_at      timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
);
CREATE INDEX webex_pending_links_expires_at ON webex_pending_links (expires_at);
