"""The app's state as screens see it (services, the learner, the preview label), without any screen: screens
import this, the app in app.py imports the screens, so nothing imports in a cycle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.dom import DOMNode

from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.services.results import ResultsService
from quizengine.services.review import ReviewService
from quizengine.services.views import LearnerView
from quizengine.tui.errors import report_error
from quizengine.tui.filters import without_unsafe_monochrome
from quizengine.tui.safe import safe_view

T = TypeVar("T")


class QuizShell(App[None]):
    """Services and the signed-in learner; navigation lives in the subclass, QuizApp."""

    def __init__(self, context: ServiceContext, *, preview: str | None = None) -> None:
        super().__init__()
        # Textual keeps its line filters in a private list and offers no hook to replace one (see filters.py).
        self._filters = without_unsafe_monochrome(self._filters)
        self.context = context
        self.preview = preview  # where a --banks preview keeps its throwaway history, or None
        self.learners = LearnerService(context)
        self.quizzes = QuizService(context)
        self.reports = ResultsService(context)
        self.reviews = ReviewService(context)
        self.learner: LearnerView | None = None

    def set_learner(self, learner: LearnerView) -> None:
        self.learner = learner
        if learner.theme and learner.theme in self.available_themes:
            self.theme = learner.theme
        label = learner.name + (f" · target: {learner.target_role_title}" if learner.target_role_title else "")
        self.sub_title = label  # a preview says so in the title

    @property
    def learner_role(self) -> str | None:
        return self.learner.target_role if self.learner else None


def run_job(node: DOMNode, job: Callable[[], T], done: Callable[[T], object], *, group: str = "db",
            failed: Callable[[], object] | None = None) -> None:
    """Run `job` (blocking database work) in a thread worker owned by `node`; `done` gets its result on the UI
    thread, every string in it neutralised (bank text never reaches a widget raw).

    A learner-facing error (their input, a database failure) becomes a notification; anything else (in `job`
    or in `done`) opens the error window and is logged; never a crash. `failed` (if given) then runs on the UI
    thread so the caller can accept input again. Jobs of one group run one at a time, in order.
    """
    app = node.app

    def work() -> None:
        try:
            result = job()
            app.call_from_thread(done, safe_view(result))
        except Exception as exc:  # every failure is shown and survived
            app.call_from_thread(_report, app, exc, failed)

    node.run_worker(work, thread=True, group=group, exit_on_error=False)


def _report(app: App[Any], exc: Exception, failed: Callable[[], object] | None) -> None:
    report_error(app, exc)
    if failed is not None:
        failed()
