"""What is known of each document's publication and licence, and the terms that travel with
the data: the catalogue, the documents table, the bibliography, the data packages."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from clusteranalysis import studies
from clusteranalysis.build import catalogue
from clusteranalysis.errors import ClusterAnalysisError
from clusteranalysis.provenance.bibliography import bibtex
from tests.support.data import PROCESSED, RAW, ROOT, replace_in

F001 = "001_fc47ff42475d4a79.txt"


def test_each_document_says_what_is_known_of_its_publication(
        t: dict[str, pd.DataFrame]) -> None:
    docs = t["documents"].set_index("source")
    assert docs[["publication", "address", "licence"]].notna().all().all()
    # no address was recorded for any of the five PDFs: none is invented
    assert set(docs["address"]) == {"unknown"}
    # 001 lines 7-9: "YOSHIAKI TSUKAMOTO / Director Industrial Cluster Projects Promotion
    # Office ... (METI)"; line 3 "21st June, 2005"
    assert "Yoshiaki Tsukamoto" in docs.loc[F001, "publication"]
    assert "21 June 2005" in docs.loc[F001, "publication"]
    for licence in docs["licence"]:
        assert "MIT licence covers its code, not this text" in licence


def test_the_bibliography_carries_them() -> None:
    text = (RAW / "sources.bib").read_text(encoding="utf-8")
    assert text == bibtex(RAW)
    assert text.count("howpublished") == 5 and text.count("addendum") == 5
    assert "the address it was published at was not recorded" in text


def test_an_address_is_a_url_or_unknown(raw_copy: Path) -> None:
    replace_in(raw_copy / "sources.csv", ",unknown,", ",www.meti.go.jp,", count=5)
    with pytest.raises(ClusterAnalysisError, match=r"sources\.csv:2: address must be a URL"):
        catalogue.read(raw_copy)


def test_the_project_licence_is_its_codes() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["license"] == "MIT"
    assert "not the government texts" in cff["message"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "MIT licence covers the code" in readme


def test_the_population_licence_travels_with_the_data() -> None:
    package = json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    (population,) = resources["population"]["licenses"]
    assert population["name"] == "CC-BY-3.0"
    assert "Gapminder" in population["title"]
    assert "MIT" not in json.dumps(package["licenses"]).replace("MIT licence covers", "")
    # a table read from the documents carries the documents' terms
    assert resources["budgets"]["licenses"][0]["path"] == "data/raw/sources.csv"


def test_a_result_package_lists_the_terms_of_the_data_it_used(
        t: dict[str, pd.DataFrame]) -> None:
    budgets = t["budgets"][["programme_id", "amount", "source", "line"]]
    licences, sources = studies.data_terms({"figures": budgets}, inputs=["budgets",
                                                                          "population"])
    assert any(entry.get("name") == "CC-BY-3.0" for entry in licences)
    titles = [s["title"] for s in sources]
    assert "METI 2005" in titles and "MEXT 2002" in titles
    assert any("Gapminder" in s.get("attribution", "") for s in sources)
    # without the population series, no CC BY
    licences, _ = studies.data_terms({"figures": budgets}, inputs=["budgets"])
    assert not any(entry.get("name") == "CC-BY-3.0" for entry in licences)
    # a result column of population years brings the series' terms whatever the inputs
    per_head = budgets.assign(population_year=2002)
    licences, _ = studies.data_terms({"per_head": per_head})
    assert any(entry.get("name") == "CC-BY-3.0" for entry in licences)
