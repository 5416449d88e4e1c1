"""What each home action opens. Kept apart from the home screen so screens don't import each other in cycles."""

from __future__ import annotations

from quizengine.engine.config import Mode
from quizengine.services.quiz import QuizRunner
from quizengine.tui.safe import safe_view
from quizengine.tui.screens.base import BaseScreen

PRACTICE_ITEMS = 10


def start_attempt(screen: BaseScreen, mode: Mode, areas: list[str] | None = None) -> None:
    from quizengine.tui.screens.question import QuestionScreen

    app = screen.quiz_app
    learner = app.learner
    assert learner is not None

    def start() -> QuizRunner:
        return app.quizzes.start(learner.id, mode, areas, practice_items=PRACTICE_ITEMS)

    screen.background(start, lambda runner: app.push_screen(QuestionScreen(runner)))


def resume_attempt(screen: BaseScreen, attempt_id: int) -> None:
    from quizengine.tui.screens.question import QuestionScreen

    app = screen.quiz_app
    screen.background(lambda: app.quizzes.resume(attempt_id), lambda runner: app.push_screen(QuestionScreen(runner)))


def start_or_resume(screen: BaseScreen, mode: Mode, areas: list[str] | None, active_attempt: int | None) -> None:
    """Start an attempt; if one is unfinished, first ask whether to resume it or close it."""
    from quizengine.tui.screens.pickers import UnfinishedAttemptPrompt

    if active_attempt is None:
        start_attempt(screen, mode, areas)
        return

    def decided(choice: str | None) -> None:
        if choice == "resume":
            resume_attempt(screen, active_attempt)
        elif choice == "new":
            start_attempt(screen, mode, areas)

    screen.app.push_screen(UnfinishedAttemptPrompt(active_attempt), decided)


def run_home_action(screen: BaseScreen, action: str, active_attempt: int | None) -> None:
    from quizengine.tui.screens.banks import BanksScreen
    from quizengine.tui.screens.history import HistoryScreen
    from quizengine.tui.screens.pickers import AreaPicker
    from quizengine.tui.screens.profile import ProfileScreen
    from quizengine.tui.screens.settings import SettingsScreen

    app = screen.quiz_app
    if action == "resume":
        if active_attempt is None:
            screen.notify("There is no unfinished attempt to resume.")
        else:
            resume_attempt(screen, active_attempt)
    elif action in ("quick", "thorough"):
        start_or_resume(screen, "quick" if action == "quick" else "thorough", None, active_attempt)
    elif action in ("focus", "practice"):
        mode: Mode = "focus" if action == "focus" else "practice"
        title = "Focus on which area?" if mode == "focus" else "Practise which area?"

        def chosen(area: str | None) -> None:
            if area:
                start_or_resume(screen, mode, [area], active_attempt)

        app.push_screen(AreaPicker(title, safe_view(app.reports.catalog())), chosen)
    elif action == "history":
        app.push_screen(HistoryScreen())
    elif action == "banks":
        app.push_screen(BanksScreen())
    elif action == "settings":
        app.push_screen(SettingsScreen())
    elif action == "profile":
        app.switch_screen(ProfileScreen())
