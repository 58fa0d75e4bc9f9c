"""Files: users' uploads downloadable through getFile, size limits, the bot's uploads."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram.error import BadRequest, NetworkError
from telegram.ext import ExtBot

from bot.sandbox import FakeTelegram, SimUser

MB = 1024 * 1024


async def test_users_document_is_downloadable(fake: FakeTelegram, siti: SimUser, bot: ExtBot[None]) -> None:
    """...and the fake notes each download (`FakeTelegram.downloads`, for `bench.floor`)."""
    content = b"%PDF-1.7 draf dokumen"
    update = siti.send_document(content, "draf.pdf", caption="Draf v1")
    document = update["message"]["document"]
    assert document["file_name"] == "draf.pdf"
    assert document["mime_type"] == "application/pdf"
    assert document["file_size"] == len(content)
    assert update["message"]["caption"] == "Draf v1"
    telegram_file = await bot.get_file(document["file_id"])
    assert telegram_file.file_size == len(content)
    assert telegram_file.file_path == (
        f"https://api.telegram.org/file/bot{bot.token}/documents/"
        f"{telegram_file.file_path.rsplit('/', 1)[-1]}"  # type: ignore[union-attr]
    )
    assert fake.downloads == []  # getFile alone downloads nothing
    assert bytes(await telegram_file.download_as_bytearray()) == content
    assert fake.downloads == [f"documents/{telegram_file.file_path.rsplit('/', 1)[-1]}"]  # type: ignore[union-attr]


async def test_users_photo_has_sizes(fake: FakeTelegram, siti: SimUser, bot: ExtBot[None]) -> None:
    update = siti.send_photo(b"jpeg-bytes", caption="foto kegiatan")
    sizes = update["message"]["photo"]
    assert len(sizes) == 2
    assert sizes[0]["width"] < sizes[-1]["width"]
    telegram_file = await bot.get_file(sizes[-1]["file_id"])
    assert bytes(await telegram_file.download_as_bytearray()) == b"jpeg-bytes"


async def test_file_over_20_mb_is_too_big(siti: SimUser, bot: ExtBot[None]) -> None:
    update = siti.send_document(b"\0" * (21 * MB), "besar.zip")
    with pytest.raises(BadRequest, match="^File is too big$"):
        await bot.get_file(update["message"]["document"]["file_id"])


async def test_self_hosted_server_allows_bigger_downloads() -> None:
    fake = FakeTelegram(max_download_size=2000 * MB)
    person = fake.user(1001, "Siti")
    data = b"\1" * (21 * MB)
    file_id = person.send_document(data, "besar.zip")["message"]["document"]["file_id"]
    async with fake.make_bot() as bot:
        telegram_file = await bot.get_file(file_id)
        assert len(await telegram_file.download_as_bytearray()) == len(data)


async def test_local_mode_answers_absolute_paths(tmp_path: Path) -> None:
    fake = FakeTelegram(local_files_dir=tmp_path)
    person = fake.user(1001, "Siti")
    data = b"\2" * (21 * MB)
    file_id = person.send_document(data, "besar.zip")["message"]["document"]["file_id"]
    async with fake.make_bot() as bot:
        telegram_file = await bot.get_file(file_id)
        path = Path(telegram_file.file_path or "")
        assert path.is_absolute() and path.is_relative_to(tmp_path)
        assert await telegram_file.download_as_bytearray() == data


async def test_invalid_file_id(bot: ExtBot[None]) -> None:
    with pytest.raises(BadRequest, match="^Invalid file_id$"):
        await bot.get_file("nope")


async def test_bot_upload_is_stored_and_resendable(
    fake: FakeTelegram, siti: SimUser, bot: ExtBot[None]
) -> None:
    channel = fake.channel(-100123, "Pengumuman", username="ppid_info")
    sent = await bot.send_document(siti.id, b"isi surat", filename="surat.pdf",
                                   caption="Surat koordinasi")
    assert sent.document is not None
    file_id = sent.document.file_id
    assert fake.file_bytes(file_id) == b"isi surat"
    assert siti.documents()[0]["file_name"] == "surat.pdf"
    upload = fake.calls_to("sendDocument")[-1]
    assert upload.files == {"document": ("surat.pdf", len(b"isi surat"))}
    again = await bot.send_document("@ppid_info", file_id)
    assert again.document is not None and again.document.file_id == file_id
    assert channel.last_post()["document"]["file_id"] == file_id  # type: ignore[index]
    with pytest.raises(BadRequest, match="^Wrong file identifier/http url specified$"):
        await bot.send_document(siti.id, "BQACunknown")
    with pytest.raises(BadRequest, match="^Can't use file of type document as photo$"):
        await bot.send_photo(siti.id, file_id)


async def test_a_users_photo_is_refused_as_a_document_and_taken_as_a_photo(siti: SimUser, bot: ExtBot[None]) -> None:
    """As Telegram does: a photo's file id goes with sendPhoto only (the bot forwards photo drafts)."""
    photo = siti.send_photo(b"jpeg-bytes")["message"]["photo"][-1]
    with pytest.raises(BadRequest, match="^Can't use file of type photo as document$"):
        await bot.send_document(siti.id, photo["file_id"])
    sent = await bot.send_photo(siti.id, photo["file_id"])
    assert sent.photo[-1].file_id == photo["file_id"]


async def test_bot_photo_upload(siti: SimUser, bot: ExtBot[None]) -> None:
    size = (640).to_bytes(4, "big") + (480).to_bytes(4, "big")
    png = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + size
    sent = await bot.send_photo(siti.id, png)
    assert sent.photo[-1].width == 640 and sent.photo[-1].height == 480
    resent = await bot.send_photo(siti.id, sent.photo[-1].file_id)
    assert [p.file_id for p in resent.photo] == [p.file_id for p in sent.photo]


async def test_upload_over_50_mb_is_refused(fake: FakeTelegram, siti: SimUser,
                                            bot: ExtBot[None]) -> None:
    with pytest.raises(NetworkError, match="Request Entity Too Large"):
        await bot.send_document(siti.id, b"\0" * (50 * MB + 1), filename="besar.bin")
    call = fake.calls_to("sendDocument")[-1]
    assert call.status == 413
    assert call.response == {"ok": False, "error_code": 413,
                             "description": "Request Entity Too Large"}
    assert siti.messages() == []
