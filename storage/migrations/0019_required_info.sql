-- 0019: the checklist of information every public body must announce periodically (issue 17).
--
-- `bot/data/informasi_wajib_berkala.toml` lists it (UU 14/2008 Pasal 9, Perki 1/2021 Pasal 11-12);
-- an admin imports it for a unit, and each entry the unit lacks becomes an inactive item to
-- complete. `required_info_key` is the entry an item came from (NULL: an item registered by
-- hand), so a second import adds nothing: one item per entry per unit.
ALTER TABLE info_items ADD COLUMN required_info_key TEXT
    CHECK (required_info_key IS NULL OR length(trim(required_info_key)) > 0);
CREATE UNIQUE INDEX info_items_required_info ON info_items (unit_id, required_info_key)
    WHERE required_info_key IS NOT NULL;
