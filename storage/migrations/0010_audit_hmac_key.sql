-- 0010: the audit chain is keyed (storage/audit.py). From now on every entry's hash is an
-- HMAC-SHA256 under a secret kept in a file outside the database (AUDIT_KEY_PATH), so nobody
-- holding only the database can recompute the chain after an edit.
--
-- keyed = 0: an entry written before this migration, hashed with plain sha256 (it keeps
-- verifying as it did). keyed = 1: an HMAC entry. The first start after this migration creates
-- the key and appends one keyed "audit.keyed" entry that chains onto the last plain one, so the
-- plain entries are sealed under the key as well: rewriting any of them breaks that seal.
-- A plain entry after a keyed one is a forgery (storage/audit.py refuses it).
ALTER TABLE audit_log ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0 CHECK (keyed IN (0, 1));
