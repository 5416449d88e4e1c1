"""Progress over time: per area, the score with its 95% interval after each finished attempt as a plot
(left/right switch the area), then review retention, confidence calibration and the attempts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static
from textual_plot import AxisFormatter, HiResMode, PlotWidget

from quizengine.paths import data_dir
from quizengine.services.progress import ProgressService
from quizengine.services.report import ReportFormat, ReportService, default_report_path
from quizengine.services.views import AreaTrend, AttemptSummary, ProgressView, RetentionView
from quizengine.tui.screens.base import BaseScreen
from quizengine.tui.widgets.calibration import CBM_EXPLAINED, calibration_text

ATTEMPTS_SHOWN = 20
PLOT_LEGEND = ("● score after each finished attempt (UTC dates) · │ its 95% interval · the flat line (yellow): "
               "your target level · levels begin at 13, 35, 65, 87")


class MeasurementDates(AxisFormatter):
    """x is the measurement's number (1, 2, ...); its tick says the date it was taken."""

    def __init__(self, dates: Sequence[dt.datetime]) -> None:
        self.dates = list(dates)

    def get_ticks(self, min_: float, max_: float, max_ticks: int = 8) -> list[float]:
        positions = [float(i) for i in range(1, len(self.dates) + 1) if min_ <= i <= max_]
        step = max(1, -(-len(positions) // max(1, max_ticks)))
        return positions[::step]

    def get_labels_for_ticks(self, ticks: Sequence[float]) -> list[str]:
        labels = []
        for tick in ticks:
            index = round(tick) - 1
            labels.append(self.dates[index].strftime("%b %d") if 0 <= index < len(self.dates) else "")
        return labels


def trend_heading(trend: AreaTrend, index: int, count: int) -> Text:
    text = Text()
    text.append(f"◀ {index + 1}/{count} ▶  ", style="dim")
    text.append(trend.title, style="bold")
    if trend.target_name:
        text.append(f"  target: {trend.target_name} (from score {trend.target_score})", style="yellow")
    text.append("\n")
    if not trend.points:
        text.append("Not measured yet: finish an assessment that covers this area to see it here.", style="dim")
        return text
    latest = trend.points[-1]
    text.append(f"{len(trend.points)} measurement{'s' if len(trend.points) != 1 else ''}; latest "
                f"{latest.score} [{latest.score_low}-{latest.score_high}], {latest.band}")
    if len(trend.points) > 1:
        change = latest.score - trend.points[0].score
        text.append(f", {change:+d} since the first")
    return text


def points_text(trend: AreaTrend) -> Text:
    text = Text()
    for number, point in enumerate(trend.points, start=1):
        text.append(f"{number:>3}. {point.measured_at:%Y-%m-%d %H:%M} #{point.attempt_id} {point.mode:<8} "
                    f"{point.score:>3} [{point.score_low}-{point.score_high}] {point.band}, "
                    f"{point.evidence} answers\n")
    return text


def retention_text(retention: RetentionView) -> Text:
    text = Text()
    text.append("Review retention", style="bold")
    text.append(f" (desired {retention.desired:.0%}): ")
    if retention.rate_all is None:
        text.append("no reviews of learned cards yet. True retention counts reviews of cards past their "
                    "learning steps, as Anki does.", style="dim")
        return text
    parts = []
    if retention.rate_30d is not None:
        parts.append(f"last 30 days {retention.rate_30d:.0%} of {retention.reviews_30d}")
    parts.append(f"all time {retention.rate_all:.0%} of {retention.reviews_all}")
    text.append(", ".join(parts))
    measured = retention.rate_30d if retention.rate_30d is not None else retention.rate_all
    if measured < retention.desired - 0.05:
        text.append("\nBelow what you aimed for: review due cards more often, or lower the desired retention.",
                    style="yellow")
    elif measured > retention.desired + 0.05:
        text.append("\nAbove what you aimed for: you could review less often (a lower desired retention).",
                    style="dim")
    return text


def attempts_text(attempts: list[AttemptSummary]) -> Text:
    text = Text()
    text.append("Attempts", style="bold")
    if not attempts:
        text.append("\nNone yet.", style="dim")
    for attempt in attempts[:ATTEMPTS_SHOWN]:
        text.append(f"\n#{attempt.id:<4} {attempt.started_at:%Y-%m-%d %H:%M}  {attempt.mode:<8} "
                    f"{attempt.answered:>3} answered, {attempt.correct:>3} right  {attempt.status}")
    if len(attempts) > ATTEMPTS_SHOWN:
        text.append(f"\n… and {len(attempts) - ATTEMPTS_SHOWN} older (see History)", style="dim")
    return text


class ProgressScreen(BaseScreen):
    CSS_PATH = "progress.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="progress-back"),
        # priority: the scrolling details below would take left/right for sideways scrolling
        Binding("right,n", "next_area(1)", "Next area", priority=True, id="progress-next-area"),
        Binding("left,p", "next_area(-1)", "Previous area", priority=True, id="progress-previous-area"),
        Binding("e", "export('md')", "Export report", id="progress-export"),
        Binding("E", "export('json')", "Export report as JSON", show=False, id="progress-export-json"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: ProgressView | None = None
        self.area_index = 0
        self.exported: Path | None = None  # the last report written from here

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading progress…", id="progress-heading", markup=False)
        plot = PlotWidget(id="progress-plot", allow_pan_and_zoom=False)
        plot.can_focus = False  # keys belong to the screen: left/right switch areas
        yield plot
        yield Static(PLOT_LEGEND, id="progress-legend", classes="hint", markup=False)
        with VerticalScroll(id="progress-details"):
            yield Static("", id="progress-points", markup=False)
            yield Static("", id="progress-retention", markup=False)
            yield Static("", id="progress-calibration", markup=False)
            yield Static("", id="progress-attempts", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress-plot", PlotWidget).margin_bottom = 1  # the date ticks; no axis title below
        learner = self.quiz_app.learner
        assert learner is not None
        service = ProgressService(self.quiz_app.context)
        self.background(lambda: service.progress(learner.id), self.show)
        self.query_one("#progress-details").focus()

    def show(self, view: ProgressView) -> None:
        self.view = view
        self.area_index = next((i for i, trend in enumerate(view.areas) if trend.points), 0)
        self.query_one("#progress-retention", Static).update(retention_text(view.retention))
        calibration = Text()
        if view.calibration:
            calibration.append("Confidence against accuracy (all attempts)\n", style="bold")
            calibration.append(CBM_EXPLAINED + "\n", style="dim")
            for table in view.calibration:
                calibration.append_text(calibration_text(table))
                calibration.append("\n")
        self.query_one("#progress-calibration", Static).update(calibration)
        self.query_one("#progress-calibration").display = bool(view.calibration)
        self.query_one("#progress-attempts", Static).update(attempts_text(view.attempts))
        self.show_area()

    @property
    def trend(self) -> AreaTrend | None:
        if self.view is None or not self.view.areas:
            return None
        return self.view.areas[self.area_index]

    def show_area(self) -> None:
        heading = self.query_one("#progress-heading", Static)
        plot = self.query_one("#progress-plot", PlotWidget)
        trend = self.trend
        assert self.view is not None
        if trend is None:
            heading.update(Text("No areas are loaded."))
            plot.display = False
            self.query_one("#progress-legend").display = False
            return
        heading.update(trend_heading(trend, self.area_index, len(self.view.areas)))
        self.query_one("#progress-points", Static).update(points_text(trend))
        plot.display = bool(trend.points)
        self.query_one("#progress-legend").display = bool(trend.points)
        if trend.points:
            draw_trend(plot, trend)

    def action_next_area(self, step: int) -> None:
        if self.view is None or not self.view.areas:
            return
        self.area_index = (self.area_index + step) % len(self.view.areas)
        self.show_area()

    def action_export(self, output_format: ReportFormat) -> None:
        """The learner's report, written under the user data dir's reports/ folder; the path is shown."""
        learner = self.quiz_app.learner
        assert learner is not None
        service = ReportService(self.quiz_app.context)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # naive UTC, as the services keep time
        path = default_report_path(data_dir(), learner.name, output_format, now)
        self.notify("Writing your report…", timeout=2)
        self.background(lambda: service.write_report(learner.id, path, output_format, now), self._exported,
                        group="export")

    def _exported(self, path: Path) -> None:
        self.exported = path
        self.notify(f"Report written to {path}", timeout=10, markup=False)

    def action_back(self) -> None:
        self.dismiss()


def draw_trend(plot: PlotWidget, trend: AreaTrend) -> None:
    """Each measurement's 95% interval as a vertical bar, the scores joined by a line, the target as a line."""
    count = len(trend.points)
    xs = [float(i) for i in range(1, count + 1)]
    plot.clear()
    plot.set_x_formatter(MeasurementDates([point.measured_at for point in trend.points]))
    plot.set_xlimits(0.5, count + 0.5)
    plot.set_ylimits(0.0, 100.0)
    plot.set_ylabel("score")
    if trend.target_score is not None:
        plot.plot([0.5, count + 0.5], [trend.target_score] * 2, line_style="yellow", hires_mode=HiResMode.BRAILLE)
    for x, point in zip(xs, trend.points, strict=True):
        plot.plot([x, x], [point.score_low, point.score_high], line_style="cyan", hires_mode=HiResMode.BRAILLE)
    if count > 1:
        plot.plot(xs, [point.score for point in trend.points], line_style="bright_white",
                  hires_mode=HiResMode.BRAILLE)
    plot.scatter(xs, [point.score for point in trend.points], marker="●", marker_style="bold bright_white")
