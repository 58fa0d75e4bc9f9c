-- 0012: where a cycle's File Informasi Data was posted (issue 15, Deliver 7).
--
-- Step 6 of the SOP: the PPID Pelaksana attaches the data behind a berkala document (XLSX or CSV,
-- a `documents` row of kind 'data_file'); step 7 posts it to the public channel with the document.
-- The message it went out as is recorded here, so the public search (/cari) and the DIP export can
-- link to it. NULL: not posted (yet), or posted by a publication whose message ids are unknown.
ALTER TABLE documents ADD COLUMN channel_message_id INTEGER
    CHECK (channel_message_id IS NULL OR channel_message_id > 0);
