"""Decoding HTTP request bodies the Bot API accepts: query strings, form-urlencoded,
multipart/form-data (with file parts) and JSON.
"""

from __future__ import annotations

import json
from email.message import Message
from email.utils import collapse_rfc2231_value
from typing import Any
from urllib.parse import parse_qsl

from bot.sandbox.params import UploadedFile

__all__ = ["parse_body", "parse_query"]


def parse_query(query: str) -> dict[str, Any]:
    """Parameters from a URL query string."""
    return dict(parse_qsl(query, keep_blank_values=True))


def _header_params(value: str) -> Message:
    message = Message()
    message["content-type"] = value
    return message


def parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Parameters and uploaded files from a request body; raises ValueError if malformed."""
    if not body:
        return {}, {}
    header = _header_params(content_type or "")
    kind = header.get_content_type()
    if kind == "application/json":
        decoded = json.loads(body.decode("utf-8"))
        if not isinstance(decoded, dict):
            raise ValueError("JSON body must be an object")
        return decoded, {}
    if kind == "multipart/form-data":
        boundary = header.get_param("boundary")
        if not isinstance(boundary, str) or not boundary:
            raise ValueError("multipart body without boundary")
        return _parse_multipart(body, boundary.encode("latin-1"))
    # application/x-www-form-urlencoded (and anything else a client might send)
    return parse_query(body.decode("utf-8")), {}


def _parse_multipart(
    body: bytes, boundary: bytes
) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    values: dict[str, Any] = {}
    files: dict[str, UploadedFile] = {}
    delimiter = b"--" + boundary
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break  # closing delimiter
        chunk = chunk.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, separator, content = chunk.partition(b"\r\n\r\n")
        if not separator:
            raise ValueError("multipart part without headers")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = Message()
        disposition["content-disposition"] = headers.get("content-disposition", "")
        field = _param(disposition, "name")
        file_name = _param(disposition, "filename")
        if not isinstance(field, str):
            raise ValueError("multipart part without a name")
        if isinstance(file_name, str):
            mime_type = headers.get("content-type", "application/octet-stream")
            files[field] = UploadedFile(field, file_name, mime_type, content)
        else:
            values[field] = content.decode("utf-8")
    return values, files


def _param(disposition: Message, name: str) -> str | None:
    value = disposition.get_param(name, header="content-disposition")
    if value is None:
        return None
    return collapse_rfc2231_value(value) if isinstance(value, tuple) else str(value)
