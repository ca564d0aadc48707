"""constraints.txt lets pip install Apache Airflow and its papermill provider beside the
package (issue 11): pip resolves them together (asking PyPI, as a user's install would) and
keeps every one of our pins. The Airflow versions are the ones the Airflow tests install,
read from deploy/constraints-airflow-{3,2}.txt."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.airflow.pins import (
    AIRFLOW,
    CONSTRAINTS,
    OWN,
    PROVIDER,
    Resolution,
    lock_file,
    read_pins,
    resolve,
)

# Without the python-dateutil==4.0.0 pin both versions resolve in well under a minute; with
# it pip backtracked for over ten minutes on Airflow 3. A resolution slower than this means
# a pin fights Airflow's requirements again.
TIMEOUT = 300
MAJORS = (3, 2)


@pytest.fixture(scope="module")
def resolutions() -> dict[int, Resolution]:
    """Both resolutions, asked of pip at once: each spends most of its time waiting on
    PyPI, so side by side they take about as long as one."""

    def one(major: int) -> Resolution:
        lock = read_pins(lock_file(major))
        return resolve(lock[AIRFLOW], lock[PROVIDER], [CONSTRAINTS], timeout=TIMEOUT)

    with ThreadPoolExecutor(max_workers=len(MAJORS)) as pool:
        return dict(zip(MAJORS, pool.map(one, MAJORS), strict=True))


@pytest.mark.parametrize("major", MAJORS)
def test_pip_resolves_airflow_with_our_constraints(resolutions: dict[int, Resolution],
                                                   major: int) -> None:
    lock = read_pins(lock_file(major))
    airflow, provider = lock[AIRFLOW], lock[PROVIDER]
    assert airflow.startswith(f"{major}.")
    result = resolutions[major]
    assert result.returncode == 0, result.output[-4000:]
    assert result.chosen[AIRFLOW] == airflow
    assert result.chosen[PROVIDER] == provider
    assert OWN in result.chosen
    ours = read_pins(CONSTRAINTS)
    changed = {name: (ours[name], version) for name, version in result.chosen.items()
               if name in ours and version != ours[name]}
    assert changed == {}
    # the Airflow side really shares packages with ours (this is not a vacuous check)
    assert {"python-dateutil", "pydantic", "jinja2", "papermill"} <= set(result.chosen)


@pytest.mark.parametrize("major", MAJORS)
def test_airflow_lock_pins_only_what_constraints_leave_open(major: int) -> None:
    lock = read_pins(lock_file(major))
    assert lock.keys() & read_pins(CONSTRAINTS).keys() == set()
    assert OWN not in lock
    assert {AIRFLOW, PROVIDER} <= lock.keys()
