"""The settings screen's line formats (pure)."""
import pytest

from intake.admin import settings_text as st


def test_regions_round_trip():
    text = "ny | New York\nNJ|New Jersey\n\n"
    regions = st.parse_regions(text)
    assert regions == [{"code": "NY", "name": "New York"}, {"code": "NJ", "name": "New Jersey"}]
    assert st.parse_regions(st.format_regions(regions)) == regions


@pytest.mark.parametrize("text, message", [
    ("", "at least one region"),
    ("NY New York", "Line 1 should look like"),
    ("NY | New York\nNY | Again", "Line 2: NY is listed twice"),
    ("N | Tiny", "2 to 10 letters"),
    ("NY | New York | extra", "should look like"),
    ("NY | " + "x" * 81, "longer than 80"),
])
def test_bad_regions(text, message):
    with pytest.raises(st.FormatError, match=message):
        st.parse_regions(text)


def test_resources_and_overrides():
    assert st.parse_resources("Emergency | Call 911") == [{"label": "Emergency", "contact": "Call 911"}]
    overrides = st.parse_overrides("ny | NYC Well | Call 988\nNY | Safe Horizon | 1-800-621-4673",
                                   {"NY", "NJ"})
    assert list(overrides) == ["NY"] and len(overrides["NY"]) == 2
    resources = {"default": [{"label": "A", "contact": "B"}], **overrides}
    assert st.parse_overrides(st.format_overrides(resources), {"NY"}) == overrides


@pytest.mark.parametrize("text, message", [
    ("CA | Line | 123", "CA is not one of the served regions"),
    ("NY | missing contact", "should look like"),
    ("NY | | 123", "should look like"),
])
def test_bad_overrides(text, message):
    with pytest.raises(st.FormatError, match=message):
        st.parse_overrides(text, {"NY"})


def test_resources_need_one_line():
    with pytest.raises(st.FormatError, match="at least one"):
        st.parse_resources("  \n ")
