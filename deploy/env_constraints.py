"""Print pip constraints that install clusteranalysis into an existing environment unchanged.

Run it with the Python of the environment the package goes into (an Airflow worker's, say)::

    python deploy/env_constraints.py constraints.txt > /tmp/worker-constraints.txt
    python -m pip install -c /tmp/worker-constraints.txt .
    python -m pip check

Every distribution already installed there is pinned at the version it has, so pip adds
packages but never upgrades or downgrades one that is there (Airflow's dependencies stay as
Airflow's installer left them). Packages not yet installed are pinned from the project's
``constraints.txt``. An installed clusteranalysis is left out, and so is what only it
requires, so the same commands upgrade the package. When an installed version cannot
satisfy one of the package's exact pins, pip stops before changing anything and names the
package: that environment cannot take this version of clusteranalysis as it is.

Only the standard library is used, so this runs before the package is installed.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

OWN = "clusteranalysis"


def canonical(name: str) -> str:
    """A distribution name as pip compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


REQUIREMENT = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
EXTRA_MARKER = re.compile(r"""extra\s*==\s*['"]([^'"]+)['"]""")

# canonical name -> its requirements: (canonical name, extras it asks of that distribution,
# the extra of its own that the requirement belongs to, or None)
Requires = dict[str, list[tuple[str, frozenset[str], str | None]]]


def installed() -> tuple[dict[str, str], Requires]:
    """The distributions installed for this interpreter: canonical name -> version, and
    each one's requirements (other environment markers are taken as true)."""
    versions: dict[str, str] = {}
    requires: Requires = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name or canonical(name) in versions:
            continue
        versions[canonical(name)] = dist.version
        reqs = []
        for text in dist.requires or []:
            spec, _, marker = text.partition(";")
            match = REQUIREMENT.match(spec)
            if match is None:
                continue
            extras = frozenset(canonical(e) for e in (match.group(2) or "").split(",") if e.strip())
            extra = EXTRA_MARKER.search(marker)
            own_extra = canonical(extra.group(1)) if extra else None
            reqs.append((canonical(match.group(1)), extras, own_extra))
        requires[canonical(name)] = reqs
    return versions, requires


def closure(start: set[str], requires: Requires) -> set[str]:
    """``start`` and every installed distribution it requires, directly or not, following
    a distribution's optional requirements only for the extras asked of it."""
    asked: dict[str, set[str]] = {name: set() for name in start}
    todo = [(name, None) for name in start]
    while todo:
        name, only = todo.pop()
        for dep, extras, extra in requires.get(name, []):
            if extra is not None and extra not in asked[name]:
                continue
            if only is not None and extra != only:
                continue
            if dep not in requires:
                continue
            new = extras - asked.get(dep, set())
            if dep not in asked:
                asked[dep] = set(extras)
                todo.append((dep, None))
            elif new:
                asked[dep] |= new
            for e in new:
                todo.append((dep, e))
    return set(asked)


def kept(versions: dict[str, str], requires: Requires) -> dict[str, str]:
    """The installed distributions to keep at their versions: all of them but those that
    are there only for clusteranalysis (from an earlier install of it), which an upgrade of
    the package may change."""
    ours = closure({OWN}, requires) if OWN in versions else set()
    theirs = closure(set(versions) - ours, requires)
    return {name: version for name, version in versions.items() if name in theirs}


def read_pins(path: Path) -> dict[str, str]:
    """The ``name==version`` lines of a constraints file, canonical name -> version."""
    pins: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;]+)", text)
        if match is None:
            raise ValueError(f"{path}:{number}: not a 'name==version' pin: {line!r}")
        pins[canonical(match.group(1))] = match.group(2)
    return pins


def merged(pins: dict[str, str], present: dict[str, str]) -> list[str]:
    """Kept versions first, then the project's pins for everything else."""
    lines = [f"{name}=={version}" for name, version in sorted(present.items())]
    lines += [f"{name}=={pins[name]}" for name in sorted(pins) if name not in present]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("constraints", type=Path, help="the project's constraints.txt")
    args = parser.parse_args(argv)
    try:
        pins = read_pins(args.constraints)
    except (OSError, ValueError) as exc:
        print(f"env_constraints: {exc}", file=sys.stderr)
        return 2
    versions, requires = installed()
    present = kept(versions, requires)
    differ = sorted(name for name in pins if name in present and present[name] != pins[name])
    print(f"# {sys.executable}: {len(present)} installed distributions kept at their versions")
    if differ:
        print(f"# installed versions that differ from constraints.txt (kept): {', '.join(differ)}")
    print("\n".join(merged(pins, present)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
