"""The SOP rendered for chat: the whole document (header and table) as HTML messages.

The table of the paper SOP does not fit a phone's width, so each activity becomes a short block
("Langkah N dari 7") listing its actor and its Mutu Baku (Kelengkapan, Waktu, Output).
"""

from __future__ import annotations

from html import escape

from bot.messages import pack_messages
from bot.sop import Sop, SopStep

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "number": "Nomor SOP",
        "made_on": "Tanggal pembuatan",
        "revised_on": "Tanggal revisi",
        "effective_on": "Tanggal efektif",
        "approved_by": "Disahkan oleh",
        "legal_basis": "Dasar Hukum",
        "qualifications": "Kualifikasi Pelaksana",
        "equipment": "Peralatan/Perlengkapan",
        "related_sops": "Keterkaitan",
        "warning": "Peringatan",
        "records": "Pencatatan dan Pendataan",
        "actors": "Pelaksana",
        "step": "Langkah {no} dari {total}",
        "actor": "Pelaksana",
        "kelengkapan": "Kelengkapan",
        "waktu": "Waktu",
        "output": "Output",
        "berkala": "berkala",
        "serta_merta": "serta merta",
    },
    "en": {
        "number": "SOP number",
        "made_on": "Made on",
        "revised_on": "Revised on",
        "effective_on": "Effective",
        "approved_by": "Approved by",
        "legal_basis": "Legal basis",
        "qualifications": "Qualifications",
        "equipment": "Equipment",
        "related_sops": "Related SOPs",
        "warning": "Warning",
        "records": "Records",
        "actors": "Actors",
        "step": "Step {no} of {total}",
        "actor": "Actor",
        "kelengkapan": "Required input (Kelengkapan)",
        "waktu": "Time standard (Waktu)",
        "output": "Output",
        "berkala": "periodic",
        "serta_merta": "immediate",
    },
}


def _numbered(items: tuple[str, ...]) -> str:
    return "\n".join(f"{index}. {escape(item)}" for index, item in enumerate(items, start=1))


def step_title(sop: Sop, step: SopStep, language: str = "id") -> str:
    """ "Langkah N dari 7: <activity>" as HTML (bold heading)."""
    labels = LABELS.get(language, LABELS["id"])
    activity = step.activity_en if language == "en" and step.activity_en else step.activity
    heading = labels["step"].format(no=step.no, total=sop.step_count)
    return f"<b>{heading}: {escape(activity)}</b>"


def render_step(sop: Sop, step: SopStep, language: str = "id") -> str:
    """One activity row as an HTML block."""
    labels = LABELS.get(language, LABELS["id"])
    waktu = (
        f"{step.waktu_berkala.label(language)} ({labels['berkala']}), "
        f"{step.waktu_serta_merta.label(language)} ({labels['serta_merta']})"
    )
    return "\n".join(
        [
            step_title(sop, step, language),
            f"{labels['actor']}: {escape(sop.actors[step.actor])}",
            f"{labels['kelengkapan']}: {escape(step.kelengkapan)}",
            f"{labels['waktu']}: {escape(waktu)}",
            f"{labels['output']}: {escape(step.output)}",
        ]
    )


def render_sop(sop: Sop, language: str = "id") -> list[str]:
    """The whole SOP as HTML messages that each fit Telegram's limit."""
    labels = LABELS.get(language, LABELS["id"])
    header = sop.header
    identity = [f"<b>SOP {escape(header.title.upper())}</b>", escape(header.organisation)]
    if header.unit:
        identity.append(escape(header.unit))
    for key in ("number", "made_on", "revised_on", "effective_on", "approved_by"):
        value = getattr(header, key)
        if value:
            identity.append(f"{labels[key]}: {escape(value)}")
    blocks = ["\n".join(identity)]
    for key in ("legal_basis", "qualifications", "equipment", "related_sops"):
        blocks.append(f"<b>{labels[key]}</b>\n{_numbered(getattr(header, key))}")
    blocks.append(f"<b>{labels['warning']}</b>\n{escape(header.warning)}")
    blocks.append(f"<b>{labels['records']}</b>\n{_numbered(header.records)}")
    blocks.append(f"<b>{labels['actors']}</b>\n{_numbered(tuple(sop.actors.values()))}")
    # The header and the table go in separate messages: easier to read on a phone.
    return pack_messages(blocks) + pack_messages(render_step(sop, step, language) for step in sop.steps)
