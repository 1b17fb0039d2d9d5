"""A participant attribute against clusters, pure: for each value of the attribute (the
participants who have it form a group), how many of the group endorse each cluster, with the
CQR label within the group."""

from dataclasses import dataclass

from coding.analysis import cqr

NOT_SET = "(not set)"


@dataclass(frozen=True, slots=True)
class Group:
    value: str
    participants: int


def value_text(value: object) -> str:
    """An attribute value as the group's name: JSON numbers, booleans and lists as text."""
    if value is None or value == "":
        return NOT_SET
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def attribute_table(
    values: dict[int, object],
    presence: list[tuple[int, int]],
    clusters: list[str],
    thresholds: cqr.Thresholds,
) -> tuple[list[Group], list[dict]]:
    """values: participant -> attribute value (every participant counted); presence:
    (participant, cluster column) pairs. Groups sorted by value, NOT_SET last."""
    group_of = {p: value_text(v) for p, v in values.items()}
    names = sorted(set(group_of.values()) - {NOT_SET}, key=lambda v: (v.lower(), v))
    if NOT_SET in group_of.values():
        names.append(NOT_SET)
    size = {name: sum(1 for g in group_of.values() if g == name) for name in names}
    endorsing: dict[tuple[int, str], set[int]] = {}
    for participant, column in presence:
        if participant in group_of:
            endorsing.setdefault((column, group_of[participant]), set()).add(participant)
    rows = []
    for column, cluster in enumerate(clusters):
        cells = []
        for name in names:
            n = len(endorsing.get((column, name), ()))
            cells.append(
                {
                    "value": name,
                    "participants": n,
                    "of": size[name],
                    "label": cqr.label(n, size[name], thresholds),
                }
            )
        rows.append({"cluster": cluster, "cells": cells})
    return [Group(name, size[name]) for name in names], rows
