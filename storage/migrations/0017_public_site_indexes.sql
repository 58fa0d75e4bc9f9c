-- 0017: indexes that keep the public web site's reads fast on a large register (issue 16).
--
-- Measured on a register of 100,000 items, 83,000 of them on the public record (`make bench`, the
-- web rows; SQLite has no statistics here, nothing runs ANALYZE): the DIP's first page took about
-- 350 ms. For every public item it read the whole row, found its latest publication through
-- publications_item (one table lookup per publication, for withdrawn_at), then counted and sorted
-- them all. storage/public_site.py now reads a page of ids in the register's order and joins only
-- those, and counts apart; these indexes let both be read from the indexes alone.

-- The publications that count for the public (not withdrawn), by item, newest last: the EXISTS of
-- VISIBLE_ITEM, the latest publication of an item and the year filter's range are each one
-- lookup in it, without reading the table.
CREATE INDEX publications_visible ON publications (item_id, published_at, id) WHERE withdrawn_at IS NULL;

-- The same publications by date: the year filter's count starts from the year's publications
-- (storage/public_site.py `DipFilter.clause(counting=True)`) and reads their items from here
-- without the table (40 to 80 ms at 100,000 items through publications_at, 35 ms with this).
CREATE INDEX publications_visible_at ON publications (published_at, item_id) WHERE withdrawn_at IS NULL;

-- The items whose content may be public (PUBLIC_ITEM, the same terms, so the planner may use it),
-- in the register's own order, with the DIP's two column filters: a DIP page walks it in order
-- and stops after the page, and a count reads it from end to end without touching the table.
CREATE INDEX info_items_public ON info_items (summary COLLATE NOCASE, id, category, unit_id)
    WHERE status = 'active' AND category <> 'dikecualikan';

-- The Daftar Informasi yang Dikecualikan, in the register's order (a few percent of the register,
-- which a count otherwise reads whole).
CREATE INDEX info_items_exempt ON info_items (summary COLLATE NOCASE, id)
    WHERE status = 'active' AND category = 'dikecualikan';
