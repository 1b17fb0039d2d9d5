"""Pure matching: hand-counted code-point offsets with accents, emoji, case, "ß", curly
apostrophes and decomposed letters (the same cases as tests/js/textsearch.test.mjs)."""

import pytest

from coding.search import matching

# É0 s1 a2 ␠3 f4 u5 e6 ␠7 l8 a9 ␠10 C11 A12 F13 É14 ␠15 😊16 ␠17 c18 a19 f20 é21 .22
FIRST = "\u00c9sa fue la CAF\u00c9 \U0001f60a caf\u00e9."
# S25 t26 r27 a28 ß29 e30 ,31 ␠32 s33 t34 r35 a36 s37 s38 e39 ;40 ␠41 d42 o43 n44 ’45 t46 ␠47
# D48 O49 N50 '51 T52 .53
SECOND = "Stra\u00dfe, strasse; don\u2019t DON'T."
# n60 a61 i62 ◌̈63 v64 e65 ␠66 e67 ◌́68 t69 e70
THIRD = "nai\u0308ve e\u0301te"
TEXT = FIRST + "\n\n" + SECOND + "\n\nAb: " + THIRD
TURNS = [(0, 23), (25, 54), (60, 71)]


def spans(query: str) -> list[tuple[int, int]]:
    return [hit for start, end in TURNS for hit in matching.find(TEXT, query, start, end)]


def test_the_text_is_as_counted():
    assert len(FIRST) == 23 and TEXT.index(SECOND) == 25 and TEXT.index(THIRD) == 60
    assert len(TEXT) == 71


@pytest.mark.parametrize(
    "query, expected",
    [
        ("cafe", [(11, 15), (18, 22)]),
        ("CAFÉ", [(11, 15), (18, 22)]),
        ("esa", [(0, 3)]),
        ("\U0001f60a cafe", [(16, 22)]),
        ("strasse", [(25, 31), (33, 40)]),
        ("Straße", [(25, 31), (33, 40)]),
        ("don't", [(42, 47), (48, 53)]),
        ("don\u2019t", [(42, 47), (48, 53)]),
        ("naive", [(60, 66)]),
        ("ETE", [(67, 71)]),
        ("  la   cafe ", [(8, 15)]),
        ("café. Straße", []),
        ("(x", []),
        ("a.b", []),
    ],
)
def test_hits_are_code_point_spans(query, expected):
    assert spans(query) == expected


def test_a_search_of_the_whole_text_crosses_line_breaks_but_turns_do_not():
    assert matching.find(TEXT, "café. Straße") == [(18, 31)]


def test_is_hit_and_fold():
    assert matching.is_hit(TEXT, "cafe", 11, 15)
    assert not matching.is_hit(TEXT, "cafe", 11, 14)
    assert not matching.is_hit(TEXT, "cafe", 70, 90)
    assert matching.fold("Ésa CAFÉ Straße don’t") == "esa cafe strasse don't"


@pytest.mark.parametrize(
    "query, problem",
    [
        ("", "Type a word or phrase to search for."),
        ("   ", "Type a word or phrase to search for."),
        (None, "Type a word or phrase to search for."),
        ("a\x00b", "Null characters are not allowed."),
        ("x" * 201, "A search has at most 200 characters."),
        ("\u0301", "Type a word or phrase to search for (accents alone match nothing)."),
        ("café", None),
    ],
)
def test_query_problems(query, problem):
    assert matching.query_problem(query) == problem


def test_context_window_stays_in_the_turn_and_cuts_at_words():
    text = "one two three four five six seven\neight nine"
    start = text.index("four")
    assert matching.window(text, start, start + 4, 0, 33, size=10) == matching.Window(
        "three ", "four", " five six"
    )
    assert matching.window(text, start, start + 4, 8, 33, size=100) == matching.Window(
        "three ", "four", " five six seven"
    )
    end = text.index("seven") + 5
    assert matching.window(text, end - 5, end, 0, None, size=8) == matching.Window(
        "six ", "seven", " eight"
    )


def test_whole_words_no_letter_digit_or_combining_mark_adjoins_the_hit():
    # t0 h1 e2 ␠3 t4..y10 ␠11 b12..e18 ,19 ␠20 T21 h22 e23 ␠24 e25 n26 d27 .28 ␠29 e30 ◌́31
    # t32 h33 e34 ␠35 😊36 t37 h38 e39
    text = "the therapy breathe, The end. e\u0301the \U0001f60athe"
    assert matching.find(text, "the", whole_words=True) == [(0, 3), (21, 24), (37, 40)]
    assert matching.find(text, "the") == [(0, 3), (4, 7), (16, 19), (21, 24), (32, 35), (37, 40)]
    assert matching.is_hit(text, "the", 4, 7) and not matching.is_hit(text, "the", 4, 7, True)
    assert matching.is_hit(text, "the", 21, 24, True)


def test_texts_without_combining_marks_are_searched_without_allowing_for_them():
    assert matching.has_marks(THIRD) and not matching.has_marks(FIRST + SECOND)
    plain = FIRST + "\n\n" + SECOND
    for query in ("cafe", "strasse", "don't", "\U0001f60a cafe"):
        quick = matching.pattern_for(query, marks=False)
        assert [m.span() for m in quick.finditer(plain)] == matching.find(plain, query)
    # with marks in the text, the quick pattern would cut "naïve" short: it is not used there
    assert matching.pattern_for("nai", marks=False).search(THIRD).span() == (0, 3)
    assert matching.find(THIRD, "nai") == [(0, 4)]
