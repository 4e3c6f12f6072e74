-- What a sync-event job reads of the store before it reads its event (src/server/store/event-sync-inputs.ts
-- describes each part), as a function: PL/pgSQL keeps the statement's plan for the session, where the
-- same statement sent as a query is planned again on every job, and planning it cost about four
-- times running it (on the embedded database, in the backend's own thread: docs/architecture.md#bench-figures).
-- A migration that adds a column to tenants, webex_grants or event_links and wants it here replaces
-- this function.
CREATE FUNCTION event_sync_inputs(p_tenant_id text, p_user_id text, p_event_id text)
RETURNS TABLE (
  id text, mode text, admin_consented_at timestamptz, default_template_id text, created_at timestamptz, updated_at timestamptz,
  access_token_sealed text, refresh_token_sealed text, access_expires_at timestamptz, refresh_expires_at timestamptz,
  scopes text[], grant_updated_at timestamptz, links json
)
LANGUAGE plpgsql STABLE AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH l AS (
    SELECT 'event' AS kind, l.tenant_id, l.user_id, l.event_id, l.meeting_id, l.change_key, l.start_utc, l.end_utc,
      l.subject_hash, l.recurrence_hash, l.attendees_hash, l.synced_at, l.created_at, p.code AS problem,
      EXISTS (SELECT 1 FROM meetings m WHERE m.tenant_id = l.tenant_id AND m.user_id = l.user_id AND m.meeting_id = l.meeting_id) AS owned
    FROM event_links l
    LEFT JOIN event_sync_problems p ON p.tenant_id = l.tenant_id AND p.user_id = l.user_id AND p.event_id = l.event_id
    WHERE l.tenant_id = p_tenant_id AND l.user_id = p_user_id AND l.event_id = p_event_id
  ), o AS (
    SELECT 'occurrence' AS kind, o.tenant_id, o.user_id, o.event_id, o.meeting_id, o.change_key, o.start_utc, o.end_utc,
      o.subject_hash, o.recurrence_hash, o.attendees_hash, o.synced_at, o.created_at, p.code AS problem, false AS owned
    FROM l
    JOIN event_links o ON o.tenant_id = p_tenant_id AND o.user_id = p_user_id AND starts_with(o.meeting_id, l.meeting_id || '_')
    LEFT JOIN event_sync_problems p ON p.tenant_id = o.tenant_id AND p.user_id = o.user_id AND p.event_id = o.event_id
      AND (p.meeting_id = l.meeting_id OR starts_with(p.meeting_id, l.meeting_id || '_'))
  )
  SELECT t.id, t.mode, t.admin_consented_at, t.default_template_id, t.created_at, t.updated_at,
    g.access_token_sealed, g.refresh_token_sealed, g.access_expires_at, g.refresh_expires_at, g.scopes, g.updated_at,
    (SELECT json_agg(x ORDER BY x.kind, x.created_at, x.event_id) FROM (SELECT * FROM l UNION ALL SELECT * FROM o) x)
  FROM (SELECT 1) AS one
  LEFT JOIN tenants t ON t.id = p_tenant_id
  LEFT JOIN webex_grants g ON g.tenant_id = p_tenant_id AND g.user_id = p_user_id;
END
$fn$;
