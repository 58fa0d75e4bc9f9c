"""`python -m bot.sandbox [--port N]`: serve a fake Telegram Bot API on 127.0.0.1 until killed.

Prints one JSON line with `base_url`, `base_file_url`, `token` and `control_url`.
"""

from __future__ import annotations

import sys

from bot.sandbox.server import main

if __name__ == "__main__":
    sys.exit(main())
