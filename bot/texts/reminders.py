"""Texts of reminders, escalations and delivery problems (see `bot.texts`)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "user_blocked_bot": {
        "id": "⚠️ {name} memblokir bot, sehingga pengingat tidak terkirim kepadanya. Mohon hubungi yang bersangkutan.",
        "en": "⚠️ {name} blocked the bot, so reminders no longer reach them. Please contact them.",
    },
    "reminder_heading": {"id": "🔔 Pengingat ({count}):", "en": "🔔 Reminders ({count}):"},
    "reminder_cycle_opened": {
        "id": "📌 Siklus pembaruan dibuka otomatis karena jatuh tempo. Langkah {step}: {summary} (batas {deadline})",
        "en": "📌 Update cycle opened automatically as it falls due. Step {step}: {summary} (deadline {deadline})",
    },
    "reminder_before": {
        "id": "⏰ {days} hari kerja lagi. Langkah {step}: {summary} (batas {deadline})",
        "en": "⏰ {days} working day(s) left. Step {step}: {summary} (deadline {deadline})",
    },
    "reminder_due": {
        "id": "⏰ Batas waktunya hari ini. Langkah {step}: {summary} (batas {deadline})",
        "en": "⏰ Due today. Step {step}: {summary} (deadline {deadline})",
    },
    "reminder_overdue": {
        "id": "⚠️ Terlambat {days} hari kerja. Langkah {step}: {summary} (batas {deadline})",
        "en": "⚠️ {days} working day(s) late. Step {step}: {summary} (deadline {deadline})",
    },
    "reminder_escalation": {
        "id": "🚨 Eskalasi: terlambat {days} hari kerja. Langkah {step}: {summary} (batas {deadline}). Pemegang langkah: {holders}. Mohon hubungi dan tindak lanjuti.",
        "en": "🚨 Escalation: {days} working day(s) late. Step {step}: {summary} (deadline {deadline}). Held by: {holders}. Please contact them and follow up.",
    },
    "reminder_hourly": {
        "id": "⏰ Serta merta, mohon segera. Langkah {step}: {summary} (batas {deadline})",
        "en": "⏰ Immediate information, please act now. Step {step}: {summary} (deadline {deadline})",
    },
    "reminder_hourly_escalation": {
        "id": "🚨 Serta merta terlambat {days} jam. Langkah {step}: {summary} (batas {deadline}). Pemegang langkah: {holders}. Mohon hubungi segera.",
        "en": "🚨 Immediate information {days} hour(s) late. Step {step}: {summary} (deadline {deadline}). Held by: {holders}. Please contact them now.",
    },
    "reminder_holders_more": {"id": " dan {count} lainnya", "en": " and {count} more"},
    "reminder_nobody_holds": {
        "id": "belum ada (undang atau beri peran lewat /staf)",
        "en": "nobody yet (invite someone or grant the role in /staf)",
    },
    "reminder_item_stale": {
        "id": "⚠️ Informasi berkala belum dipublikasikan lebih dari 6 bulan: {summary} (terakhir: {deadline})",
        "en": "⚠️ Periodic information not published for more than 6 months: {summary} (last: {deadline})",
    },
    "reminder_exemption_ended": {
        "id": "⏰ Masa pengecualian berakhir: {summary} (berlaku sampai dengan {deadline}). Uji ulang diperlukan: uji konsekuensi lagi lewat ✏️ Ubah di /informasi, atau ubah kategorinya.",
        "en": "⏰ Exemption period ended: {summary} (it held up to and including {deadline}). It must be re-tested: run the consequence test again through ✏️ Edit in /informasi, or change its category.",
    },
    "reminder_yearly_report_due": {
        "id": "📘 Laporan tahunan {summary} untuk Komisi Informasi wajib disampaikan paling lambat {deadline}. "
        "Buat dengan /laporan_tahunan, lengkapi bagian bertanda [diisi oleh PPID: ...], lalu tanda tangani.",
        "en": "📘 The yearly report {summary} for the Information Commission is due by {deadline}. "
        "Make it with /laporan_tahunan, complete the parts marked [diisi oleh PPID: ...], then sign it.",
    },
    "reminder_more": {
        "id": "… dan {count} pengingat lainnya. Buka /tugas dan /jadwal untuk semuanya.",
        "en": "… and {count} more reminders. Open /tugas and /jadwal for all of them.",
    },
    "reminder_never": {"id": "belum pernah", "en": "never"},
    "reminder_open_task": {"id": "Langkah {step}: {summary}", "en": "Step {step}: {summary}"},
}
