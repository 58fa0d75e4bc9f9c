"""The register's field rules, kept in `bot.register` alone: which fields an item of each category
has (the period only berkala, the legal basis only dikecualikan), which question of a draft comes
next, and what choosing a category clears."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.register import (
    DRAFT_FIELDS,
    ValidationError,
    field_of_category,
    fields_of,
    has_field,
    next_question,
    require_field,
    validate_classification,
    with_category,
)

from storage.items import Exemption

EXEMPTION = Exemption(
    part="Nama pelapor", grounds=("a", "h"), consequence="x" * 30, public_interest="y" * 30,
    until=date(2031, 1, 1), decider_name="Umar", decider_position="PPID Utama",
    decided_at=datetime(2026, 12, 1, tzinfo=UTC),
)

EVERY_ITEM = ("summary", "unit_id", "responsible", "made_time_place", "category", "form", "retention")


def test_the_fields_of_each_category_in_the_order_asked() -> None:
    assert fields_of("berkala") == (
        "summary", "unit_id", "responsible", "made_time_place", "category", "period", "form", "retention"
    )
    assert fields_of("dikecualikan") == (
        "summary", "unit_id", "responsible", "made_time_place", "category", "legal_basis", "form", "retention"
    )
    assert fields_of("serta_merta") == EVERY_ITEM
    assert fields_of("setiap_saat") == EVERY_ITEM
    assert fields_of(None) == EVERY_ITEM  # no category chosen yet
    assert set(fields_of("berkala")) | set(fields_of("dikecualikan")) == set(DRAFT_FIELDS)


def test_period_only_for_berkala_and_legal_basis_only_for_dikecualikan() -> None:
    for category in ("berkala", "serta_merta", "setiap_saat", "dikecualikan", None):
        assert has_field(category, "period") is (category == "berkala"), category
        assert has_field(category, "legal_basis") is (category == "dikecualikan"), category
        for field in EVERY_ITEM:
            assert has_field(category, field), (category, field)


def test_a_field_the_category_lacks_is_refused_with_its_reason() -> None:
    for category in ("serta_merta", "setiap_saat", "dikecualikan"):
        with pytest.raises(ValidationError) as refused:
            require_field(category, "period")
        assert refused.value.key == "dip_err_period_only_berkala"
    for category in ("berkala", "serta_merta", "setiap_saat"):
        with pytest.raises(ValidationError) as refused:
            require_field(category, "legal_basis")
        assert refused.value.key == "dip_err_basis_only_exempt"
    require_field("berkala", "period")
    require_field("dikecualikan", "legal_basis")
    require_field("setiap_saat", "summary")


def test_the_field_a_category_brings() -> None:
    assert field_of_category("berkala") == "period"
    assert field_of_category("dikecualikan") == "legal_basis"
    assert field_of_category("serta_merta") is None
    assert field_of_category("setiap_saat") is None
    assert field_of_category(None) is None


def test_the_next_question_follows_the_draft() -> None:
    draft: dict[str, object] = {"token": "0123abcd"}
    asked = []
    answers = {
        "summary": "Laporan keuangan",
        "unit_id": 1,
        "responsible": "Sekretaris",
        "made_time_place": "2026, Kota",
        "category": "berkala",
        "period": "yearly",
        "form": "soft",
        "retention": "5 tahun",
    }
    while (field := next_question(draft)) is not None:
        asked.append(field)
        draft[field] = answers[field]
    assert asked == ["summary", "unit_id", "responsible", "made_time_place", "category", "period", "form", "retention"]
    exempt = {**draft, "category": "dikecualikan"}
    del exempt["period"]
    assert next_question(exempt) == "legal_basis"
    assert next_question({**exempt, "legal_basis": "UU 14/2008 Pasal 17"}) is None
    assert next_question({**draft, "category": "setiap_saat"}) is None  # a period left over is not asked


def test_choosing_a_category_clears_what_only_a_category_has() -> None:
    draft = {"token": "0123abcd", "summary": "Data", "unit_id": 3, "category": "berkala", "period": "monthly"}
    exempt = with_category(draft, "dikecualikan")
    assert exempt == {"token": "0123abcd", "summary": "Data", "unit_id": 3, "category": "dikecualikan"}
    assert next_question(exempt) == "responsible"
    assert draft["period"] == "monthly"  # the draft given is left as it was
    basis = {**exempt, "legal_basis": "UU 14/2008 Pasal 17 huruf a"}
    assert with_category(basis, "berkala") == {**exempt, "category": "berkala"}
    again = with_category(draft, "berkala")
    assert "period" not in again and next_question(again) == "responsible"  # berkala again: its period asked anew
    assert next_question({**again, "responsible": "x", "made_time_place": "y"}) == "period"
    assert with_category({"summary": "Data"}, "setiap_saat") == {"summary": "Data", "category": "setiap_saat"}


def test_a_classification_keeps_only_the_fields_of_its_category() -> None:
    assert validate_classification("berkala", "quarterly", None) == ("berkala", "quarterly", None)
    assert validate_classification("dikecualikan", None, None, EXEMPTION) == (
        "dikecualikan", None, "UU 14/2008 Pasal 17 huruf a, h"
    )
    assert validate_classification("setiap_saat", None, "  ") == ("setiap_saat", None, None)
    for category, period, basis, key in (
        ("setiap_saat", "monthly", None, "dip_err_period_only_berkala"),
        ("dikecualikan", "monthly", "UU 14/2008 Pasal 17 huruf a", "dip_err_period_only_berkala"),
        ("berkala", "monthly", "UU 14/2008 Pasal 17 huruf a", "dip_err_basis_only_exempt"),
        ("serta_merta", None, "UU 14/2008 Pasal 17 huruf a", "dip_err_basis_only_exempt"),
        ("berkala", None, None, "dip_err_period_required"),
        # a typed legal basis alone is no longer an exemption: the consequence test is required
        ("dikecualikan", None, "UU 14/2008 Pasal 17 huruf a", "ex_err_incomplete"),
    ):
        with pytest.raises(ValidationError) as refused:
            validate_classification(category, period, basis)
        assert refused.value.key == key, (category, period, basis)
