"""Heatmap cells: shades, the query behind each cell, and escaping of every name."""

from coding.analysis.heatmap import heat_rows, heat_table, shade

MATRIX = {
    "source": "all",
    "by": "code",
    "columns": [{"id": 7, "name": 'Say "no" <b>'}, {"id": 8, "name": "Other"}],
    "rows": [
        {"participant": "P<1>", "participant_id": 3, "counts": [4, 0]},
        {"participant": "P02", "participant_id": 4, "counts": [1, 2]},
    ],
}


def test_shade():
    assert shade(0, 4) == ""
    assert shade(4, 4) == "background-color: rgba(8, 81, 156, 0.90); color: #fff"
    assert (
        shade(1, 4) == "background-color: rgba(8, 81, 156, 0.32); color: #1f2430"
    )  # 0.12 + 0.78 / 4


def test_matrix_cells():
    heat = heat_rows("matrix", MATRIX)
    first = heat["rows"][0]["cells"][0]
    assert first["n"] == 4
    assert (
        first["query"]
        == "source=all&participant=3&code=7&title=P%3C1%3E+%C2%B7+Say+%22no%22+%3Cb%3E"
    )
    assert heat["zeros"] is True


def test_table_escapes_every_name():
    html = heat_table(heat_rows("matrix", MATRIX), "/studies/1/analysis/segments/")
    assert "<b>" not in html and "P<1>" not in html
    assert "Say &quot;no&quot; &lt;b&gt;" in html
    assert '<th scope="row">P&lt;1&gt;</th>' in html
    assert 'hx-get="/studies/1/analysis/segments/?source=all&amp;participant=3&amp;code=7' in html
    assert '<span class="zero">0</span>' in html
    assert 'title="P&lt;1&gt; · Say &quot;no&quot; &lt;b&gt;: 4"' in html


def test_cooccurrence_diagonal_and_zeros_blank():
    found = {
        "source": "consensus",
        "kind": "moment",
        "codes": [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}],
        "matrix": [[0, 3], [3, 0]],
    }
    heat = heat_rows("cooccurrence", found)
    assert [c["n"] for c in heat["rows"][0]["cells"]] == [None, 3]
    assert (
        heat["rows"][1]["cells"][0]["query"] == "source=consensus&kind=moment&a=2&b=1&title=B+%2B+A"
    )
    assert 'class="zero"' not in heat_table(heat, "/s/")
