from django.contrib import admin

from .models import Cluster, Code


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "study", "order", "parent"]
    list_filter = ["study"]


@admin.register(Code)
class CodeAdmin(admin.ModelAdmin):
    list_display = ["name", "cluster", "study", "active"]
    list_filter = ["study", "active"]
    search_fields = ["name", "definition"]
