from django.core.management.base import BaseCommand, CommandError, CommandParser

from nearer.questions.content import ContentError, read_questions
from nearer.questions.operations import load_questions


class Command(BaseCommand):
    help = "Load the question bank from content/ (safe to run any number of times)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--locale", default="en")

    def handle(
        self, *args: object, locale: str = "en", verbosity: int = 1, **options: object
    ) -> None:
        try:
            questions = read_questions(locale)
        except ContentError as exc:
            raise CommandError(f"The content files have problems:\n{exc}") from exc
        counts = load_questions(questions=questions)
        if verbosity > 0:
            self.stdout.write(", ".join(f"{name} {n}" for name, n in counts.items()))
