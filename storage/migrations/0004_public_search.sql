-- 0004: the full-text index of the public search (/cari, storage/public_search.py).
--
-- One row per item the public may see: rowid = info_items.id, body = the searchable words of its
-- summary, unit name and category label, already normalised, stemmed (Indonesian) and stripped of
-- stop words by bot/indonesian_text.py. SQLite has no Indonesian stemmer, so the words are made in
-- Python; unicode61 then only splits them on spaces (remove_diacritics 2 folds any accent left).
--
-- The table holds nothing that is not public: no responsible person, legal basis, notes or draft.
-- Being in it never makes an item visible on its own: every search joins back to info_items and
-- publications and checks again that the item is active, not dikecualikan and published.
--
-- The table starts empty. Its words depend on Python code (the stemmer, the stop words), which a
-- migration cannot run, so the bot fills it itself: bot/public_search.py rebuilds the whole index
-- whenever the index version recorded in kv_state ('public_search', 'index_version') is not the
-- version of the code, which is the case on the first search after this migration.
CREATE VIRTUAL TABLE public_search USING fts5(
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
