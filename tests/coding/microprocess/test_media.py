"""Media sniffing and Range headers (pure)."""

import pytest

from coding.microprocess import media


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"RIFF\x24\x08\x00\x00WAVEfmt ", "audio/wav"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x64" + b"\x00" * 8, "audio/mpeg"),
        (b"OggS\x00\x02" + b"\x00" * 6, "audio/ogg"),
        (b"fLaC\x00\x00\x00\x22" + b"\x00" * 4, "audio/flac"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81", "video/webm"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", "video/mp4"),
        (b"WEBVTT\n\n00:00", None),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00", None),
        (b"", None),
    ],
)
def test_sniff(head, kind):
    assert media.sniff(head) == kind


@pytest.mark.parametrize(
    "header, expected",
    [
        (None, None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=900-5000", (900, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=0-1,5-6", None),
        ("items=0-1", None),
        ("bytes=-", None),
    ],
)
def test_byte_range(header, expected):
    assert media.byte_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5-4", "bytes=-0"])
def test_unsatisfiable_range(header):
    with pytest.raises(ValueError):
        media.byte_range(header, 1000)
