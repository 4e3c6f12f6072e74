-- The IANA zone a meeting was scheduled in. Webex's Get a Meeting renders times in UTC unless the
-- request names a zone, so the zone must be kept here for an edit to keep the meeting's local time.
ALTER TABLE meetings ADD COLUMN time_zone text;
