"""Confidence against accuracy for one area (certainty-based marking), as plain text: area titles are bank text
and never markup."""

from __future__ import annotations

from rich.text import Text

from quizengine.services.views import AreaCalibration


def calibration_text(table: AreaCalibration) -> Text:
    """The area's reading, then one line per confidence level: answers, share right, marks earned."""
    text = Text()
    text.append(table.reading, style="bold")
    text.append(f"\n  certainty-based mark {table.mark:+g} of a best {table.best_mark:g}")
    for row in table.rows:
        if row.answers:
            text.append(f"\n  {row.confidence:<6} {row.answers:>3} answer{'s' if row.answers != 1 else ' '}  "
                        f"{row.accuracy:>4.0%} right  mark {row.mark:+g}")
        else:
            text.append(f"\n  {row.confidence:<6}   - no answers", style="dim")
    return text


CBM_EXPLAINED = ("Certainty-based marking, as Moodle: low +1 right / 0 wrong, medium +2 / -2, high +3 / -6. "
                 "Each level pays best when you are right that often: low below 67%, medium 67-80%, high above 80%.")
