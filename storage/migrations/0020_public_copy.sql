-- 0020: the public copy of a draft file (issue 17, Deliver 5).
--
-- Step 7 posts, and the web site serves, a PDF in place of a DOCX, ODT or XLSX draft file: made
-- by LibreOffice at the preview, or uploaded by the operator where it cannot be made. It is a
-- document of kind 'published' of the draft's version; this column names the draft file it
-- stands for (NULL for every other document). The draft file itself stays in the record.
ALTER TABLE documents ADD COLUMN source_document_id INTEGER REFERENCES documents (id);

-- Step 7 looks up the copies of a draft version's files by their source.
CREATE INDEX documents_source ON documents (source_document_id) WHERE source_document_id IS NOT NULL;
