"""Reading Bot API method parameters the way Telegram does.

Parameters reach the fake either as native values (in process, from
`RequestData.parameters`) or as strings (over HTTP, from form fields, where nested objects such
as `reply_markup` are JSON strings). These helpers accept both. `UploadedFile` is one file part
of a multipart upload.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.sandbox import errors

__all__ = ["Params", "UploadedFile"]


@dataclass(frozen=True)
class UploadedFile:
    """One uploaded file part: field name, file name, MIME type and bytes."""

    field: str
    file_name: str
    mime_type: str
    data: bytes


class Params:
    """Typed access to the parameters of one call; raises 400s like Telegram on bad values."""

    def __init__(
        self,
        values: Mapping[str, Any],
        files: Mapping[str, UploadedFile] | None = None,
    ) -> None:
        self.values: dict[str, Any] = dict(values)
        self.files: dict[str, UploadedFile] = dict(files or {})

    def __contains__(self, name: str) -> bool:
        return name in self.values and self.values[name] is not None

    def raw(self, name: str) -> Any:
        """The value as received, or None."""
        return self.values.get(name)

    def get_str(self, name: str, default: str | None = None) -> str | None:
        """A string parameter (numbers are turned into their text)."""
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return "true" if value else "false"
        return value if isinstance(value, str) else str(value)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        """An integer parameter; a non-number answers 400."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return int(value)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise errors.bad_request(f'field "{name}" must be a valid Number') from None

    def get_float(self, name: str, default: float | None = None) -> float | None:
        """A float parameter; a non-number answers 400."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise errors.bad_request(f'field "{name}" must be a valid Number') from None

    def get_bool(self, name: str, default: bool = False) -> bool:
        """A boolean parameter ("true"/"false"/"1"/"0" or a JSON boolean)."""
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)

    def get_json(self, name: str) -> Any:
        """A nested object (given natively or as a JSON string); bad JSON answers 400."""
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise errors.bad_request(f"can't parse {name} JSON object") from None
        if value is None:
            return None
        # Deep copy through JSON, as if it had travelled over the wire.
        return json.loads(json.dumps(value))

    def chat_id(self, name: str = "chat_id") -> int | str:
        """A chat reference: an int id or an "@username"; missing answers "chat_id is empty"."""
        value = self.values.get(name)
        if value is None or value == "":
            raise errors.bad_request(errors.CHAT_ID_EMPTY)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if text.startswith("@"):
            return text
        try:
            return int(text)
        except ValueError:
            raise errors.bad_request(errors.CHAT_NOT_FOUND) from None
