-- 0007: what kind of Telegram file a document's file id is (issue 12, point 13).
--
-- A draft sent as a photo has a photo's file id, which Telegram refuses in sendDocument ("can't
-- use file of type Photo as Document"); the bot then uploaded the bytes again. With the kind
-- recorded, a photo goes on as a photo (sendPhoto with its own file id).
ALTER TABLE documents ADD COLUMN telegram_file_kind TEXT NOT NULL DEFAULT 'document'
    CHECK (telegram_file_kind IN ('document', 'photo'));
