"""Where the tests find LibreOffice, and the mark that skips a test without it."""

from __future__ import annotations

import shutil

import pytest

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="install Debian's libreoffice-writer-nogui")
