-- The organization's default Webex meeting template, set by a tenant admin on the admin page
-- (docs/admin-guide.md): a Webex template id, not personal data. NULL: none. A user's own template
-- setting wins over it (src/server/meetings/meeting-service.ts).
ALTER TABLE tenants ADD COLUMN default_template_id text;
