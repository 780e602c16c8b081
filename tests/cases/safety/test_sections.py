import pytest

from intake.cases.safety.sections import (SECTION_KEYS, changed_sections, changes_by_revision,
                                          lines, normalise)


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


def test_changes_by_revision_names_the_sections_each_save_touched():
    class Revision:
        def __init__(self, number, content):
            self.number, self.content = number, content

    revisions = [Revision(1, {"code_word": "lantern", "go_bag": "keys"}),
                 Revision(2, {"code_word": "kettle", "go_bag": "keys"}),
                 Revision(3, {"code_word": "kettle"})]
    assert changes_by_revision(revisions) == {
        1: ["Code word", "Documents and go-bag"], 2: ["Code word"], 3: ["Documents and go-bag"]}
