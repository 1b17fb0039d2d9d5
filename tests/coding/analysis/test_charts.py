"""The figures' Vega-Lite specifications: the data they plot is the table's, and they render."""

from coding.analysis import charts

FREQUENCIES = {
    "participants": 4,
    "rows": [
        {"cluster": "R", "code": None, "participants": 3, "label": "general"},
        {"cluster": "R", "code": "a", "participants": 3, "label": "general"},
        {"cluster": "E", "code": None, "participants": 1, "label": ""},
    ],
}


def test_frequencies_plots_cluster_rows_with_their_labels():
    spec = charts.frequencies(FREQUENCIES)
    values = spec["data"]["values"]
    assert [(v["cluster"], v["participants"], v["label"]) for v in values] == [
        ("R", 3, "general"),
        ("E", 1, "unlabelled"),
    ]
    assert spec["encoding"]["x"]["scale"]["domain"] == [0, 4]


def test_saturation_in_coding_order_and_renders():
    steps = [("P02", 2, 3, 2), ("P01", 0, 3, 3)]  # (participant, new codes, codebook, used)
    found = {
        "steps": [
            {"participant": p, "codings": 1, "new_codes": new, "codes": codes, "used": used}
            for p, new, codes, used in steps
        ]
    }
    spec = charts.saturation(found)
    assert spec["layer"][0]["encoding"]["x"]["sort"] == ["P02", "P01"]
    assert spec["layer"][1]["data"]["values"] == [
        {"participant": "P02", "series": "codebook size", "value": 3},
        {"participant": "P02", "series": "codes applied so far", "value": 2},
        {"participant": "P01", "series": "codebook size", "value": 3},
        {"participant": "P01", "series": "codes applied so far", "value": 3},
    ]
    svg = charts.render(spec, "svg")
    assert svg.startswith(b"<svg") and b"P02" in svg and b"codebook size" in svg


def test_dense_heatmaps_leave_numbers_out():
    names = [f"c{i}" for i in range(25)]
    found = {
        "kind": "span",
        "codes": [{"id": i, "name": n} for i, n in enumerate(names)],
        "matrix": [[1] * 25 for _ in names],
    }
    assert "layer" not in charts.cooccurrence(found)  # 600 cells: no text layer
    small = {
        "kind": "span",
        "codes": found["codes"][:3],
        "matrix": [[0, 1, 2], [1, 0, 0], [2, 0, 0]],
    }
    assert len(charts.cooccurrence(small)["layer"]) == 2


def test_heatmaps_are_the_same_bytes_every_time():
    """Vega's gradient ids count on across a process's figures; render renumbers them."""
    found = {"kind": "span", "codes": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]}
    found["matrix"] = [[0, 1], [1, 0]]
    first, again = (charts.render(charts.cooccurrence(found), "svg") for _ in range(2))
    assert first == again
    assert b'id="figure-0"' in first and b"url(#figure-0)" in first
    label = b"<text>url(#gradient_7) and clip3</text>"  # a code named so: left alone
    assert charts.stable_ids(label) == label
