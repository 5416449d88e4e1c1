"""Adaptive testing engine: IRT model, EAP estimates per skill area, item selection, stopping and levels.

Pure: no I/O, no database, no UI, no bank-format imports. Callers map bank questions to `ItemParams`
(with `seed_params` for missing a/b/c) and drive an `AdaptiveSession`.
"""

from quizengine.engine.config import ENGINE_VERSION, MODE_RULES, Mode, SelectionMethod, SessionConfig, StoppingRule
from quizengine.engine.items import DIFFICULTY_TO_B, ItemParams, seed_params
from quizengine.engine.levels import LEVEL_CUTS, LEVEL_NAMES, LevelReport, level_of_theta, level_report
from quizengine.engine.pool import ItemPool
from quizengine.engine.session import AdaptiveSession, AreaEstimate, Selection

__all__ = [
    "DIFFICULTY_TO_B",
    "ENGINE_VERSION",
    "LEVEL_CUTS",
    "LEVEL_NAMES",
    "MODE_RULES",
    "AdaptiveSession",
    "AreaEstimate",
    "ItemParams",
    "ItemPool",
    "LevelReport",
    "Mode",
    "Selection",
    "SelectionMethod",
    "SessionConfig",
    "StoppingRule",
    "level_of_theta",
    "level_report",
    "seed_params",
]
