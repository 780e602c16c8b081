import pytest

from intake.cases.safety.sections import SECTION_KEYS, changed_sections, lines, normalise


def test_every_section_the_issue_names_is_there():
    assert SECTION_KEYS == ["warning_signs", "coping_steps", "safe_people", "safe_places",
                            "emergency_numbers", "communication_plan", "code_word", "go_bag"]


@pytest.mark.parametrize("text, expected", [
    (None, []), ("", []), ("  \n \n", []), ("one", ["one"]), (" a \n\n b\r\nc ", ["a", "b", "c"])])
def test_lines(text, expected):
    assert lines(text) == expected


def test_normalise_keeps_known_filled_sections_only():
    assert normalise({"warning_signs": " x ", "code_word": "  ", "nonsense": "y"}) == {
        "warning_signs": "x"}


def test_changed_sections_treats_missing_and_empty_alike():
    assert changed_sections({}, {"code_word": ""}) == []
    assert changed_sections({"code_word": "lantern"}, {"code_word": "harbour",
                                                      "go_bag": "passport"}) == ["code_word", "go_bag"]
