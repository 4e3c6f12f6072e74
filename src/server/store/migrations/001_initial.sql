-- The backend's tables. Privacy (DESIGN.md, issue): no name, email, subject or body is stored in
-- clear. Tenants and users are keyed by their Entra GUIDs; tokens and the MSAL cache are
-- AES-256-GCM ciphertext ("v1:..."); subjects and client states are stored only as hashes.

CREATE TABLE tenants (
  id                 text PRIMARY KEY,          -- Entra tenant id
  mode               text NOT NULL CHECK (mode IN ('admin', 'individual')),
  admin_consented_at timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  tenant_id          text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id            text NOT NULL,             -- Entra object id
  settings           jsonb NOT NULL DEFAULT '{}'::jsonb,
  calendar_synced_at timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE webex_grants (
  tenant_id              text NOT NULL,
  user_id                text NOT NULL,
  access_token_sealed    text NOT NULL,
  refresh_token_sealed   text NOT NULL,
  access_expires_at      timestamptz NOT NULL,
  refresh_expires_at     timestamptz NOT NULL,
  scopes                 text[] NOT NULL,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
);

-- Individual mode: MSAL's serialized token cache for the user's delegated Graph access.
CREATE TABLE msal_caches (
  tenant_id    text NOT NULL,
  user_id      text NOT NULL,
  cache_sealed text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
);

-- In the database, not in memory, so that any replica can finish a flow another one started.
CREATE TABLE oauth_states (
  state_hash           text PRIMARY KEY,        -- SHA-256 of the state: the state itself is a secret
  tenant_id            text NOT NULL,
  user_id              text NOT NULL,
  code_verifier_sealed text NOT NULL,
  redirect_after       text,
  expires_at           timestamptz NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
);
CREATE INDEX oauth_states_expires_at ON oauth_states (expires_at);

-- Webex meetings the add-in created for a user (POST /api/meetings).
CREATE TABLE meetings (
  meeting_id text PRIMARY KEY,                  -- Webex meeting id (series id for a series)
  tenant_id  text NOT NULL,
  user_id    text NOT NULL,
  series_id  text,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
);
CREATE INDEX meetings_owner ON meetings (tenant_id, user_id);
CREATE INDEX meetings_created_at ON meetings (created_at);

-- An Outlook event and the Webex meeting kept equal to it, with the event's state as last
-- synced, so that a notification which changed none of time, subject or recurrence costs no
-- Webex call.
CREATE TABLE event_links (
  tenant_id       text NOT NULL,
  user_id         text NOT NULL,
  event_id        text NOT NULL,                -- Graph immutable id
  meeting_id      text NOT NULL,                -- Webex meeting (or occurrence) id
  change_key      text NOT NULL,
  start_utc       timestamptz NOT NULL,
  end_utc         timestamptz NOT NULL,
  subject_hash    text NOT NULL,                -- keyed HMAC-SHA256 of the subject, never the subject
  recurrence_hash text,                         -- null for a single event
  synced_at       timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, event_id),
  -- One event per meeting: a second event carrying the same meeting is a copy (DESIGN.md section 3).
  UNIQUE (tenant_id, meeting_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
);

-- Microsoft Graph change-notification subscriptions.
CREATE TABLE subscriptions (
  id                text PRIMARY KEY,           -- Graph subscription id
  tenant_id         text NOT NULL,
  user_id           text NOT NULL,
  resource          text NOT NULL,              -- e.g. users/{object id}/events
  expires_at        timestamptz NOT NULL,
  client_state_hash text NOT NULL,              -- SHA-256 of the clientState secret
  state             text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'reauthorize', 'removed')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  renewed_at        timestamptz,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
);
CREATE INDEX subscriptions_owner ON subscriptions (tenant_id, user_id);
CREATE INDEX subscriptions_expires_at ON subscriptions (expires_at) WHERE state <> 'removed';
