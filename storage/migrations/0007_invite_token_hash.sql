-- 0007: invites keep only a hash of their token (issue 12, point 7).
--
-- A copy of the database (a backup, a stolen file) must not hold a working invite link. The
-- table is rebuilt (SQLite's 12-step ALTER) with the SHA-256 of each token, in hex, instead of the
-- token (sha256_hex is registered on the connection by storage.database.open_database, and
-- computes what storage.invites.hash_token does), and an integer id that buttons and the audit
-- log use to name an invite. Open invites made before keep working: their links hash to the same
-- value. Nothing references invites, and invites reference only users and units.
CREATE TABLE invites_hashed (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
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

INSERT INTO invites_hashed (token_hash, role, unit_id, created_by, created_at, expires_at, used_by, used_at, revoked_at)
SELECT sha256_hex(token), role, unit_id, created_by, created_at, expires_at, used_by, used_at, revoked_at
FROM invites ORDER BY created_at, token;

DROP TABLE invites;
ALTER TABLE invites_hashed RENAME TO invites;

-- /undang lists the open invites; deactivating or demoting an admin revokes theirs.
CREATE INDEX invites_open_by_creator ON invites (created_by, expires_at) WHERE used_at IS NULL AND revoked_at IS NULL;
