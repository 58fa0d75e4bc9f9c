-- 0016: the consequence test (uji konsekuensi) of an exempt item (issue 17).
--
-- UU 14/2008 Pasal 17 and Perki 1/2021 ask, for information classified as dikecualikan: the part
-- of the information exempted, the ground (one or more letters of Pasal 17), the consequence if
-- it were disclosed, the weighing against the public interest, the exemption period and the
-- official who decides. They are columns of the item, all set together or none: an item
-- classified before this migration keeps its `legal_basis` (which stays the ground as text) and
-- has no test yet ("uji konsekuensi belum lengkap" on its card). `exempt_until` is the local date
-- the exemption ends (the reminder sweep tells the admins once, through its claimed reminders).
ALTER TABLE info_items ADD COLUMN exempt_part TEXT;
ALTER TABLE info_items ADD COLUMN exempt_grounds TEXT
    CHECK (exempt_grounds IS NULL OR (length(exempt_grounds) > 0 AND exempt_grounds NOT GLOB '*[^a-j,]*'));
ALTER TABLE info_items ADD COLUMN exempt_consequence TEXT;
ALTER TABLE info_items ADD COLUMN exempt_public_interest TEXT;
ALTER TABLE info_items ADD COLUMN exempt_until TEXT
    CHECK (exempt_until IS NULL OR exempt_until GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
ALTER TABLE info_items ADD COLUMN exempt_decider_name TEXT;
ALTER TABLE info_items ADD COLUMN exempt_decider_position TEXT;
ALTER TABLE info_items ADD COLUMN exempt_decided_at TEXT
    CHECK (exempt_decided_at IS NULL OR exempt_decided_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z');

-- The exempt items whose period ends, for the reminder sweep.
CREATE INDEX info_items_exempt_until ON info_items (exempt_until)
    WHERE category = 'dikecualikan' AND exempt_until IS NOT NULL;
