-- The admin page's sessions, so that any replica can end one for good (signing out) and look the
-- admin's role up again (src/server/admin/admin-sessions.ts). The browser's cookie carries the
-- session's secret; only its hash is stored. No foreign key: an admin signs in before their
-- tenant, or they themselves, have a row here.
CREATE TABLE admin_sessions (
  session_hash         text PRIMARY KEY,        -- SHA-256 of the session's secret
  tenant_id            text NOT NULL,           -- Entra tenant id
  user_id              text NOT NULL,           -- Entra object id of the admin
  refresh_token_sealed text NOT NULL,           -- the sign-in's refresh token, to look the role up again
  role_checked_at      timestamptz NOT NULL,
  expires_at           timestamptz NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admin_sessions_expires_at ON admin_sessions (expires_at);
