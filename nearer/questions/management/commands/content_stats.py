import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nearer.questions.content import ContentError, read_questions, stats


class Command(BaseCommand):
    help = "Count the questions in content/ by foundation and depth."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--locale", default="en")

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = stats(read_questions(str(options["locale"])))
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        grid = result["by_foundation_depth"]
        self.stdout.write(f"{'foundation':<16}" + "".join(f"{d:>6}" for d in "1234"))
        for key, row in grid.items():
            self.stdout.write(f"{key:<16}" + "".join(f"{row[d]:>6}" for d in "1234"))
        self.stdout.write(f"total {result['total']}")
