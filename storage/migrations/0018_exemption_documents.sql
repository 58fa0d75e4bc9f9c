-- 0018: the exemption decision document and its signed scan, kept with the item (issue 17).
--
-- The decision (Keputusan PPID tentang Penetapan Informasi yang Dikecualikan) is numbered from the
-- same per-year counters as the letters (`letter_numbers`, its own kind 'keputusan_pengecualian'),
-- but it belongs to an item, not to a cycle: the register classifies outside any cycle. So
-- `letter_numbers` is rebuilt (SQLite's 12-step ALTER) with `cycle_id` optional and an `item_id`
-- beside it, exactly one of the two set. Every row keeps its id, so nothing that refers to it moves.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE letter_numbers_new (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    kind        TEXT NOT NULL CHECK (length(kind) > 0),
    number      INTEGER NOT NULL CHECK (number >= 1),
    text        TEXT NOT NULL CHECK (length(text) > 0),
    cycle_id    INTEGER REFERENCES update_cycles (id),
    item_id     INTEGER REFERENCES info_items (id),
    document_id INTEGER REFERENCES documents (id),
    taken_by    INTEGER NOT NULL REFERENCES users (telegram_id),
    taken_at    TEXT NOT NULL CHECK (taken_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    sent_at     TEXT CHECK (sent_at IS NULL OR sent_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK ((document_id IS NULL) = (sent_at IS NULL)),
    CHECK ((cycle_id IS NULL) <> (item_id IS NULL)),
    UNIQUE (year, kind, number)
);
INSERT INTO letter_numbers_new (id, year, kind, number, text, cycle_id, item_id, document_id, taken_by, taken_at, sent_at)
    SELECT id, year, kind, number, text, cycle_id, NULL, document_id, taken_by, taken_at, sent_at FROM letter_numbers;
DROP TABLE letter_numbers;
ALTER TABLE letter_numbers_new RENAME TO letter_numbers;
CREATE UNIQUE INDEX letter_numbers_held ON letter_numbers (cycle_id, kind, year) WHERE document_id IS NULL;
CREATE UNIQUE INDEX letter_numbers_document ON letter_numbers (document_id) WHERE document_id IS NOT NULL;

-- The documents of an item's exemption: 'decision' (the DOCX the bot made, `pdf_sha256` its PDF
-- where LibreOffice made one) and 'signed' (the scan of the signed decision, PDF/JPG/PNG, versions
-- 1, 2, ... as it is uploaded again). One decision per recorded consequence test (`decided_at` is
-- the item's `exempt_decided_at`): a second request gives the same document and number; a new
-- classification is a new decision. The decision row is written with its number before its files
-- are made (`sha256` NULL until then), so two presses at once share one number.
-- Never public: no page of the web site reads this table.
CREATE TABLE exemption_documents (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES info_items (id),
    kind        TEXT NOT NULL CHECK (kind IN ('decision', 'signed')),
    version     INTEGER NOT NULL CHECK (version >= 1),
    decided_at  TEXT NOT NULL CHECK (decided_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    number_id   INTEGER NOT NULL REFERENCES letter_numbers (id),
    sha256      TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
    pdf_sha256  TEXT CHECK (pdf_sha256 IS NULL OR (length(pdf_sha256) = 64 AND pdf_sha256 NOT GLOB '*[^0-9a-f]*')),
    file_name   TEXT,
    file_type   TEXT,
    created_by  INTEGER NOT NULL REFERENCES users (telegram_id),
    created_at  TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK (kind = 'decision' OR (sha256 IS NOT NULL AND pdf_sha256 IS NULL)),
    UNIQUE (item_id, kind, version)
);
CREATE UNIQUE INDEX exemption_documents_decision ON exemption_documents (item_id, decided_at) WHERE kind = 'decision';
