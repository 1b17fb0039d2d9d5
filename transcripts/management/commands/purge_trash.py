"""Remove for good what has been in the trash for more than 30 days (run daily, e.g. cron)."""

from django.core.management.base import BaseCommand

from transcripts.trash import services


class Command(BaseCommand):
    help = f"Delete studies and transcripts in the trash for over {services.TRASH_DAYS} days."

    def handle(self, *args, **options) -> None:
        removed = services.purge_trash()
        self.stdout.write(
            f"Purged {removed['studies']} studies and {removed['transcripts']} transcripts "
            f"deleted more than {services.TRASH_DAYS} days ago."
        )
