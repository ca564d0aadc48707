"""Result tables are written as declared: columns, dtypes, checks, and a datapackage.json
that frictionless accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest
from frictionless import validate as frictionless_validate

from clusteranalysis import studies
from clusteranalysis.metadata import results as results_metadata
from clusteranalysis.metadata.fields import FIELDS
from clusteranalysis.metadata.results import RESULTS, StudyResults

NOTEBOOK = "99_example.ipynb"


@pytest.fixture
def declared(monkeypatch: pytest.MonkeyPatch) -> StudyResults:
    example = StudyResults(NOTEBOOK, "An example study")
    example.field("amount_m", "Float64", "an amount in millions", unit="million {currency}")
    # "rank" is the registry's (1 for the largest, minimum 1)
    example.table("ranked", "Ranked amounts", "One row per programme.",
                  ["programme_id", "amount_m", "rank", "source", "line"],
                  primary_key=("programme_id",))
    monkeypatch.setitem(RESULTS, NOTEBOOK, example)
    return example


def frame(**overrides: object) -> pd.DataFrame:
    df = pd.DataFrame({"programme_id": ["uk_rda_clusters", "de_bioregio"],
                       "amount_m": [10000.0, 2400.5], "rank": [1, 2],
                       "source": ["001_fc47ff42475d4a79.txt"] * 2, "line": [77, 77]})
    for k, v in overrides.items():
        df[k] = v
    return df


def test_written_as_declared_with_a_valid_package(declared: StudyResults,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "results"
    df = frame()[["rank", "line", "source", "amount_m", "programme_id"]]  # any order in
    paths = studies.write_results(out, NOTEBOOK, {"ranked": df}, {"currency": "USD"})
    assert [p.name for p in paths] == ["ranked.csv"]
    assert (out / "ranked.csv").read_text(encoding="utf-8").splitlines()[0] == \
        "programme_id,amount_m,rank,source,line"
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["amount_m"]["unit"] == "million USD"  # the run's currency filled in
    assert package["parameters"] == {"currency": "USD"}
    report = frictionless_validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_undeclared_or_missing_tables_are_refused(declared: StudyResults,
                                                  tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"not declared \['extra'\]"):
        studies.write_results(tmp_path, NOTEBOOK, {"ranked": frame(), "extra": frame()}, {})
    with pytest.raises(ValueError, match=r"declared but not computed \['ranked'\]"):
        studies.write_results(tmp_path, NOTEBOOK, {}, {})


def test_a_table_that_breaks_its_declaration_is_not_written(declared: StudyResults,
                                                            tmp_path: Path) -> None:
    with pytest.raises(pandera.errors.SchemaError):
        studies.write_results(tmp_path / "a", NOTEBOOK, {"ranked": frame(rank=[0, 1])}, {})
    with pytest.raises(pandera.errors.SchemaError):  # the key repeats
        studies.write_results(tmp_path / "b", NOTEBOOK,
                              {"ranked": frame(programme_id=["uk_rda_clusters"] * 2)}, {})
    with pytest.raises(ValueError, match="columns missing"):
        studies.write_results(tmp_path / "c", NOTEBOOK,
                              {"ranked": frame().drop(columns="line")}, {})
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_registry_field_is_not_described_again() -> None:
    example = StudyResults(NOTEBOOK, "x")
    with pytest.raises(ValueError, match="is in the registry"):
        example.field("source", "string", "another description")


def test_each_result_column_is_described_once_across_studies() -> None:
    seen: dict[str, set[tuple[str, str]]] = {}
    for declared in results_metadata.RESULTS.values():
        for f in declared.fields.values():
            assert f.name not in FIELDS, (declared.notebook, f.name)
            seen.setdefault(f.name, set()).add((declared.notebook, f.description))
    twice = {name: sorted(n for n, _ in uses) for name, uses in seen.items() if len(uses) > 1}
    assert twice == {}, "declare a column two studies use in metadata/fields.py"
