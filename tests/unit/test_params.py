"""Notebook parameter validation: the messages name the parameter and its allowed values."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from clusteranalysis.errors import ParameterError
from clusteranalysis.studies import params


def test_defaults_validate() -> None:
    for notebook in params.NOTEBOOK_PARAMETERS:
        params.validate(notebook, params.defaults(notebook))


@pytest.mark.parametrize(
    ("notebook", "bad", "message"),
    [
        ("01_budgets.ipynb", {"currency": "XYZ"}, "currency must be one of JPY, USD"),
        ("01_budgets.ipynb", {"jpy_per_usd": 0}, "jpy_per_usd must be a positive number"),
        ("01_budgets.ipynb", {"jpy_per_usd": "120"}, "jpy_per_usd must be a positive number"),
        ("01_budgets.ipynb", {"countries": ["Japan", "Narnia"]}, "countries must be None or"),
        ("01_budgets.ipynb", {"countries": []}, "countries must be None or a non-empty list"),
        ("02_participants.ipynb", {"phase": "III"}, "phase must be one of I, II, both"),
        ("02_participants.ipynb", {"top_n": 0}, "top_n must be None or a positive"),
        ("02_participants.ipynb", {"top_n": True}, "top_n must be None or a positive"),
        ("03_timelines.ipynb", {"start_year": 2010, "end_year": 2000},
         "start_year must be <= end_year"),
        ("03_timelines.ipynb", {"kinds": ["war"]}, "kinds must be None or"),
        # issue 20: extreme numbers passed, then crashed the study (ZeroDivisionError) or
        # left a finding empty; each numeric parameter has a stated range, checked first
        ("01_budgets.ipynb", {"jpy_per_usd": 1e308},
         "jpy_per_usd must be a positive number from 50 to 500 (got 1e+308)"),
        ("01_budgets.ipynb", {"jpy_per_usd": 1e-300},
         "jpy_per_usd must be a positive number from 50 to 500 (got 1e-300)"),
        ("01_budgets.ipynb", {"jpy_per_usd_range": [1e-300, 1e308]},
         "jpy_per_usd_range must be a list of two positive numbers, the lower first, each "
         "from 50 to 500"),
        ("02_participants.ipynb", {"top_n": 10**18},
         "top_n must be None or a positive whole number up to 1000"),
        ("04_crosscheck.ipynb", {"tolerance": 1e308}, "tolerance must be a number from 0 up"),
    ],
)
def test_bad_values(notebook: str, bad: dict[str, object], message: str) -> None:
    with pytest.raises(ParameterError, match=re.escape(message)):
        params.validate(notebook, {**params.defaults(notebook), **bad})


def test_unknown_parameter_and_notebook() -> None:
    with pytest.raises(ParameterError, match="unknown parameter 'colour'"):
        params.validate("01_budgets.ipynb", {"colour": "red"}, partial=True)
    with pytest.raises(ParameterError, match="unknown notebook"):
        params.validate("99_nothing.ipynb", {})


def test_partial_accepts_a_subset() -> None:
    params.validate("01_budgets.ipynb", {"currency": "USD"}, partial=True)
    with pytest.raises(ParameterError, match="missing parameter"):
        params.validate("01_budgets.ipynb", {"currency": "USD"})


def test_unknown_parameter_message_names_the_close_one() -> None:
    known = list(params.defaults("01_budgets.ipynb"))
    assert params.unknown_parameter_message("curency", "notebooks/01_budgets.ipynb", known) == (
        "unknown parameter 'curency' for 01_budgets.ipynb; parameters are: currency, "
        "jpy_per_usd, jpy_per_usd_range, basis, countries, output_dir; did you mean "
        "'currency'?"
    )
    assert params.unknown_parameter_message("zzz", "01_budgets.ipynb", known).endswith(
        "countries, output_dir"
    )


LIST_HINTS = [
    # what papermill's -p / -r hand over, and the -y and Python spellings the hint gives
    ('["Germany"]', "-y 'countries: [Germany]'", 'countries = ["Germany"]'),
    ("Germany", "-y 'countries: [Germany]'", 'countries = ["Germany"]'),
    ("['Japan', 'United Kingdom']", "-y 'countries: [Japan, United Kingdom]'",
     'countries = ["Japan", "United Kingdom"]'),
    ("Japan,Finland", "-y 'countries: [Japan, Finland]'", 'countries = ["Japan", "Finland"]'),
    ("[no]", """-y 'countries: ["no"]'""", 'countries = ["no"]'),  # YAML would read a bare no
]


@pytest.mark.parametrize(("text", "yaml", "python"), LIST_HINTS)
def test_a_string_for_a_list_says_how_to_pass_lists(text: str, yaml: str, python: str) -> None:
    with pytest.raises(ParameterError) as info:
        params.validate("01_budgets.ipynb", {"countries": text}, partial=True)
    message = str(info.value)
    assert message.startswith("countries must be None or a non-empty list drawn from Japan")
    assert f"(got a string, {text!r}; papermill's -p and -r pass text, so pass lists " in message
    assert f"with {yaml}; in Python or reports.toml write {python})" in message


def test_the_hinted_yaml_reads_back_as_the_list() -> None:
    import shlex

    import yaml

    for _, option, python in LIST_HINTS:
        value = yaml.safe_load(shlex.split(option)[1])
        assert value == {"countries": ast.literal_eval(python.split(" = ", 1)[1])}


def test_a_none_string_says_how_to_pass_none() -> None:
    with pytest.raises(ParameterError, match=r"got the string 'None'; pass None with -p kinds "):
        params.validate("03_timelines.ipynb", {"kinds": "None"}, partial=True)


def test_other_values_of_a_list_parameter_keep_the_plain_message() -> None:
    with pytest.raises(ParameterError, match=r"drawn from .* \(got \['Narnia'\]\)$"):
        params.validate("01_budgets.ipynb", {"countries": ["Narnia"]}, partial=True)


# --------------------------------------------------------------------------- executed names

PARAMS_CELL = 'currency = "JPY"  # a comment\njpy_per_usd = 120\nbasis = "annual"'
CHECK = 'parameters = studies.check_parameters("01_budgets.ipynb", globals())'
KNOWN = list(params.defaults("01_budgets.ipynb"))


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        # papermill: the notebook's cell, then its injected cell
        (["", PARAMS_CELL, '# Parameters\ncurency = "USD"\n', CHECK],
         {"currency", "jpy_per_usd", "basis", "curency"}),
        # papermill's --inject-paths names are papermill's, not misspellings
        (["", PARAMS_CELL, '# Parameters\nPAPERMILL_INPUT_PATH = "a.ipynb"\n', CHECK],
         {"currency", "jpy_per_usd", "basis"}),
        # papermill writes float('inf') for an infinite float: not a literal, still its cell
        (["", PARAMS_CELL, "# Parameters\njpy_per_usd = float('inf')\n", CHECK],
         {"currency", "jpy_per_usd", "basis"}),
        # nbconvert / JupyterLab: an edited parameters cell, with an import and a docstring
        (["", '"""Parameters."""\nfrom pathlib import Path\n' + PARAMS_CELL + "\ncolour = 1",
          CHECK], {"currency", "jpy_per_usd", "basis", "colour"}),
        # a cell of literal assignments added between the parameters and the validation
        (["", PARAMS_CELL, "colour = 'red'", "", CHECK],
         {"currency", "jpy_per_usd", "basis", "colour"}),
        # the validation cell run twice in a row: the parameters before it still count
        (["", PARAMS_CELL + "\ncolour = 1", CHECK, CHECK],
         {"currency", "jpy_per_usd", "basis", "colour"}),
        # JupyterLab: the validation cell re-run after other cells: nothing to check
        (["", PARAMS_CELL, CHECK, "budgets = ca.load('budgets')\nrate = 120", CHECK], None),
        (["", PARAMS_CELL, CHECK, "rate = 120\nlabel = 'x'", CHECK], None),
        (["", PARAMS_CELL, CHECK, "print(1)", CHECK], None),
        # ... a computed assignment between the parameters and the validation is not one
        (["", PARAMS_CELL, "budgets = ca.load('budgets')", CHECK], None),
        (["", "x.attr = 1", CHECK], None),
        (["", "def f(:", CHECK], None),
        ([CHECK], None),
        ([], None),
    ],
)
def test_executed_parameter_names(history: list[str], expected: set[str] | None) -> None:
    assert params.executed_parameter_names(history, KNOWN) == expected


def test_check_parameters_reads_the_history_not_the_globals() -> None:
    from clusteranalysis import studies

    ns = {**params.defaults("01_budgets.ipynb"), "budgets": object(), "rate": 120}
    rerun = ["", PARAMS_CELL, CHECK, "budgets = ca.load('budgets')\nrate = 120", CHECK]
    assert studies.check_parameters("01_budgets.ipynb", {**ns, "In": rerun})["basis"] == "annual"
    injected = ["", PARAMS_CELL, '# Parameters\ncurency = "USD"\n', CHECK]
    with pytest.raises(ParameterError, match=r"^unknown parameter 'curency' for 01_budgets"):
        studies.check_parameters("01_budgets.ipynb", {**ns, "curency": "USD", "In": injected})


@pytest.mark.parametrize("folder", ["RAW_DIR", "PROCESSED_DIR", "NOTEBOOK_DIR"])
def test_output_dir_is_guarded_as_the_commands_guard_out(folder: str, tmp_path: Path) -> None:
    """Issue 20: output_dir pointed at data/processed broke the next build, at data/raw it
    wrote 13 files there. Equal to, inside or through a link: refused, naming it."""
    from clusteranalysis import config

    protected = getattr(config, folder)
    for value in (protected, protected / "sub" / "results"):
        with pytest.raises(ParameterError, match=f"^output_dir: refusing to write {value}: it "):
            params.validate("01_budgets.ipynb", {"output_dir": str(value)}, partial=True)
    (tmp_path / "link").symlink_to(protected)
    with pytest.raises(ParameterError, match="passes through the symbolic link"):
        params.validate("01_budgets.ipynb", {"output_dir": str(tmp_path / "link" / "r")},
                        partial=True)
    params.validate("01_budgets.ipynb", {"output_dir": str(tmp_path / "results")}, partial=True)
