-- Reminders are claimed before they are sent and marked sent after: a crash between the two
-- leaves a claimed, unsent reminder that the next start sends (never lost), and the unique key
-- still stops a second claim of the same reminder (never sent twice by the sweep).
CREATE TABLE reminders_new (
    id           INTEGER PRIMARY KEY,
    cycle_id     INTEGER REFERENCES update_cycles (id),
    item_id      INTEGER REFERENCES info_items (id),
    step_no      INTEGER CHECK (step_no IS NULL OR step_no BETWEEN 1 AND 7),
    recipient_id INTEGER NOT NULL REFERENCES users (telegram_id),
    kind         TEXT NOT NULL CHECK (length(kind) > 0),
    due_key      TEXT NOT NULL CHECK (length(due_key) > 0),
    claimed_at   TEXT NOT NULL CHECK (claimed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    sent_at      TEXT CHECK (sent_at IS NULL OR sent_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    -- why it will never be sent (e.g. 'blocked': the person blocked the bot)
    dropped      TEXT CHECK (dropped IS NULL OR length(dropped) > 0)
);
INSERT INTO reminders_new (id, cycle_id, item_id, step_no, recipient_id, kind, due_key, claimed_at, sent_at)
    SELECT id, cycle_id, item_id, step_no, recipient_id, kind, due_key, sent_at, sent_at FROM reminders;
DROP TABLE reminders;
ALTER TABLE reminders_new RENAME TO reminders;
CREATE UNIQUE INDEX reminders_once ON reminders (
    recipient_id, IFNULL(cycle_id, 0), IFNULL(item_id, 0), IFNULL(step_no, 0), kind, due_key
);
CREATE INDEX reminders_cycle ON reminders (cycle_id) WHERE cycle_id IS NOT NULL;
CREATE INDEX reminders_item ON reminders (item_id) WHERE item_id IS NOT NULL;
CREATE INDEX reminders_pending ON reminders (recipient_id) WHERE sent_at IS NULL AND dropped IS NULL;
