-- 0001_initial: the whole first schema of the PPID SOP bot.
--
-- Conventions
--   * Timestamps are TEXT, ISO-8601 UTC with whole seconds: '2026-11-28T13:06:24Z'
--     (storage/timestamps.py). The GLOB checks keep the shape exact, so that
--     comparing timestamps as text ('<=') is comparing them in time.
--   * Booleans are INTEGER 0/1 with a CHECK.
--   * Enumerations are TEXT with a CHECK listing the allowed values.
--   * Nothing is ever deleted in normal operation (rows become inactive, revoked,
--     closed or cancelled), so foreign keys keep the default NO ACTION: a row that
--     is still referenced cannot be deleted.
--   * Telegram ids (users, chats) are INTEGER; a Telegram user id is the users key.

-- Units: the OPD (regional government units) and bidang (divisions) that hold information.
CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    kind       TEXT NOT NULL CHECK (kind IN ('opd', 'bidang')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
);

-- People who talk to the bot. blocked_at: when the person blocked the bot (NULL: not blocked).
CREATE TABLE users (
    telegram_id INTEGER PRIMARY KEY,
    full_name   TEXT NOT NULL DEFAULT '',
    username    TEXT,
    language    TEXT NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en')),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    blocked_at  TEXT CHECK (blocked_at IS NULL OR blocked_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    created_at  TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
);
CREATE INDEX users_username ON users (username COLLATE NOCASE) WHERE username IS NOT NULL;

-- Role grants. A pelaksana is bound to exactly one unit per grant; the other roles are
-- office-wide and carry no unit. granted_by NULL: granted by configuration (the first admin).
-- Revoking sets revoked_at; the row stays as history.
CREATE TABLE user_roles (
    id          INTEGER PRIMARY KEY,
    telegram_id INTEGER NOT NULL REFERENCES users (telegram_id),
    role        TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'pelaksana', 'utama')),
    unit_id     INTEGER REFERENCES units (id),
    granted_by  INTEGER REFERENCES users (telegram_id),
    granted_at  TEXT NOT NULL CHECK (granted_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    revoked_by  INTEGER REFERENCES users (telegram_id),
    revoked_at  TEXT CHECK (revoked_at IS NULL OR revoked_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK ((role = 'pelaksana') = (unit_id IS NOT NULL))
);
-- One active grant per (person, role, unit). IFNULL because UNIQUE treats NULLs as distinct.
CREATE UNIQUE INDEX user_roles_one_active ON user_roles (telegram_id, role, IFNULL(unit_id, 0)) WHERE revoked_at IS NULL;
CREATE INDEX user_roles_by_unit ON user_roles (unit_id, role) WHERE revoked_at IS NULL;
CREATE INDEX user_roles_by_role ON user_roles (role) WHERE revoked_at IS NULL;

-- Single-use invite tokens for the deep link t.me/<bot>?start=<token>
-- (a start parameter is 1-64 characters of A-Z a-z 0-9 _ -).
CREATE TABLE invites (
    token      TEXT PRIMARY KEY CHECK (length(token) BETWEEN 8 AND 64 AND token NOT GLOB '*[^A-Za-z0-9_-]*'),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'pelaksana', 'utama')),
    unit_id    INTEGER REFERENCES units (id),
    created_by INTEGER REFERENCES users (telegram_id),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    expires_at TEXT NOT NULL CHECK (expires_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    used_by    INTEGER REFERENCES users (telegram_id),
    used_at    TEXT CHECK (used_at IS NULL OR used_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    revoked_at TEXT CHECK (revoked_at IS NULL OR revoked_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK ((role = 'pelaksana') = (unit_id IS NOT NULL)),
    CHECK ((used_by IS NULL) = (used_at IS NULL))
);

-- The DIP register (Daftar Informasi Publik): one row per information item.
--   summary          ringkasan isi informasi
--   unit_id          pejabat/unit penguasa informasi (holding unit)
--   responsible      penanggung jawab
--   made_time_place  waktu dan tempat pembuatan informasi
--   form             bentuk informasi yang tersedia: soft copy, hard copy, or both
--   retention        jangka waktu penyimpanan
-- plus category, period (berkala only), legal basis (dikecualikan only), status,
-- and the schedule: last_published_at / next_due_at, which the reminder sweep reads.
CREATE TABLE info_items (
    id                INTEGER PRIMARY KEY,
    summary           TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    unit_id           INTEGER NOT NULL REFERENCES units (id),
    responsible       TEXT NOT NULL DEFAULT '',
    made_time_place   TEXT NOT NULL DEFAULT '',
    form              TEXT NOT NULL DEFAULT 'soft' CHECK (form IN ('soft', 'hard', 'both')),
    retention         TEXT NOT NULL DEFAULT '',
    category          TEXT NOT NULL CHECK (category IN ('berkala', 'serta_merta', 'setiap_saat', 'dikecualikan')),
    period            TEXT CHECK (period IS NULL OR period IN ('monthly', 'quarterly', 'semester', 'yearly')),
    legal_basis       TEXT,
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    last_published_at TEXT CHECK (last_published_at IS NULL OR last_published_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    next_due_at       TEXT CHECK (next_due_at IS NULL OR next_due_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    reminders_paused  INTEGER NOT NULL DEFAULT 0 CHECK (reminders_paused IN (0, 1)),
    created_at        TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    updated_at        TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    -- berkala information is refreshed on a period (at most a semester: the sweep's business).
    CHECK (category <> 'berkala' OR period IS NOT NULL),
    -- exempt information needs its stated legal basis (UU 14/2008 art. 17 consequence test).
    CHECK (category <> 'dikecualikan' OR length(trim(IFNULL(legal_basis, ''))) > 0)
);
CREATE INDEX info_items_due ON info_items (next_due_at) WHERE status = 'active' AND next_due_at IS NOT NULL;
CREATE INDEX info_items_stale ON info_items (last_published_at) WHERE status = 'active';
CREATE INDEX info_items_unit ON info_items (unit_id);

-- One run of the 7-step SOP for an item. opened_by NULL: opened automatically by the sweep.
-- step_deadline_at NULL: the step has no deadline (e.g. step 6 of a serta merta cycle).
CREATE TABLE update_cycles (
    id               INTEGER PRIMARY KEY,
    item_id          INTEGER NOT NULL REFERENCES info_items (id),
    kind             TEXT NOT NULL CHECK (kind IN ('berkala', 'serta_merta')),
    current_step     INTEGER NOT NULL DEFAULT 1 CHECK (current_step BETWEEN 1 AND 7),
    state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'published', 'cancelled')),
    opened_by        INTEGER REFERENCES users (telegram_id),
    opened_at        TEXT NOT NULL CHECK (opened_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    step_started_at  TEXT NOT NULL CHECK (step_started_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    step_deadline_at TEXT CHECK (step_deadline_at IS NULL OR step_deadline_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    closed_at        TEXT CHECK (closed_at IS NULL OR closed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    -- an open cycle has no closing time; a closed one (published/cancelled) has one.
    CHECK ((state = 'open') = (closed_at IS NULL))
);
-- At most one open cycle per item: a sweep (or a double tap) cannot open a second one.
CREATE UNIQUE INDEX update_cycles_one_open ON update_cycles (item_id) WHERE state = 'open';
CREATE INDEX update_cycles_item ON update_cycles (item_id, opened_at);
CREATE INDEX update_cycles_deadline ON update_cycles (step_deadline_at) WHERE state = 'open';

-- The cycle's history, one row per thing that happened at a step; read in id order it is
-- the filled-in SOP table (who, when, Kelengkapan, Output). on_time: finished within Waktu.
CREATE TABLE step_events (
    id          INTEGER PRIMARY KEY,
    cycle_id    INTEGER NOT NULL REFERENCES update_cycles (id),
    step_no     INTEGER NOT NULL CHECK (step_no BETWEEN 1 AND 7),
    action      TEXT NOT NULL CHECK (length(action) > 0),
    actor_id    INTEGER REFERENCES users (telegram_id),
    at          TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    kelengkapan TEXT,
    output      TEXT,
    note        TEXT,
    on_time     INTEGER CHECK (on_time IS NULL OR on_time IN (0, 1))
);
CREATE INDEX step_events_cycle ON step_events (cycle_id, id);

-- Stored files of a cycle. The bytes live in the content-addressed file store
-- (storage/files.py) at stored_path = ab/cd/<sha256>. A version groups several files:
-- version counts per (cycle, kind), e.g. draft version 2 = every draft row with version 2.
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
    uploaded_at      TEXT NOT NULL CHECK (uploaded_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    -- the same file cannot be in one version twice
    UNIQUE (cycle_id, kind, version, sha256)
);
CREATE INDEX documents_sha256 ON documents (sha256);

-- Coordination report of step 2: who was asked when (with which letter), who acknowledged when.
CREATE TABLE coordination (
    id                 INTEGER PRIMARY KEY,
    cycle_id           INTEGER NOT NULL REFERENCES update_cycles (id),
    letter_document_id INTEGER REFERENCES documents (id),
    asked_user_id      INTEGER NOT NULL REFERENCES users (telegram_id),
    asked_at           TEXT NOT NULL CHECK (asked_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    acknowledged_at    TEXT CHECK (acknowledged_at IS NULL OR acknowledged_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
);
CREATE INDEX coordination_cycle ON coordination (cycle_id);
CREATE INDEX coordination_asked ON coordination (asked_user_id) WHERE acknowledged_at IS NULL;

-- Step 4 decisions of PPID Utama on a draft version.
--   approved       final: the draft version is verified (category/legal_basis may confirm
--                  the final classification; NULL = the item's category stands).
--   returned       final: back to step 3; reason required.
--   recategorised  NOT final: the verifier changes the category (dikecualikan needs a legal
--                  basis) and still has to approve or return the same draft version.
-- So "recategorise, then approve" is two rows: any number of 'recategorised' rows, then
-- exactly one final row. The partial unique index below makes a second final decision on
-- the same (cycle, draft version) impossible - two verifiers tapping at once, or a
-- replayed button - and a trigger refuses a recategorisation after the final decision.
-- A returned draft is resubmitted as a new version, which gets its own final decision.
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

-- Step 7: where a cycle's result was announced. One publication per cycle.
CREATE TABLE publications (
    id                 INTEGER PRIMARY KEY,
    cycle_id           INTEGER NOT NULL UNIQUE REFERENCES update_cycles (id),
    item_id            INTEGER NOT NULL REFERENCES info_items (id),
    channel_chat_id    INTEGER NOT NULL,
    channel_message_id INTEGER NOT NULL,
    published_by       INTEGER NOT NULL REFERENCES users (telegram_id),
    published_at       TEXT NOT NULL CHECK (published_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
);
CREATE INDEX publications_item ON publications (item_id, published_at);

-- Every reminder sent, so that nothing is ever sent twice. kind: 'before_3', 'before_1',
-- 'due', 'overdue', 'escalation', 'hourly', 'item_stale', ...; due_key: the date or hour
-- slot the reminder is for. Cycle reminders set cycle_id (and step_no); item reminders
-- (item_stale) set item_id. The unique index wraps the nullable columns in IFNULL
-- because UNIQUE treats NULLs as distinct, and includes item_id so that two stale items
-- do not collide on the same day.
CREATE TABLE reminders (
    id           INTEGER PRIMARY KEY,
    cycle_id     INTEGER REFERENCES update_cycles (id),
    item_id      INTEGER REFERENCES info_items (id),
    step_no      INTEGER CHECK (step_no IS NULL OR step_no BETWEEN 1 AND 7),
    recipient_id INTEGER NOT NULL REFERENCES users (telegram_id),
    kind         TEXT NOT NULL CHECK (length(kind) > 0),
    due_key      TEXT NOT NULL CHECK (length(due_key) > 0),
    sent_at      TEXT NOT NULL CHECK (sent_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
);
CREATE UNIQUE INDEX reminders_once ON reminders (
    recipient_id, IFNULL(cycle_id, 0), IFNULL(item_id, 0), IFNULL(step_no, 0), kind, due_key
);
CREATE INDEX reminders_cycle ON reminders (cycle_id) WHERE cycle_id IS NOT NULL;
CREATE INDEX reminders_item ON reminders (item_id) WHERE item_id IS NOT NULL;

-- PTB persistence (JSON, never pickle), kept by bot/ through storage/kv.py.
-- conversation_state: ConversationHandler name + JSON-encoded key -> JSON state.
CREATE TABLE conversation_state (
    name       TEXT NOT NULL,
    key        TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (json_valid(state)),
    updated_at TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    PRIMARY KEY (name, key)
) WITHOUT ROWID;

-- kv_state: namespace ('user_data', 'chat_data', 'bot_data', 'callback_data', ...) + key -> JSON.
CREATE TABLE kv_state (
    namespace  TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL CHECK (json_valid(value)),
    updated_at TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    PRIMARY KEY (namespace, key)
) WITHOUT ROWID;

-- Tamper-evident, append-only audit log (storage/audit.py). Each row's hash is
-- sha256(prev_hash || canonical JSON of the row); the first prev_hash is 64 zeros.
-- AUTOINCREMENT: ids are never reused, so a deleted row leaves a detectable gap, and
-- sqlite_sequence remembers the highest id ever given (a deleted last row shows too).
-- No foreign key on actor_id: the log must outlive and record anything.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    actor_id    INTEGER,
    action      TEXT NOT NULL CHECK (length(action) > 0),
    entity_type TEXT NOT NULL CHECK (length(entity_type) > 0),
    entity_id   TEXT,
    details     TEXT NOT NULL CHECK (json_valid(details)),
    prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'),
    hash        TEXT NOT NULL UNIQUE CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*')
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);

CREATE TRIGGER audit_log_no_update
BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused');
END;

CREATE TRIGGER audit_log_no_delete
BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused');
END;
