from django.conf import settings
from django.db import migrations, models

CONSENSUS_PREFIX = "consensus-study"  # how the first build named the consensus identity


def link_consensus_users(apps, schema_editor):
    Study = apps.get_model("transcripts", "Study")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for user in User.objects.filter(username__startswith=CONSENSUS_PREFIX):
        suffix = user.username[len(CONSENSUS_PREFIX) :]
        if suffix.isdigit():
            Study.objects.filter(pk=int(suffix), consensus_user=None).update(consensus_user=user)


def unlink_consensus_users(apps, schema_editor):
    apps.get_model("transcripts", "Study").objects.update(consensus_user=None)


class Migration(migrations.Migration):
    dependencies = [
        ("transcripts", "0003_membership_can_reconcile"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("membership", "can_reconcile", "named_reconciler"),
        migrations.AddField(
            model_name="study",
            name="consensus_user",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="consensus_of",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(link_consensus_users, unlink_consensus_users),
    ]
