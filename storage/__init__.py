"""Storage layer of the PPID SOP bot: SQLite (aiosqlite), migrations, audit log, file store.

Layers go ``handlers -> bot -> storage``: nothing here imports ``telegram``,
``handlers`` or ``bot``.

Modules
-------
* :mod:`storage.database`   - :func:`open_database`, :class:`Database` (PRAGMAs, the writer
  lock, ``transaction()``, committed-only read helpers).
* :mod:`storage.migrations` - numbered SQL files and :func:`apply_migrations`.
* :mod:`storage.timestamps` - the stored timestamp form (``2026-11-28T13:06:24Z``).
* :mod:`storage.audit`      - :class:`AuditLog`, the keyed hash-chained append-only log, its key file.
* :mod:`storage.errors`     - :class:`StorageError`, a refusal said in Indonesian and English.
* :mod:`storage.files`      - :class:`FileStore`, content-addressed atomic file storage.
* :mod:`storage.users`      - :class:`UserRepository` (users, role grants).
* :mod:`storage.kv`         - :class:`KeyValueStore`, :class:`ConversationStore` (PTB persistence).
* :mod:`storage.sqlite_errors` - recognising SQLite's failures (damage, full disk, busy, cannot open),
  :class:`DatabaseDamaged`.
* :mod:`storage.integrity`  - ``PRAGMA quick_check`` at start, ``integrity_check`` of copies.
* :mod:`storage.backup_folder` - what a backup is: its folder, signed manifest, verified copies.
* :mod:`storage.backup`     - :func:`backup`, a consistent copy while the bot runs.
* :mod:`storage.restore_checks` - what a backup must pass before it is restored.
* :mod:`storage.restore`    - :func:`restore`: checked, staged, swapped in, nothing deleted.

The repository pattern (one pattern, used everywhere)
-----------------------------------------------------
A repository is constructed with the :class:`Database` (and optionally a clock).

* **Methods that change state take ``conn`` as their first argument**: the
  connection yielded by the caller's ``db.transaction()``. They never open,
  commit or roll back a transaction themselves. The caller - the workflow in
  ``bot/`` - decides what belongs together, so a workflow change, its history
  and its one audit entry commit or roll back as one::

      async with db.transaction() as conn:
          await users.grant_role(conn, telegram_id=uid, role="operator", granted_by=admin_id)
          await audit.append(conn, actor_id=admin_id, action="role.grant",
                             entity_type="user", entity_id=uid, details={"role": "operator"})

* **Methods that only read take no connection**: they go through
  ``db.fetch_one``/``db.fetch_all``. Outside a transaction these see committed
  data only (they wait for another task's open transaction to end); inside the
  caller's own transaction they run at once and see its uncommitted writes.

* Writes take an optional ``at: datetime`` (aware) and otherwise use the
  repository's clock; datetimes are stored as UTC text and returned as aware
  datetimes.

Constraint violations surface as ``sqlite3.IntegrityError`` (and abort the
caller's transaction if it lets them propagate).
"""
