"""The per-process store (transcripts.kept): bounded by total size, least recently used out
first, the newest entry kept whatever its size, a key kept twice counted once."""

from transcripts.kept import Kept


def test_the_least_recently_used_goes_first_within_the_limit():
    kept = Kept(3)
    for key in "abc":
        kept.put(key, key.upper())
    assert kept.get("a") == "A"  # now the most recent
    kept.put("d", "D")
    assert [kept.get(key) for key in "abcd"] == ["A", None, "C", "D"]


def test_sizes_count_and_a_key_kept_twice_counts_once():
    kept = Kept(10, size=len)
    kept.put("x", "123456")
    kept.put("x", "1234")  # another request kept it meanwhile: 4, not 10
    kept.put("y", "12345")
    assert (kept.get("x"), kept.get("y")) == ("1234", "12345")
    kept.put("z", "1" * 50)  # larger than the limit: kept alone
    assert (kept.get("x"), kept.get("y"), kept.get("z")) == (None, None, "1" * 50)
