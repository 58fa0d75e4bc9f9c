-- 0011: nothing caps the number of SOP steps (issue 14): an office's SOP file may have more
-- steps than the shipped one's 7 (bot/sop.py and bot/step_kinds.py say what the engine runs).
--
-- The step number was capped to 1..7 by CHECKs in update_cycles.current_step,
-- step_events.step_no and reminders.step_no; each now says only ">= 1". Every other column,
-- constraint, foreign key, index and trigger is as before, rows and ids unchanged.
--
-- update_cycles is the parent of seven tables, and with foreign keys on (they are, and cannot be
-- switched off inside the migration's transaction) dropping a parent that rows still reference
-- fails at commit. So the whole family is rebuilt: its rows are held in temporary tables, the
-- old tables are dropped children first, the new ones created and filled parents first, then
-- their indexes and the reviews trigger are made again.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE held_update_cycles AS SELECT * FROM update_cycles;
CREATE TEMP TABLE held_step_events AS SELECT * FROM step_events;
CREATE TEMP TABLE held_documents AS SELECT * FROM documents;
CREATE TEMP TABLE held_coordination AS SELECT * FROM coordination;
CREATE TEMP TABLE held_reviews AS SELECT * FROM reviews;
CREATE TEMP TABLE held_publications AS SELECT * FROM publications;
CREATE TEMP TABLE held_reminders AS SELECT * FROM reminders;
CREATE TEMP TABLE held_channel_messages AS SELECT * FROM channel_messages;

DROP TRIGGER reviews_no_recategorise_after_final;
DROP TABLE channel_messages;
DROP TABLE reminders;
DROP TABLE publications;
DROP TABLE reviews;
DROP TABLE coordination;
DROP TABLE documents;
DROP TABLE step_events;
DROP TABLE update_cycles;

CREATE TABLE update_cycles (
    id               INTEGER PRIMARY KEY,
    item_id          INTEGER NOT NULL REFERENCES info_items (id),
    kind             TEXT NOT NULL CHECK (kind IN ('berkala', 'serta_merta')),
    current_step     INTEGER NOT NULL DEFAULT 1 CHECK (current_step >= 1),
    state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'published', 'cancelled')),
    opened_by        INTEGER REFERENCES users (telegram_id),
    opened_at        TEXT NOT NULL CHECK (opened_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    step_started_at  TEXT NOT NULL CHECK (step_started_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    step_deadline_at TEXT CHECK (step_deadline_at IS NULL OR step_deadline_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    closed_at        TEXT CHECK (closed_at IS NULL OR closed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'), due_at TEXT
    CHECK (due_at IS NULL OR due_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    -- an open cycle has no closing time; a closed one (published/cancelled) has one.
    CHECK ((state = 'open') = (closed_at IS NULL))
);
INSERT INTO update_cycles SELECT * FROM held_update_cycles;
DROP TABLE held_update_cycles;

CREATE TABLE step_events (
    id          INTEGER PRIMARY KEY,
    cycle_id    INTEGER NOT NULL REFERENCES update_cycles (id),
    step_no     INTEGER NOT NULL CHECK (step_no >= 1),
    action      TEXT NOT NULL CHECK (length(action) > 0),
    actor_id    INTEGER REFERENCES users (telegram_id),
    at          TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    kelengkapan TEXT,
    output      TEXT,
    note        TEXT,
    on_time     INTEGER CHECK (on_time IS NULL OR on_time IN (0, 1))
);
INSERT INTO step_events SELECT * FROM held_step_events;
DROP TABLE held_step_events;

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    cycle_id         INTEGER NOT NULL REFERENCES update_cycles (id),
    kind             TEXT NOT NULL CHECK (kind IN ('coordination_letter', 'draft', 'data_file', 'published')),
    version          INTEGER NOT NULL CHECK (version >= 1),
    sha256           TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size             INTEGER NOT NULL CHECK (size >= 0),
    detected_type    TEXT,
    original_name    TEXT NOT NULL,
    stored_path      TEXT NOT NULL,
    telegram_file_id TEXT,
    uploaded_by      INTEGER NOT NULL REFERENCES users (telegram_id),
    uploaded_at      TEXT NOT NULL CHECK (uploaded_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'), telegram_file_kind TEXT NOT NULL DEFAULT 'document'
    CHECK (telegram_file_kind IN ('document', 'photo')),
    -- the same file cannot be in one version twice
    UNIQUE (cycle_id, kind, version, sha256)
);
INSERT INTO documents SELECT * FROM held_documents;
DROP TABLE held_documents;

CREATE TABLE coordination (
    id                 INTEGER PRIMARY KEY,
    cycle_id           INTEGER NOT NULL REFERENCES update_cycles (id),
    letter_document_id INTEGER REFERENCES documents (id),
    asked_user_id      INTEGER NOT NULL REFERENCES users (telegram_id),
    asked_at           TEXT NOT NULL CHECK (asked_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    acknowledged_at    TEXT CHECK (acknowledged_at IS NULL OR acknowledged_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
);
INSERT INTO coordination SELECT * FROM held_coordination;
DROP TABLE held_coordination;

CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    cycle_id      INTEGER NOT NULL REFERENCES update_cycles (id),
    draft_version INTEGER NOT NULL CHECK (draft_version >= 1),
    reviewer_id   INTEGER NOT NULL REFERENCES users (telegram_id),
    decision      TEXT NOT NULL CHECK (decision IN ('approved', 'returned', 'recategorised')),
    category      TEXT CHECK (category IS NULL OR category IN ('berkala', 'serta_merta', 'setiap_saat', 'dikecualikan')),
    legal_basis   TEXT,
    reason        TEXT,
    decided_at    TEXT NOT NULL CHECK (decided_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK (decision <> 'returned' OR length(trim(IFNULL(reason, ''))) > 0),
    CHECK (decision <> 'recategorised' OR category IS NOT NULL),
    CHECK (IFNULL(category, '') <> 'dikecualikan' OR length(trim(IFNULL(legal_basis, ''))) > 0)
);
INSERT INTO reviews SELECT * FROM held_reviews;
DROP TABLE held_reviews;

CREATE TABLE publications (
    id                 INTEGER PRIMARY KEY,
    cycle_id           INTEGER NOT NULL UNIQUE REFERENCES update_cycles (id),
    item_id            INTEGER NOT NULL REFERENCES info_items (id),
    channel_chat_id    INTEGER NOT NULL,
    channel_message_id INTEGER NOT NULL,
    published_by       INTEGER NOT NULL REFERENCES users (telegram_id),
    published_at       TEXT NOT NULL CHECK (published_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
, withdrawn_at TEXT
    CHECK (withdrawn_at IS NULL OR withdrawn_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'), withdrawn_by INTEGER REFERENCES users (telegram_id), withdrawal_reason TEXT
    CHECK (withdrawal_reason IS NULL OR length(withdrawal_reason) > 0));
INSERT INTO publications SELECT * FROM held_publications;
DROP TABLE held_publications;

CREATE TABLE reminders (
    id           INTEGER PRIMARY KEY,
    cycle_id     INTEGER REFERENCES update_cycles (id),
    item_id      INTEGER REFERENCES info_items (id),
    step_no      INTEGER CHECK (step_no IS NULL OR step_no >= 1),
    recipient_id INTEGER NOT NULL REFERENCES users (telegram_id),
    kind         TEXT NOT NULL CHECK (length(kind) > 0),
    due_key      TEXT NOT NULL CHECK (length(due_key) > 0),
    claimed_at   TEXT NOT NULL CHECK (claimed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    sent_at      TEXT CHECK (sent_at IS NULL OR sent_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    -- why it will never be sent (e.g. 'blocked': the person blocked the bot)
    dropped      TEXT CHECK (dropped IS NULL OR length(dropped) > 0)
);
INSERT INTO reminders SELECT * FROM held_reminders;
DROP TABLE held_reminders;

CREATE TABLE channel_messages (
    id         INTEGER PRIMARY KEY,
    cycle_id   INTEGER NOT NULL REFERENCES update_cycles (id),
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL CHECK (message_id > 0),
    posted_at  TEXT NOT NULL CHECK (posted_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    UNIQUE (chat_id, message_id)
);
INSERT INTO channel_messages SELECT * FROM held_channel_messages;
DROP TABLE held_channel_messages;

CREATE UNIQUE INDEX update_cycles_one_open ON update_cycles (item_id) WHERE state = 'open';
CREATE INDEX update_cycles_item ON update_cycles (item_id, opened_at);
CREATE INDEX update_cycles_deadline ON update_cycles (step_deadline_at) WHERE state = 'open';
CREATE INDEX update_cycles_open ON update_cycles (id) WHERE state = 'open';
CREATE INDEX update_cycles_due ON update_cycles (due_at, item_id, state) WHERE due_at IS NOT NULL;
CREATE INDEX update_cycles_serta_merta ON update_cycles (opened_at) WHERE kind = 'serta_merta';
CREATE INDEX step_events_cycle ON step_events (cycle_id, id);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX coordination_cycle ON coordination (cycle_id);
CREATE INDEX coordination_asked ON coordination (asked_user_id) WHERE acknowledged_at IS NULL;
CREATE UNIQUE INDEX reviews_one_final ON reviews (cycle_id, draft_version) WHERE decision IN ('approved', 'returned');
CREATE INDEX reviews_cycle ON reviews (cycle_id, draft_version, id);
CREATE TRIGGER reviews_no_recategorise_after_final
BEFORE INSERT ON reviews
WHEN NEW.decision = 'recategorised' AND EXISTS (
    SELECT 1 FROM reviews
    WHERE cycle_id = NEW.cycle_id AND draft_version = NEW.draft_version AND decision IN ('approved', 'returned')
)
BEGIN
    SELECT RAISE(ABORT, 'reviews: this draft version already has its final decision');
END;
CREATE INDEX publications_item ON publications (item_id, published_at);
CREATE INDEX publications_at ON publications (published_at);
CREATE UNIQUE INDEX reminders_once ON reminders (
    recipient_id, IFNULL(cycle_id, 0), IFNULL(item_id, 0), IFNULL(step_no, 0), kind, due_key
);
CREATE INDEX reminders_cycle ON reminders (cycle_id) WHERE cycle_id IS NOT NULL;
CREATE INDEX reminders_item ON reminders (item_id) WHERE item_id IS NOT NULL;
CREATE INDEX reminders_unsent ON reminders (id) WHERE sent_at IS NULL AND dropped IS NULL;
CREATE INDEX channel_messages_cycle ON channel_messages (cycle_id, message_id);
