-- 0007: withdrawing a publication ("Tarik publikasi"), and every channel message a publication posted.
--
-- A publication stays in the table when it is withdrawn (the history keeps it); withdrawn_at,
-- withdrawn_by and withdrawal_reason say when, by whom and why. A withdrawn publication makes
-- nothing public: the public search (storage/public_search.py), the DIP export's last publication
-- (storage/exports.py) and info_items.last_published_at count only publications not withdrawn.
--
-- channel_messages holds every message step 7 posted to the channel (the serta merta
-- announcement and each file), written as they are posted, so a withdrawal can delete them all;
-- publications.channel_message_id keeps only the first. Publications made before this migration
-- had their first message recorded only: it is copied here.
ALTER TABLE publications ADD COLUMN withdrawn_at TEXT
    CHECK (withdrawn_at IS NULL OR withdrawn_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z');
ALTER TABLE publications ADD COLUMN withdrawn_by INTEGER REFERENCES users (telegram_id);
ALTER TABLE publications ADD COLUMN withdrawal_reason TEXT
    CHECK (withdrawal_reason IS NULL OR length(withdrawal_reason) > 0);

CREATE TABLE channel_messages (
    id         INTEGER PRIMARY KEY,
    cycle_id   INTEGER NOT NULL REFERENCES update_cycles (id),
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL CHECK (message_id > 0),
    posted_at  TEXT NOT NULL CHECK (posted_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    UNIQUE (chat_id, message_id)
);
CREATE INDEX channel_messages_cycle ON channel_messages (cycle_id, message_id);

INSERT INTO channel_messages (cycle_id, chat_id, message_id, posted_at)
SELECT cycle_id, channel_chat_id, channel_message_id, published_at FROM publications WHERE channel_message_id > 0;
