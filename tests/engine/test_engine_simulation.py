"""The simulator, and the `quizengine simulate` command around it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from quizengine.commands.simulate import simulate as simulate_command
from quizengine.engine.config import SessionConfig
from quizengine.engine.pool import ItemPool
from quizengine.engine.simulation import correlated_abilities, simulate, synthetic_items

POOL = ItemPool.build(synthetic_items(60, 1, seed=11))


def test_synthetic_bank_and_takers_follow_the_requested_distributions() -> None:
    items = synthetic_items(500, 2, seed=1)
    a = np.array([item.a for item in items])
    b = np.array([item.b for item in items])
    assert len(items) == 1000 and {item.area for item in items} == {"area-1", "area-2"}
    assert a.min() >= 0.8 and a.max() <= 2.0 and abs(b.mean()) < 0.1 and abs(b.std() - 1) < 0.1
    abilities = correlated_abilities(4000, 3, 0.8, seed=2)
    correlation = np.asarray(np.corrcoef(abilities.T))
    assert np.allclose(correlation[np.triu_indices(3, 1)], 0.8, atol=0.03)


def test_adaptive_selection_measures_better_than_random_at_equal_length() -> None:
    def rmse(selection: str) -> float:
        config = SessionConfig("practice", ("area-1",), practice_items=8, top_k=1,
                               selection=selection)  # type: ignore[arg-type]
        return simulate(POOL, config, takers=300, seed=3, area_correlation=0.0).rmse

    assert rmse("adaptive") < 0.85 * rmse("random")


def test_summary_is_reproducible_and_sane() -> None:
    config = SessionConfig("thorough", ("area-1",))
    first = simulate(POOL, config, takers=150, seed=4, area_correlation=0.0)
    assert first == simulate(POOL, config, takers=150, seed=4, area_correlation=0.0)
    assert 5 <= first.length_percentiles["min"] <= first.mean_length <= first.length_percentiles["max"] <= 8
    assert first.rmse < 0.6 and abs(first.bias) < 0.1 and first.correlation > 0.8
    assert len(first.rmse_by_decile) == 10 and 0 < first.max_exposure <= 1 and 0 < first.overlap < 1


def test_command_prints_a_table_or_json() -> None:
    runner = CliRunner()
    table = runner.invoke(simulate_command, ["--synthetic-items", "40", "--takers", "30", "--seed", "1"])
    assert table.exit_code == 0, table.output
    for label in ("questions per taker", "RMSE", "bias", "correlation", "decile", "max item exposure", "overlap"):
        assert label in table.output
    as_json = runner.invoke(simulate_command, ["--synthetic-items", "30", "--areas", "2", "--takers", "20",
                                               "--selection", "random", "--json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["settings"]["areas"] == ["area-1", "area-2"] and data["summary"]["takers"] == 20


def test_command_rejects_incomplete_choices() -> None:
    runner = CliRunner()
    assert runner.invoke(simulate_command, ["--takers", "5"]).exit_code == 2
    focus = runner.invoke(simulate_command, ["--synthetic-items", "20", "--areas", "2", "--mode", "focus"])
    assert focus.exit_code == 2 and "--area" in focus.output
    one = runner.invoke(simulate_command, ["--synthetic-items", "20", "--areas", "2", "--mode", "focus",
                                           "--area", "area-2", "--takers", "5"])
    assert one.exit_code == 0, one.output


def test_command_runs_on_a_real_bank_file(tmp_path: Path) -> None:
    questions = "\n".join(
        f"""  - id: sim.q{i}
    type: true_false
    topic: {"python-core" if i % 2 else "version-control"}
    difficulty: {i % 5 + 1}
    stem: Statement number {i} is true.
    answer: true
    explanation: Because it says so."""
        for i in range(12)
    )
    bank = tmp_path / "bank.yaml"
    bank.write_text(f"""bank:
  id: sim
  title: Simulation bank
  version: "1.0"
  area: programming
  authors: [tests]
  license: CC-BY-4.0

questions:
{questions}
""")
    result = CliRunner().invoke(simulate_command, ["--bank", str(bank), "--takers", "10", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["settings"]["items"] == 12 and data["settings"]["areas"] == ["programming"]
    assert data["summary"]["length_percentiles"]["max"] == 3  # no target role: a three-question sketch


def test_command_judges_against_a_role_on_the_shipped_banks() -> None:
    result = CliRunner().invoke(simulate_command, ["--bank", "question_banks", "--role", "ml-engineer",
                                                   "--takers", "20", "--json"])
    assert result.exit_code == 0, result.output
    lengths = json.loads(result.output)["summary"]["length_percentiles"]
    assert 9 * 3 <= lengths["min"] < lengths["max"] <= 9 * 13  # each area: at least 3, at most 13
    unknown = CliRunner().invoke(simulate_command, ["--bank", "question_banks", "--role", "astronaut"])
    assert unknown.exit_code == 2 and "unknown role" in unknown.output
