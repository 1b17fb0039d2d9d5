"""Input and output of the token endpoint."""

from rest_framework import serializers


class TokenIn(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"})


class TokenOut(serializers.Serializer):
    token = serializers.CharField(source="key")
    expires = serializers.DateTimeField()
