"""The workbench's turns markup (coding/codings/turns_html.py)."""

from coding.codings.turns_html import clock, turns_html

TEXT = "Interviewer: Why?\nRosa: <b>Because</b> it's 😊 & fine."


def test_turns_markup_escapes_text_numbers_turns_and_drops_a_role_badge_that_repeats_the_label():
    rosa = TEXT.index("<b>")
    html = turns_html(
        [
            (0, "Interviewer", "interviewer", 13, 17, None, None),
            (1, "Rosa", "client", rosa, len(TEXT), 61.5, 3725.0),
        ],
        TEXT,
    )
    first, second = html.split("\n")
    assert first == (
        '<div class="turn role-interviewer" id="turn-0"><div class="speaker">'
        '<a class="num" href="#turn-0" title="Turn 1">1</a> <span class="label">Interviewer</span> '
        '</div><div class="text" tabindex="-1" data-start="13" data-end="17">Why?</div></div>'
    )
    assert '<span class="role">client</span>' in second
    assert '<span class="time" title="61.5–3725.0 s">1:01–1:02:05</span>' in second
    assert (
        f'data-start="{rosa}" data-end="{len(TEXT)}">'
        "&lt;b&gt;Because&lt;/b&gt; it's 😊 &amp; fine.</div>"
    ) in second


def test_clock():
    assert (clock(0), clock(59.9), clock(3600)) == ("0:00", "0:59", "1:00:00")
