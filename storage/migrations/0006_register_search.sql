-- 0006: a trigram index of the register for the staff search (/informasi <kata>, storage/items.py).
--
-- A search for text anywhere in an item's summary or responsible person was a LIKE '%kata%' over
-- every row: about 20 ms at 100,000 items, twice per search (the page and the count). A trigram
-- FTS5 index answers the same question (a phrase of 3 or more characters is found exactly where
-- the text contains it, in any case) from the rows that match. ItemRepository uses it when the
-- text matches few items; for text in many items the LIKE scan in summary order, which stops at
-- the end of the page, is the faster one (see storage/items.py).
--
-- An external-content table: it keeps only the index; the text stays in info_items. The triggers
-- keep it in step with every write to those two columns, whoever makes it.
CREATE VIRTUAL TABLE register_search USING fts5(
    summary,
    responsible,
    content = 'info_items',
    content_rowid = 'id',
    tokenize = 'trigram'
);

INSERT INTO register_search (register_search) VALUES ('rebuild');

CREATE TRIGGER info_items_register_search_insert AFTER INSERT ON info_items BEGIN
    INSERT INTO register_search (rowid, summary, responsible) VALUES (new.id, new.summary, new.responsible);
END;

CREATE TRIGGER info_items_register_search_delete AFTER DELETE ON info_items BEGIN
    INSERT INTO register_search (register_search, rowid, summary, responsible)
    VALUES ('delete', old.id, old.summary, old.responsible);
END;

CREATE TRIGGER info_items_register_search_update AFTER UPDATE OF summary, responsible ON info_items BEGIN
    INSERT INTO register_search (register_search, rowid, summary, responsible)
    VALUES ('delete', old.id, old.summary, old.responsible);
    INSERT INTO register_search (rowid, summary, responsible) VALUES (new.id, new.summary, new.responsible);
END;
