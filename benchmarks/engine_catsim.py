"""The catsim side of the side-by-side benchmark (catsim is a bench-only dependency)."""

from __future__ import annotations

import contextlib
import io
import time
from dataclasses import dataclass

import numpy as np
from catsim.estimation import NumericalSearchEstimator
from catsim.initialization import FixedPointInitializer
from catsim.item_bank import ItemBank
from catsim.selection import MaxInfoSelector
from catsim.simulation import Simulator
from catsim.stopping import MinErrorStopper

from quizengine.engine.irt import FloatArray
from quizengine.engine.pool import ItemPool


@dataclass(frozen=True)
class CatsimResult:
    mean_length: float
    rmse: float
    bias: float
    seconds: float


def run_catsim(pool: ItemPool, true_theta: FloatArray, target_se: float, max_items: int,
               seed: int) -> CatsimResult:
    """catsim's maximum-information selector with its MLE estimator (Dodd's step for constant answers),
    starting at theta 0 like quizengine, stopping at SE <= target_se or max_items."""
    matrix = np.column_stack([pool.a, pool.b, pool.c, np.ones(len(pool))])
    with contextlib.redirect_stdout(io.StringIO()):  # catsim's bank validation prints an empty line
        bank = ItemBank(matrix)
    simulator = Simulator(bank, true_theta, seed=seed)
    start = time.perf_counter()
    simulator.simulate(FixedPointInitializer(0.0), MaxInfoSelector(), NumericalSearchEstimator(),
                       MinErrorStopper(target_se, max_items=max_items))
    seconds = time.perf_counter() - start
    estimates = np.asarray(simulator.latest_estimations, dtype=np.float64)
    error = estimates - true_theta
    lengths = [len(items) for items in simulator.administered_items]
    return CatsimResult(float(np.mean(lengths)), float(np.sqrt(np.mean(error**2))), float(error.mean()), seconds)
