-- 0005: the due date a berkala cycle serves, for the compliance report (bot/compliance.py).
--
-- A berkala cycle records, when it is opened, the item's next_due_at at that moment: the due date
-- it answers. Publishing on or before it is on time, after it late; unpublished and past it is
-- overdue. NULL: a serta merta cycle (no due date; announced without delay), or a cycle published
-- before this migration, whose due date was never recorded (the compliance report leaves those
-- out). A berkala cycle still open now is still serving its item's current next_due_at (that date
-- only moves on publication), so it gets it here.
ALTER TABLE update_cycles ADD COLUMN due_at TEXT
    CHECK (due_at IS NULL OR due_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z');

UPDATE update_cycles
SET due_at = (SELECT i.next_due_at FROM info_items AS i WHERE i.id = update_cycles.item_id)
WHERE state = 'open' AND kind = 'berkala';

-- The compliance report (storage/compliance.py) reads what falls due in a range of months, so that
-- it costs what is due in those months, not the size of the register:
-- - the cycles: a range scan on due_at, covering the item (for its unit) and the state (cancelled
--   cycles are left out); the same index answers "has this item a cycle for this date?";
-- - the berkala items by next due date, with their unit. (info_items_due of 0001 serves the range
--   too, but with one row lookup per item: at 100,000 items and 70,000 dues in a year, 150 ms
--   instead of 75 ms.)
CREATE INDEX update_cycles_due ON update_cycles (due_at, item_id, state) WHERE due_at IS NOT NULL;
CREATE INDEX info_items_berkala_due ON info_items (next_due_at, unit_id)
    WHERE status = 'active' AND category = 'berkala';

-- The yearly figures (storage/compliance.py): publications of a year, and the serta merta cycles
-- opened in it, each read as a range instead of a scan of the whole table.
CREATE INDEX publications_at ON publications (published_at);
CREATE INDEX update_cycles_serta_merta ON update_cycles (opened_at) WHERE kind = 'serta_merta';
