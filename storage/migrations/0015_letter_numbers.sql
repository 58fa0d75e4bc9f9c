-- letter_numbers (0015): the numbers of the letters the bot writes from the office's templates
-- (issue 17), a per-year counter for each kind of letter, never given twice.
--
-- A number is taken when the letter is first previewed (the preview must show the very letter
-- that goes out, number included) and held for that cycle: a cancelled preview keeps it, and the
-- next preview of the same cycle in the same year shows the same number again, so cancelling
-- burns nothing. `document_id` and `sent_at` are filled in the transaction that records the sent
-- letter. A number whose cycle never sent its letter (the cycle cancelled meanwhile) stays on the
-- record, unsent: the gap in the series is explained, never filled by another letter.
CREATE TABLE letter_numbers (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    kind        TEXT NOT NULL CHECK (length(kind) > 0),
    number      INTEGER NOT NULL CHECK (number >= 1),
    text        TEXT NOT NULL CHECK (length(text) > 0),  -- as printed on the letter (LETTER_NUMBER_FORMAT)
    cycle_id    INTEGER NOT NULL REFERENCES update_cycles (id),
    document_id INTEGER REFERENCES documents (id),
    taken_by    INTEGER NOT NULL REFERENCES users (telegram_id),
    taken_at    TEXT NOT NULL CHECK (taken_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    sent_at     TEXT CHECK (sent_at IS NULL OR sent_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK ((document_id IS NULL) = (sent_at IS NULL)),
    UNIQUE (year, kind, number)
);
-- One number held (not yet sent) per cycle, kind and year: a second preview reuses it.
CREATE UNIQUE INDEX letter_numbers_held ON letter_numbers (cycle_id, kind, year) WHERE document_id IS NULL;
-- A letter carries one number.
CREATE UNIQUE INDEX letter_numbers_document ON letter_numbers (document_id) WHERE document_id IS NOT NULL;
