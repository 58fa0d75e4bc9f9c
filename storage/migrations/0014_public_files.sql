-- 0014: the files the public web site serves (issue 16).
--
-- Step 7 records, in the transaction that records the channel post, one row per file that went out:
-- the published draft version's files and the File Informasi Data posted with them. The site
-- serves a file only through its `token` (128 random bits, never a path or a sequential id), and
-- only while its publication is not withdrawn and its item is active and not dikecualikan
-- (storage/public_site.py checks that on every read, so a withdrawal or a re-classification hides
-- the file at once, whatever this table still holds).
CREATE TABLE public_files (
    token          TEXT PRIMARY KEY CHECK (length(token) = 32 AND token NOT GLOB '*[^0-9a-f]*'),
    publication_id INTEGER NOT NULL REFERENCES publications (id),
    document_id    INTEGER NOT NULL REFERENCES documents (id),
    UNIQUE (publication_id, document_id)
);

-- Publications made before this migration: the files of the draft version their cycle submitted
-- last (exactly those its submission recorded, as storage/documents.py reads them) and the data
-- file that went out with them.
INSERT INTO public_files (token, publication_id, document_id)
SELECT lower(hex(randomblob(16))), p.id, d.id
FROM publications AS p JOIN documents AS d ON d.cycle_id = p.cycle_id
WHERE (
    d.kind = 'draft'
    AND d.version = (SELECT COUNT(*) FROM step_events AS e WHERE e.cycle_id = p.cycle_id AND e.action = 'draft_submitted')
    AND NOT EXISTS (
        SELECT 1 FROM step_events AS e
        WHERE e.cycle_id = d.cycle_id AND e.action = 'draft_submitted' AND json_valid(e.note)
        AND json_extract(e.note, '$.version') = d.version AND json_type(e.note, '$.files') IS NOT NULL
        AND d.id NOT IN (SELECT value FROM json_each(e.note, '$.files'))
    )
) OR (
    d.kind = 'data_file' AND d.channel_message_id IS NOT NULL
    AND d.version = (
        SELECT MAX(df.version) FROM documents AS df
        WHERE df.cycle_id = d.cycle_id AND df.kind = 'data_file' AND df.channel_message_id IS NOT NULL
    )
);
