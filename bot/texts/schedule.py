"""Texts of /jadwal: coming due dates, pausing and resuming reminders (see `bot.texts`).

Headings are HTML; line texts get their values escaped by `t`. Texts used in buttons and pop-ups
(plain text, not HTML) are filled with `str.format` by the handler, not with `t`.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- headings and empty states -----------------------------------------------------------
    "jdw_items_heading": {
        "id": "<b>📅 Jatuh tempo informasi berkala</b> ({count})",
        "en": "<b>📅 Periodic information due dates</b> ({count})",
    },
    "jdw_unit_items_heading": {
        "id": "<b>📅 Jatuh tempo informasi berkala unit Bapak/Ibu</b> ({count})",
        "en": "<b>📅 Due dates of your unit's periodic information</b> ({count})",
    },
    "jdw_cycles_heading": {
        "id": "<b>🔄 Siklus pembaruan yang berjalan</b> ({count})",
        "en": "<b>🔄 Update cycles in progress</b> ({count})",
    },
    "jdw_my_heading": {
        "id": "<b>⏰ Tenggat langkah Bapak/Ibu</b> ({count})",
        "en": "<b>⏰ Your step deadlines</b> ({count})",
    },
    "jdw_nothing_admin": {
        "id": "Belum ada jadwal: tidak ada informasi berkala aktif dan tidak ada siklus pembaruan yang berjalan. 👍",
        "en": "Nothing scheduled: no active periodic information and no update cycle in progress. 👍",
    },
    "jdw_nothing": {
        "id": "Tidak ada tenggat yang akan datang untuk Bapak/Ibu saat ini. 👍",
        "en": "You have no coming deadlines right now. 👍",
    },
    "jdw_items_none": {
        "id": "Tidak ada informasi berkala aktif saat ini.",
        "en": "There is no active periodic information right now.",
    },
    "jdw_more": {"id": "…dan {count} lainnya.", "en": "…and {count} more."},
    "jdw_pause_hint": {
        "id": "Tombol di bawah menjeda ⏸ atau melanjutkan ▶️ pengingat suatu informasi.",
        "en": "The buttons below pause ⏸ or resume ▶️ the reminders of an item.",
    },
    # -- lines ----------------------------------------------------------------------------------
    "jdw_item_line": {"id": "{no}. {mark}{summary} ({unit}): {due}", "en": "{no}. {mark}{summary} ({unit}): {due}"},
    "jdw_not_scheduled": {"id": "belum dijadwalkan", "en": "not scheduled yet"},
    "jdw_overdue": {"id": "lewat jatuh tempo", "en": "overdue"},
    "jdw_paused": {"id": "⏸ dijeda", "en": "⏸ paused"},
    "jdw_cycle_line": {
        "id": "{no}. {summary}: {step} ({actor}), batas {deadline}",
        "en": "{no}. {summary}: {step} ({actor}), due {deadline}",
    },
    "jdw_my_line": {
        "id": "{no}. {summary}: {step}, batas {deadline}",
        "en": "{no}. {summary}: {step}, due {deadline}",
    },
    "jdw_step": {"id": "Langkah {step} dari {total}", "en": "Step {step} of {total}"},
    # -- buttons and answers (plain text) ------------------------------------------------------
    "jdw_btn_pause": {"id": "⏸ Jeda {no}. {summary}", "en": "⏸ Pause {no}. {summary}"},
    "jdw_btn_resume": {"id": "▶️ Lanjutkan {no}. {summary}", "en": "▶️ Resume {no}. {summary}"},
    "jdw_paused_now": {
        "id": "⏸ Pengingat untuk \"{summary}\" dijeda. Tekan Lanjutkan untuk mengaktifkannya kembali.",
        "en": "⏸ Reminders for \"{summary}\" are paused. Press Resume to turn them back on.",
    },
    "jdw_resumed_now": {
        "id": "▶️ Pengingat untuk \"{summary}\" aktif kembali.",
        "en": "▶️ Reminders for \"{summary}\" are on again.",
    },
    "jdw_already_paused": {
        "id": "Pengingat untuk \"{summary}\" sudah dijeda sebelumnya; tidak ada yang diubah.",
        "en": "Reminders for \"{summary}\" were already paused; nothing was changed.",
    },
    "jdw_already_active": {
        "id": "Pengingat untuk \"{summary}\" sudah aktif; tidak ada yang diubah.",
        "en": "Reminders for \"{summary}\" are already on; nothing was changed.",
    },
    # -- refusals (bot.workflow.WorkflowError keys) ---------------------------------------------
    "jdw_not_admin": {
        "id": "Maaf, hanya Admin PPID yang dapat menjeda atau melanjutkan pengingat.",
        "en": "Sorry, only an admin can pause or resume reminders.",
    },
}
