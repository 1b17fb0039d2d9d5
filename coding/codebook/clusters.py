"""Cluster services: create, change, reorder and delete clusters (owners only); deleting a
cluster keeps its codes (they lose the cluster) and lifts its children one level."""

from django.db import transaction

from coding.codebook.services import (
    Action,
    clean_name,
    get_cluster,
    record,
    require_member,
    save_unique,
)
from coding.models import Cluster
from coding.ordering import next_order
from transcripts.errors import DomainError
from transcripts.models import Membership


@transaction.atomic
def create_cluster(
    *,
    member: Membership,
    name: str,
    description: str = "",
    order: int | None = None,
    parent_id: object = None,
) -> Cluster:
    study, actor = require_member(member, owner=True)
    if order is None:
        last = study.clusters.order_by("-order").values_list("order", flat=True).first()
        order = next_order(last, first=1)
    cluster = Cluster(
        study=study,
        name=clean_name(name),
        description=description.strip(),
        order=order,
        parent=get_cluster(study, parent_id, "parent"),
    )
    save_unique(cluster)
    record(
        study, actor, Action.CREATE_CLUSTER, f"Cluster “{cluster.name}” created", cluster=cluster.pk
    )
    return cluster


@transaction.atomic
def update_cluster(
    *, member: Membership, cluster_id: object, reason: str = "", **changes
) -> Cluster:
    study, actor = require_member(member, owner=True)
    cluster = get_cluster(study, cluster_id)
    before = {
        "name": cluster.name,
        "description": cluster.description,
        "order": cluster.order,
        "parent": cluster.parent_id,
    }
    if "name" in changes:
        cluster.name = clean_name(changes["name"])
    if "description" in changes:
        cluster.description = changes["description"].strip()
    if "order" in changes:
        cluster.order = changes["order"]
    if "parent_id" in changes:
        parent = get_cluster(study, changes["parent_id"], "parent")
        ancestor = parent
        while ancestor is not None:  # a cluster cannot sit under itself or its descendants
            if ancestor.pk == cluster.pk:
                raise DomainError("parent", "A cluster cannot be placed under itself.")
            ancestor = ancestor.parent
        cluster.parent = parent
    save_unique(cluster)
    after = {
        "name": cluster.name,
        "description": cluster.description,
        "order": cluster.order,
        "parent": cluster.parent_id,
    }
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changed:
        record(
            study,
            actor,
            Action.UPDATE_CLUSTER,
            f"Cluster “{cluster.name}” changed: {', '.join(changed)}",
            reason,
            cluster=cluster.pk,
            changes=changed,
        )
    return cluster


def siblings_of(cluster: Cluster) -> list[Cluster]:
    """The clusters under the same parent (or at the top), in their display order."""
    return list(Cluster.objects.filter(study_id=cluster.study_id, parent_id=cluster.parent_id))


@transaction.atomic
def move_cluster(
    *, member: Membership, cluster_id: object, direction: int, reason: str = ""
) -> Cluster:
    """Swap a cluster's place with its neighbour among its siblings: -1 up, +1 down; at either
    end nothing changes. Tied orders are first numbered 1..n so that the swap is visible."""
    study, actor = require_member(member, owner=True)
    if direction not in (-1, 1):
        raise DomainError("direction", "Move a cluster up (-1) or down (+1).")
    cluster = get_cluster(study, cluster_id)
    if cluster is None:
        raise DomainError("cluster", "Choose the cluster to move.")
    siblings = siblings_of(cluster)
    position = next(i for i, c in enumerate(siblings) if c.pk == cluster.pk)
    other = position + direction
    if not 0 <= other < len(siblings):
        return cluster
    orders = [c.order for c in siblings]
    if len(set(orders)) < len(orders):  # ties fall back on names: number them afresh
        orders = list(range(1, len(siblings) + 1))
    siblings[position], siblings[other] = siblings[other], siblings[position]
    changes, changed = {}, []
    for sibling, order in zip(siblings, orders, strict=True):
        if sibling.order != order:
            changes[str(sibling.pk)] = [sibling.order, order]
            sibling.order = order
            changed.append(sibling)
    Cluster.objects.bulk_update(changed, ["order"])
    record(
        study,
        actor,
        Action.UPDATE_CLUSTER,
        f"Cluster “{cluster.name}” moved {'up' if direction < 0 else 'down'}",
        reason,
        cluster=cluster.pk,
        orders=changes,
    )
    return siblings[other]


@transaction.atomic
def delete_cluster(*, member: Membership, cluster_id: object, reason: str = "") -> None:
    """Delete a cluster; its codes stay, unclustered, and its sub-clusters move up a level."""
    study, actor = require_member(member, owner=True)
    cluster = get_cluster(study, cluster_id)
    codes = list(cluster.codes.values_list("name", flat=True))
    cluster.codes.update(cluster=None)
    cluster.children.update(parent=cluster.parent)
    record(
        study,
        actor,
        Action.DELETE_CLUSTER,
        f"Cluster “{cluster.name}” deleted; {len(codes)} code(s) left unclustered",
        reason,
        cluster=cluster.pk,
        codes=codes,
    )
    cluster.delete()


# ---------------------------------------------------------------- codes
