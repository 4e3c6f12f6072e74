-- Why an event could not be kept in step with its Webex meeting, by code only (no subject, no
-- name): for the admin page's "recent sync errors" and for operators. Pruned after a while.
CREATE TABLE sync_errors (
  id          bigserial PRIMARY KEY,
  tenant_id   text NOT NULL,
  user_id     text NOT NULL,
  code        text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
);
CREATE INDEX sync_errors_tenant_time ON sync_errors (tenant_id, occurred_at);
