"""The same-calls floor: a bare bot that makes, for each update, exactly the calls the PPID bot made.

The workflow benchmark (`bench.throughput`) records, for every update, the Bot API calls the PPID
bot made while handling it (method, parameters, the names and sizes of the files it uploaded) and
the files it downloaded. Here a minimal bot on the same framework (a PTB `Application` with the
same `Defaults`, no rate limiter either, on a fresh sandbox with the same office's people) gets
the same stream of updates and, for each, replays those calls in the same order: no database, no
SOP, no texts to build, only the framework and the sandbox. What the PPID bot takes beyond that
is its own cost.

The replay keeps the sandbox's answers the same as in the first pass: the same people send the
same messages in the same order and the bot sends the same messages back, so the chats' message
ids come out the same. Only what the sandbox draws at random differs (file ids, callback query
ids): they are translated from the first pass's values to this pass's as they appear, in the
updates (before the update is handed over, outside the timing) and in the answers. Each replayed
call's answer is compared with the first pass's (its status, and the message id of a message):
`FloorResult.mismatches` counts the calls that came out differently (it must be 0).
"""

from __future__ import annotations

import asyncio
import dataclasses
import warnings
from collections import deque
from datetime import tzinfo
from typing import Any

from telegram import ChatFullInfo, File, InputFile, Message, TelegramObject, Update, User
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, Defaults, TypeHandler
from telegram.warnings import PTBUserWarning

from bench.office import make_fake
from bench.throughput import Action, Driver, ScenarioError, Throughput
from bot.sandbox import ApiCall, FakeTelegram, SandboxError

# Values the sandbox draws anew in each run: translated from the first pass's to the replay's.
_DRAWN = frozenset({"file_id", "file_unique_id", "file_path", "callback_query_id"})
_RESULT_TYPES: dict[str, type[TelegramObject]] = {"getFile": File, "getChat": ChatFullInfo, "getMe": User}


@dataclasses.dataclass(frozen=True)
class Call:
    """One call to replay, prepared from the first pass (outside the timing)."""

    method: str
    params: dict[str, Any]
    uploads: dict[str, tuple[str, bytes]]  # parameter -> (file name, bytes of the recorded size)
    returns: type[TelegramObject] | None  # what PTB makes of the answer, as the typed method would
    status: int  # the first pass's answer
    result: Any
    download: bool  # a getFile whose file the PPID bot then downloaded

    @property
    def names_files(self) -> bool:
        """Whether the answer carries drawn values (a file's ids) to translate for later calls."""
        return isinstance(self.result, dict) and any(key in _DRAWN for key in _keys(self.result))


@dataclasses.dataclass
class FloorResult:
    """The floor's timings, and how faithfully it replayed the first pass."""

    throughput: Throughput
    calls: int = 0
    mismatches: int = 0


def _keys(value: Any) -> list[str]:
    """Every key of a JSON value, at any depth."""
    if isinstance(value, dict):
        return [*value, *(key for inner in value.values() for key in _keys(inner))]
    if isinstance(value, list):
        return [key for inner in value for key in _keys(inner)]
    return []


def learn(first: Any, now: Any, drawn: dict[str, str]) -> None:
    """Note in `drawn` what each drawn value of the first pass (`first`) is in this pass (`now`)."""
    if isinstance(first, dict) and isinstance(now, dict):
        for key, value in first.items():
            if key in now:
                if key in _DRAWN and isinstance(value, str) and isinstance(now[key], str):
                    drawn[value] = now[key]
                elif key == "callback_query" and isinstance(value, dict) and isinstance(now[key], dict):
                    drawn[str(value.get("id"))] = str(now[key].get("id"))
                    learn(value, now[key], drawn)
                else:
                    learn(value, now[key], drawn)
    elif isinstance(first, list) and isinstance(now, list):
        for inner_first, inner_now in zip(first, now, strict=False):
            learn(inner_first, inner_now, drawn)


def prepare(call: ApiCall, downloads: tuple[str, ...]) -> Call:
    """The replay of one recorded call: its parameters as sent, blank files of the sizes sent."""
    result = call.response.get("result")
    returns = _RESULT_TYPES.get(call.method)
    if returns is None and isinstance(result, dict) and "message_id" in result:
        returns = Message
    return Call(
        method=call.method,
        params=dict(call.params),
        uploads={name: (file_name, bytes(size)) for name, (file_name, size) in call.files.items()},
        returns=returns,
        status=call.status,
        result=result,
        download=call.method == "getFile" and isinstance(result, dict) and result.get("file_path") in downloads,
    )


def _same_answer(call: Call, status: int, answer: Any) -> bool:
    """Whether the replayed call was answered as in the first pass (its status; a message's id)."""
    if status != call.status:
        return False
    if isinstance(call.result, dict) and "message_id" in call.result:
        return getattr(answer, "message_id", None) == call.result["message_id"]
    return True


class Replayer:
    """The floor bot's one handler: for each update, the next update's calls, as recorded."""

    def __init__(self) -> None:
        self.script: deque[list[Call]] = deque()
        self.drawn: dict[str, str] = {}
        self.calls = 0
        self.mismatches = 0
        self.differed: list[str] = []  # the calls whose answer differed from the first pass's, and why
        self.last_error = ""

    def _params(self, call: Call) -> dict[str, Any]:
        params: dict[str, Any] = {
            name: self.drawn.get(value, value) if isinstance(value, str) else value
            for name, value in call.params.items()
        }
        for name, (file_name, data) in call.uploads.items():
            params[name] = InputFile(data, filename=file_name)
        return params

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        bot = context.bot
        for call in self.script.popleft():
            self.calls += 1
            self.last_error = ""
            try:
                if call.method == "getFile":  # the typed method: it makes the download URL of the answer
                    answer = await bot.get_file(**self._params(call))
                else:
                    answer = await bot.do_api_request(call.method, api_kwargs=self._params(call), return_type=call.returns)
                status = 200
            except TelegramError as error:  # as the first pass's call did, or the replay differs (below)
                answer, status, self.last_error = None, 400, f"{call.method}: {error}"
            if not _same_answer(call, status, answer):
                self.mismatches += 1
                self.differed.append(f"{call.method} ({call.status} then {status}; {self.last_error})")
            if call.names_files and isinstance(answer, TelegramObject):  # a sent file's new ids
                learn(call.result, answer.to_dict(), self.drawn)
            if call.download and isinstance(answer, File):
                await answer.download_as_bytearray()


def _floor_application(fake: FakeTelegram, replayer: Replayer, timezone: tzinfo | None) -> Application[Any, Any, Any, Any, Any, Any]:
    app = fake.application_builder().defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=timezone)).build()
    app.add_handler(TypeHandler(Update, replayer))
    return app


def _send(driver: Driver, action: Action) -> dict[str, Any]:
    """The person sends the update again; returns it as queued (for the drawn values)."""
    person = driver.user(action.person)
    if action.kind == "command":
        name, *args = action.value.split()
        return person.send_command(name, *args)
    if action.kind == "text":
        return person.send_text(action.value)
    if action.kind == "document":
        return person.send_document(action.data, action.value, "application/pdf")
    pressed = action.update["callback_query"]["message"]["message_id"]
    return person.press(int(pressed), action.value, require_button=True)


async def _replay(actions: list[Action], timezone: tzinfo | None) -> FloorResult:
    fake = make_fake()
    replayer = Replayer()
    app = _floor_application(fake, replayer, timezone)
    with warnings.catch_warnings():
        # `do_api_request` suggests the typed method for a known one; the replay is generic on purpose.
        warnings.filterwarnings("ignore", category=PTBUserWarning, message="Please use 'Bot.")
        async with app:
            driver = Driver(fake, app, "same-calls floor")
            script = [[prepare(call, action.downloads) for call in action.calls] for action in actions]
            loop = asyncio.get_running_loop()
            started = loop.time()
            for action, calls in zip(actions, script, strict=True):
                try:
                    sent = _send(driver, action)
                except SandboxError as error:  # a button the replay did not send: it diverged before
                    raise ScenarioError(f"the replay diverged ({error}); calls that differed: {replayer.differed[:5]}") from None
                learn(action.update, sent, replayer.drawn)
                replayer.script.append(calls)
                await driver._process(action)
            driver.result.wall_seconds = loop.time() - started
            driver.result.bot_calls = replayer.calls
    return FloorResult(driver.result, calls=replayer.calls, mismatches=replayer.mismatches)


def same_calls_floor(actions: list[Action], timezone: tzinfo | None = None) -> FloorResult:
    """Replay the calls recorded in `actions` (a pass of the workflow benchmark) on a bare bot."""
    return asyncio.run(_replay(actions, timezone))

