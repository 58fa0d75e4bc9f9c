"""The consequence test (uji konsekuensi) asked in chat, one part per message, inside a flow.

Shared by the register's add and edit (`handlers.register_form`) and the review at step 4
(`handlers.review`): each builds one `ExemptionQuestions` with its conversation's name, what to do
with the complete answers (`finish`) and the check made before each answer (`guard`), and merges
`states()` into its conversation. Which part comes next and how each is checked are
`bot.exemption`'s rules; the answers live in `user_data` under `flow_key(flow, "exemption")` as
JSON values, so a restart continues at the same part, and `/batal` forgets them (what the
database holds is untouched).

The ground is a set of buttons that toggle (a letter of UU 14/2008 Pasal 17 each) and "Selesai";
the deciding official can be chosen among the PPID Utama (checked in the database when pressed)
or typed. Every button carries the questionnaire's token: one from an earlier test, or forged, is
a stale button and changes nothing.

    ex:g:<token>:<letter>   tick / untick a letter      ex:ok:<token>   the ground is complete
    ex:d:<token>:<user id>  this PPID Utama decides
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot.application import PpidContext
from bot.exemption import (
    CONSEQUENCE_MIN,
    GROUND_LETTERS,
    PARTS,
    YEARS_MAX,
    ExemptionError,
    GroundLetter,
    Part,
    check_answer,
    ground_description,
    ground_label,
    next_part,
    toggle_ground,
)
from bot.texts import role_name, t
from handlers.access import person_of
from handlers.callbacks import CallbackData, Digits, popup, pressed
from handlers.conversation import flow_key

UTAMA = "utama"
MAX_DECIDER_BUTTONS = 6

Finish = Callable[[Update, PpidContext, dict[str, Any]], Awaitable[str | int]]
Guard = Callable[[Update, PpidContext], Awaitable[int | None]]


@dataclass(frozen=True)
class ToggleGround(CallbackData, prefix="ex:g"):
    """Tick or untick a letter of Pasal 17 in the test with `token`."""

    token: str
    letter: GroundLetter


@dataclass(frozen=True)
class GroundsDone(CallbackData, prefix="ex:ok"):
    """"Selesai" under the letters of the test with `token`."""

    token: str


@dataclass(frozen=True)
class ChooseDecider(CallbackData, prefix="ex:d"):
    """This PPID Utama decides the exemption of the test with `token`."""

    token: str
    user_id: Annotated[int, Digits(15)]


# The button that answers each part asked with buttons (the letters themselves only tick).
ANSWER_BUTTONS: dict[Part, type[CallbackData]] = {"grounds": GroundsDone, "decider_name": ChooseDecider}


def _send_target(update: Update) -> Any:
    message = update.effective_message
    assert message is not None
    return message


class ExemptionQuestions:
    """The consequence test's questions inside the conversation `flow`."""

    def __init__(self, flow: str, *, finish: Finish, guard: Guard | None = None) -> None:
        """`finish(update, context, answers)` takes the complete answers (and answers the button
        press, when the last part was one); `guard` refuses an answer by returning END."""
        self.flow = flow
        self.key = flow_key(flow, "exemption")
        self.finish = finish
        self.guard = guard
        self.states_of: dict[Part, str] = {part: f"{flow}_ex_{part}" for part in PARTS}

    # -- the answers ----------------------------------------------------------------------------

    def answers(self, context: PpidContext) -> dict[str, Any] | None:
        """The answers so far, or None when no test is being asked."""
        data = context.user_data.get(self.key) if context.user_data is not None else None
        return data if isinstance(data, dict) and isinstance(data.get("token"), str) else None

    def forget(self, context: PpidContext) -> None:
        """Drop the answers (the flow has used them)."""
        if context.user_data is not None:
            context.user_data.pop(self.key, None)

    @staticmethod
    def parts(answers: dict[str, Any]) -> dict[str, Any]:
        """The answers as `bot.exemption.exemption_from` takes them (no token, no ticks)."""
        return {part: answers[part] for part in PARTS if part in answers}

    def _store(self, context: PpidContext, answers: dict[str, Any]) -> None:
        assert context.user_data is not None
        context.user_data[self.key] = answers

    @staticmethod
    def _today(context: PpidContext) -> date:
        services = context.services
        return services.calendar.local(services.clock.now()).date()

    # -- asking ---------------------------------------------------------------------------------

    async def start(self, update: Update, context: PpidContext, prefix: str | None = None) -> str | int:
        """Begin a fresh test and ask its first part."""
        answers: dict[str, Any] = {"token": secrets.token_hex(4)}
        self._store(context, answers)
        intro = t("ex_start", person_of(context).language)
        return await self.ask(update, context, answers, prefix=f"{prefix}\n\n{intro}" if prefix else intro)

    async def ask(
        self, update: Update, context: PpidContext, answers: dict[str, Any], prefix: str | None = None
    ) -> str | int:
        """Send the next part's question and return its state; with every part answered, `finish`."""
        part = next_part(answers)
        if part is None:
            return await self.finish(update, context, answers)
        text, markup = await self._question(context, part, answers)
        await _send_target(update).reply_text(f"{prefix}\n\n{text}" if prefix else text, reply_markup=markup)
        return self.states_of[part]

    async def _question(
        self, context: PpidContext, part: Part, answers: dict[str, Any]
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        language = person_of(context).language
        if part == "grounds":
            grounds = "\n".join(ground_description(letter, language) for letter in GROUND_LETTERS)
            return t("ex_q_grounds", language, grounds=grounds), self._grounds_keyboard(answers, language)
        if part == "decider_name":
            return t("ex_q_decider_name", language), await self._decider_keyboard(context, answers)
        values: dict[str, Any] = {
            "consequence": {"min": CONSEQUENCE_MIN},
            "public_interest": {"min": CONSEQUENCE_MIN},
            "until": {"max": YEARS_MAX},
            "decider_position": {"name": answers.get("decider_name", "")},
        }.get(part, {})
        return t(f"ex_q_{part}", language, **values), None

    @staticmethod
    def _grounds_keyboard(answers: dict[str, Any], language: str) -> InlineKeyboardMarkup:
        token, picked = answers["token"], answers.get("picked", [])
        rows = [
            [ToggleGround(token, letter).button(("✅ " if letter in picked else "▫️ ") + ground_label(letter, language))]
            for letter in GROUND_LETTERS
        ]
        rows.append([GroundsDone(token).button(t("ex_btn_done", language))])
        return InlineKeyboardMarkup(rows)

    @staticmethod
    async def _decider_keyboard(context: PpidContext, answers: dict[str, Any]) -> InlineKeyboardMarkup | None:
        """The PPID Utama who may decide, the person acting first (none: the name is typed)."""
        services, person = context.services, person_of(context)
        holders = list(dict.fromkeys(grant.telegram_id for grant in await services.users.role_holders(UTAMA)))
        if person.telegram_id in holders:
            holders.remove(person.telegram_id)
            holders.insert(0, person.telegram_id)
        users = await services.users.get_many(holders[:MAX_DECIDER_BUTTONS])
        buttons: list[list[InlineKeyboardButton]] = [
            [ChooseDecider(answers["token"], user_id).button(f"👤 {users[user_id].full_name}")]
            for user_id in holders[:MAX_DECIDER_BUTTONS]
            if user_id in users
        ]
        return InlineKeyboardMarkup(buttons) if buttons else None

    # -- answers --------------------------------------------------------------------------------

    async def _current(self, update: Update, context: PpidContext) -> dict[str, Any] | int:
        """The answers being collected, or the state to return after the guard refused (END)."""
        if self.guard is not None:
            refused = await self.guard(update, context)
            if refused is not None:
                return refused
        answers = self.answers(context)
        if answers is None:
            if update.callback_query is not None:
                await popup(update.callback_query, t("stale_button", person_of(context).language), alert=True)
            else:
                await _send_target(update).reply_text(t("dip_flow_lost", person_of(context).language))
            return ConversationHandler.END
        return answers

    async def typed(self, update: Update, context: PpidContext) -> str | int:
        """A message at a part: its text checked, kept and the next part asked (or the same part
        again, with why); a file or sticker where text was expected, or text where the buttons
        are: the question again."""
        answers = await self._current(update, context)
        if isinstance(answers, int):
            return answers
        part = next_part(answers)
        if part is None:
            return await self.finish(update, context, answers)
        language = person_of(context).language
        text = _send_target(update).text
        if part == "grounds" or text is None:
            hint = "dip_use_buttons" if part == "grounds" else "dip_type_text"
            return await self.ask(update, context, answers, prefix=t(hint, language))
        try:
            answers[part] = check_answer(part, text, self._today(context))
        except ExemptionError as error:
            return await self.ask(update, context, answers, prefix=error.text(language))
        self._store(context, answers)
        return await self.ask(update, context, answers)

    async def _pressed(
        self, update: Update, context: PpidContext, kind: type[CallbackData] | None
    ) -> tuple[Any, dict[str, Any], CallbackQuery] | int | None:
        """The pressed button as `kind` (None: no button of this test is expected now), the answers
        and the press; None when it was answered as stale (another kind, test or part)."""
        query = update.callback_query
        assert query is not None
        answers = await self._current(update, context)
        if isinstance(answers, int):
            return answers
        data = None if kind is None else pressed(query, kind)
        if data is None or data.token != answers["token"]:
            await popup(query, t("stale_button", person_of(context).language), alert=True)
            return None
        return data, answers, query

    async def toggle(self, update: Update, context: PpidContext) -> str | int | None:
        """A letter pressed: tick or untick it; the keyboard shows which are ticked."""
        answers = self.answers(context)
        at_grounds = answers is not None and next_part(answers) == "grounds"
        found = await self._pressed(update, context, ToggleGround if at_grounds else None)
        if not isinstance(found, tuple):
            return found
        data, answers, query = found
        answers = toggle_ground(answers, data.letter)
        self._store(context, answers)
        ticked = "ex_ticked" if data.letter in answers["picked"] else "ex_unticked"
        await popup(query, t(ticked, person_of(context).language, letter=data.letter))
        try:
            await query.edit_message_reply_markup(self._grounds_keyboard(answers, person_of(context).language))
        except BadRequest as error:
            if "not modified" not in error.message.lower():
                raise
        return self.states_of["grounds"]

    async def chosen(self, update: Update, context: PpidContext) -> str | int | None:
        """The button that answers the part being asked: "Selesai" under the ticked letters (at
        least one), or a PPID Utama as the deciding official (holding the role now). The question
        turns into what was chosen and the next part is asked; a refusal keeps the part."""
        answers = self.answers(context)
        part = None if answers is None else next_part(answers)
        found = await self._pressed(update, context, ANSWER_BUTTONS.get(part) if part else None)
        if not isinstance(found, tuple):
            return found
        data, answers, query = found
        assert part is not None
        language = person_of(context).language
        if part == "grounds":
            choice = self._grounds_chosen(answers, language)
        else:
            choice = await self._decider_chosen(context, data, language)
        if isinstance(choice, str):  # refused: the part is asked still
            await popup(query, choice, alert=True)
            return self.states_of[part]
        values, shown = choice
        answers = {key: value for key, value in {**answers, **values}.items() if key != "picked"}
        self._store(context, answers)
        if next_part(answers) is not None:
            await query.answer()  # else `finish` answers the press
        await _edit_text(query, shown)
        return await self.ask(update, context, answers)

    @staticmethod
    def _grounds_chosen(answers: dict[str, Any], language: str) -> tuple[dict[str, Any], str] | str:
        """The ground (the ticked letters) and what the question turns into, or the refusal."""
        picked = [letter for letter in answers.get("picked", []) if letter in GROUND_LETTERS]
        if not picked:
            return t("ex_err_no_ground", language)
        return {"grounds": picked}, t("ex_chosen_grounds", language, grounds=", ".join(picked))

    @staticmethod
    async def _decider_chosen(
        context: PpidContext, data: ChooseDecider, language: str
    ) -> tuple[dict[str, Any], str] | str:
        """The PPID Utama pressed as the deciding official (holding the role now), or the refusal."""
        services = context.services
        user = await services.users.get(data.user_id)
        if user is None or not await services.users.has_role(data.user_id, UTAMA):
            return t("ex_err_decider", language)
        position = role_name(UTAMA, "id")  # the official's title, as the decision document writes it
        values = {"decider_name": user.full_name, "decider_position": position}
        return values, t("ex_chosen_decider", language, name=user.full_name, position=position)

    # -- wiring ---------------------------------------------------------------------------------

    def states(self) -> dict[str, list[BaseHandler[Any, Any, Any]]]:
        """The conversation states of the test, for the flow's `persistent_conversation`."""
        typed = MessageHandler(~filters.COMMAND, self.typed)
        states: dict[str, list[BaseHandler[Any, Any, Any]]] = {}
        for part, state in self.states_of.items():
            buttons: list[BaseHandler[Any, Any, Any]] = []
            if part == "grounds":
                buttons.append(CallbackQueryHandler(self.toggle, pattern=ToggleGround.pattern()))
            if part in ANSWER_BUTTONS:
                buttons.append(CallbackQueryHandler(self.chosen, pattern=ANSWER_BUTTONS[part].pattern()))
            states[state] = [*buttons, typed]
        return states


async def _edit_text(query: Any, text: str) -> None:
    """Turn an answered question into what was chosen (its buttons go away)."""
    try:
        await query.edit_message_text(text)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise
