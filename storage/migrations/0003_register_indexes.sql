-- 0003: indexes that keep the register's reads and the reminder sweep independent of its size.
--
-- Measured on a register of 100,000 items (`make bench`): SQLite has no statistics here (nothing
-- runs ANALYZE), so for a query on active items it took the partial index info_items_stale
-- (status = 'active' is nearly the whole register) and read the whole register through it, one
-- random row lookup per item: the register list, the schedule and the sweep's stale items took
-- about 140 ms each at 100,000 items, growing with the register. Each index below serves one
-- query in the order that query asks for, so a page or a sweep costs the same at 1,000 or
-- 100,000 items. Where an index replaces an older one, the old one is dropped first (its page is
-- reused, and the planner cannot fall back on it).

-- The reminder sweep's stale items (storage/reminders.py `stale_items`): no column index serves
-- IFNULL(last_published_at, created_at); this one is read only up to the limit date, in order.
DROP INDEX info_items_stale;
CREATE INDEX info_items_stale_since ON info_items (IFNULL(last_published_at, created_at), id)
    WHERE status = 'active' AND category = 'berkala';

-- /informasi (storage/items.py `search`): the register by summary, a page at a time, for everyone
-- and for a PPID Pelaksana's own unit (the unit index becomes the first column of the latter).
DROP INDEX info_items_unit;
CREATE INDEX info_items_unit_summary ON info_items (unit_id, summary COLLATE NOCASE, id);
CREATE INDEX info_items_summary ON info_items (summary COLLATE NOCASE, id);

-- /jadwal (storage/items.py `due_items`): berkala items by next due date, never-scheduled last.
CREATE INDEX info_items_schedule ON info_items (next_due_at IS NULL, next_due_at, id)
    WHERE status = 'active' AND category = 'berkala';

-- The sweep's open steps and its leftover reminders, both read ORDER BY id: without these the
-- planner walks the whole table by rowid to avoid a sort, however few rows match. The new
-- reminders index replaces reminders_pending, which no query could use.
CREATE INDEX update_cycles_open ON update_cycles (id) WHERE state = 'open';
DROP INDEX reminders_pending;
CREATE INDEX reminders_unsent ON reminders (id) WHERE sent_at IS NULL AND dropped IS NULL;
