"""Input and output serializers of the principles API. Inputs check shape only (ids are
looked up within the study by the services); outputs present what the selectors read."""

from rest_framework import serializers

from coding.ordering import MAX_ORDER


def _ids(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        max_length=5000,
        required=False,
        help_text=help_text,
    )


class PrincipleIn(serializers.Serializer):
    statement = serializers.CharField(max_length=2000)
    cluster = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )
    implication = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    evidence = _ids("Coding ids the principle rests on (quotes are added).")
    moments = _ids("Significant moment ids the principle rests on.")
    quotes = _ids("Coding ids chosen as its quotes (at most 10).")
    order = serializers.IntegerField(min_value=0, max_value=MAX_ORDER, required=False)


class PrincipleOut(serializers.Serializer):
    id = serializers.IntegerField()
    statement = serializers.CharField()
    cluster = serializers.IntegerField(allow_null=True)
    cluster_name = serializers.CharField(allow_null=True)
    implication = serializers.CharField(allow_blank=True)
    evidence = serializers.ListField(child=serializers.IntegerField())
    moments = serializers.ListField(child=serializers.IntegerField())
    quotes = serializers.ListField(child=serializers.IntegerField())
    order = serializers.IntegerField()
    author = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CoreCategoryIn(serializers.Serializer):
    statement = serializers.CharField(
        max_length=2000, allow_blank=True, help_text="Empty removes the core category."
    )


class CoreCategoryOut(serializers.Serializer):
    statement = serializers.CharField(allow_blank=True)
    author = serializers.CharField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)
