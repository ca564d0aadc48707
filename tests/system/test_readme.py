"""The docs' examples are tests: every fenced block runs, or says why not and is checked.

Every fenced block of ``README.md`` and of ``docs/*.md`` runs, file by file and in each
file's order, in a temporary copy of the repository per file that uses the checkout's
``.venv`` (so nothing in the checkout changes), from the copy's root, with the virtual
environment *not* activated (commands name ``.venv/bin/…``):

- ``sh``, ``bash``, ``shell``: a fresh ``bash -eu -o pipefail`` each;
- ``console``: each ``$ `` command in its own ``bash``; the lines after it, when there are
  any, are the output expected (doctest rules: ``...`` matches anything, whitespace runs
  compare equal);
- ``python``: executed in one Python session per file, so names carry over from block to
  block;
- ``pycon``: ``>>>`` examples run as a doctest in that same session, output compared (the
  names they define carry over to later blocks too).

A block that must not run (it installs system packages, never ends, is the test suite
itself, or is not a program: TOML, YAML, cron, a listing) has a marker on the line before
it, ``<!-- readme-test: skip (the reason) -->``, and is checked as far as it can be:
Python is compiled and its ``clusteranalysis`` imports must resolve; shell must parse
(``bash -n``); TOML must parse and pass the report's configuration check when it holds
``[[run]]`` tables; YAML must parse; a crontab line needs five time fields and a command.
In every block, the ``make`` targets and ``.venv/bin/`` programs it names must exist. A
block without a language, in a language the runner does not know, or an unknown marker
fails the test.

A file whose blocks run the report (``make report``) starts with a copy of the session's
report of the committed reports.toml in ``reports/``, made by ``make report`` in a fresh copy
(``NotebookRuns.committed_report``): its blocks must then reuse every run, as a reader's
second ``make report`` does, and a run executed again fails the block.

A failing block fails its test, named after its file and opening fence, ``README.md:<line>``
or ``docs/data.md:<line>``. (The runner is the project's own rather than Sybil: it runs
shell and console blocks in a copy of the repository and checks the blocks it may not run,
with one marker syntax; docs/contributing.md says more.)
"""

from __future__ import annotations

import doctest
import json
import re
import shutil
import subprocess
import textwrap
import tomllib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.data import ROOT
from tests.support.repository import VENV, StaleVenv, reader_env, repository_copy
from tests.support.runs import NotebookRuns

README = ROOT / "README.md"
#: The files whose blocks run: the README, then every page of docs/.
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]

SHELL = {"sh", "bash", "shell"}
RUNS = SHELL | {"console", "python", "pycon"}
STATIC = {"toml", "yaml", "cron", "text"}  # never executed: they must carry a skip marker
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")
MARKER = re.compile(r"^<!--\s*readme-test:\s*(?P<body>.*?)\s*-->$")
SKIP = re.compile(r"skip\s+\((?P<reason>[^()]*\S[^()]*)\)")
TIMEOUT = 900  # seconds a block may take (a `make report` that ran every notebook)


class ReadmeError(Exception):
    """A doc's blocks or markers are malformed; the message names the file and line."""


@dataclass(frozen=True)
class Block:
    """One fenced block: where it starts, its language, its text, and a skip reason."""

    path: str
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    skip: str | None = None

    @property
    def name(self) -> str:
        return f"{self.path}:{self.line}"


def parse_blocks(text: str, path: str = "README.md") -> list[Block]:
    """The fenced blocks of a Markdown text, with the marker before each, if any."""
    lines = text.splitlines()
    blocks: list[Block] = []
    marker: tuple[int, str] | None = None  # (line, reason) waiting for its block
    i = 0
    while i < len(lines):
        line = lines[i]
        number = i + 1
        fence = FENCE.match(line)
        if fence:
            char, length = fence["fence"][0], len(fence["fence"])
            lang = fence["info"].split()[0].lower() if fence["info"] else ""
            end = next((j for j in range(i + 1, len(lines))
                        if re.fullmatch(rf" {{0,3}}{re.escape(char)}{{{length},}}\s*", lines[j])),
                       None)
            if end is None:
                raise ReadmeError(f"{path}:{number}: the block opened here is never closed")
            body = "\n".join(x[len(fence["indent"]):] if x.startswith(fence["indent"]) else x
                             for x in lines[i + 1:end])
            reason = marker[1] if marker else None
            blocks.append(Block(path, number, lang, body + "\n" if body else "", reason))
            marker = None
            i = end + 1
            continue
        stripped = line.strip()
        if stripped.startswith("<!--") and "readme-test" in stripped:
            found = MARKER.match(stripped)
            skip = SKIP.fullmatch(found["body"]) if found else None
            if skip is None:
                raise ReadmeError(f"{path}:{number}: unknown marker {stripped!r}; write "
                                  "<!-- readme-test: skip (the reason) -->")
            if marker:
                raise ReadmeError(f"{path}:{marker[0]}: marker not followed by a block")
            marker = (number, skip["reason"].strip())
        elif stripped and marker:
            raise ReadmeError(f"{path}:{marker[0]}: marker not followed by a block")
        i += 1
    if marker:
        raise ReadmeError(f"{path}:{marker[0]}: marker not followed by a block")
    for block in blocks:
        if not block.lang:
            raise ReadmeError(f"{block.name}: the block has no language; give it one "
                              f"({', '.join(sorted(RUNS | STATIC))})")
        if block.lang not in RUNS | STATIC:
            raise ReadmeError(f"{block.name}: unknown language {block.lang!r}; the runner "
                              f"knows {', '.join(sorted(RUNS | STATIC))}")
        if block.lang in STATIC and block.skip is None:
            raise ReadmeError(f"{block.name}: a {block.lang} block cannot run; mark it "
                              "<!-- readme-test: skip (the reason) -->")
    return blocks


def _parse_docs() -> tuple[list[Block], dict[str, str]]:
    blocks, errors = [], {}
    for path in DOCS:
        name = path.relative_to(ROOT).as_posix()
        try:
            blocks += parse_blocks(path.read_text(encoding="utf-8"), name)
        except ReadmeError as exc:  # reported by test_doc_blocks_are_well_formed
            errors[name] = str(exc)
    return blocks, errors


BLOCKS, PARSE_ERRORS = _parse_docs()
RUNNABLE = [b for b in BLOCKS if b.skip is None]
SKIPPED = [b for b in BLOCKS if b.skip is not None]


# --------------------------------------------------------------------------- static checks


def make_targets(makefile: Path = ROOT / "Makefile") -> set[str]:
    text = makefile.read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w.-]*)\s*:(?!=)", text, flags=re.MULTILINE))


def check_names(block: Block) -> None:
    """The ``make`` targets and ``.venv/bin/`` programs a block names exist."""
    targets = make_targets()
    code = block.code
    if block.lang in SHELL | {"console", "cron", "yaml"}:  # not the words of a comment
        code = re.sub(r"(^|\s)#.*$", "", code, flags=re.MULTILINE)
    for found in re.finditer(r"(?:^|[\s;&|(`])make((?:[ \t]+[a-z][\w-]*)+)", code):
        for target in found[1].split():
            assert target in targets, f"{block.name}: no Makefile target {target!r}"
    for program in re.findall(r"\.venv/bin/([\w.-]+)", block.code):
        assert (VENV / "bin" / program).exists(), f"{block.name}: no .venv/bin/{program}"


def check_python(block: Block) -> None:
    """Compiles, and its ``clusteranalysis`` imports name modules and names that exist."""
    import ast
    import importlib

    code = "\n" * block.line + block.code
    tree = ast.parse(code, filename=block.path)
    compile(tree, block.path, "exec")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [(node.module, [a.name for a in node.names])]
        else:
            continue
        for module, names in modules:
            if module.split(".")[0] != "clusteranalysis":
                continue
            imported = importlib.import_module(module)
            for name in names:
                if not hasattr(imported, name):
                    try:
                        importlib.import_module(f"{module}.{name}")
                    except ImportError:
                        raise AssertionError(
                            f"{block.path}:{node.lineno}: no {module}.{name}") from None


def check_shell(block: Block) -> None:
    code = block.code
    if block.lang == "console":
        code = "\n".join(command for command, _ in console_commands(block))
    done = subprocess.run(["bash", "-n"], input=code, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, f"{block.name}: bash -n: {done.stderr}"


def check_toml(block: Block, tmp_path: Path) -> None:
    from clusteranalysis.report import load_config

    data = tomllib.loads(block.code)
    if "run" in data:
        config = tmp_path / "reports.toml"
        config.write_text(block.code, encoding="utf-8")
        assert load_config(config, ROOT / "notebooks")


def check_yaml(block: Block) -> None:
    import yaml

    data = yaml.safe_load(block.code)
    assert isinstance(data, dict), f"{block.name}: not a YAML mapping"
    if "jobs" in data:  # a GitHub Actions workflow: every job has steps
        for name, job in data["jobs"].items():
            assert job.get("steps"), f"{block.name}: job {name!r} has no steps"


CRON_FIELD = re.compile(r"(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*|[A-Za-z]{3}")


def check_cron(block: Block) -> None:
    """Each line: blank, a comment, ``NAME=value``, or five time fields and a command."""
    commands = 0
    for offset, line in enumerate(block.code.splitlines(), 1):
        where = f"{block.path}:{block.line + offset}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", line):
            continue
        fields = line.split(None, 5)
        assert len(fields) == 6, f"{where}: a crontab line is 5 time fields and a command"
        for field in fields[:5]:
            assert CRON_FIELD.fullmatch(field), f"{where}: bad time field {field!r}"
        commands += 1
    assert commands, f"{block.name}: no crontab line"


def check_statically(block: Block, tmp_path: Path) -> None:
    check_names(block)
    if block.lang == "python":
        check_python(block)
    elif block.lang == "pycon":
        examples = doctest.DocTestParser().get_examples(block.code, block.name)
        check_python(Block(block.path, block.line, "python",
                           "".join(e.source for e in examples)))
    elif block.lang in SHELL | {"console"}:
        check_shell(block)
    elif block.lang == "toml":
        check_toml(block, tmp_path)
    elif block.lang == "yaml":
        check_yaml(block)
    elif block.lang == "cron":
        check_cron(block)


# --------------------------------------------------------------------------- running


def console_commands(block: Block) -> list[tuple[str, str]]:
    """``$ `` commands (``\\`` continues a line) and the output shown after each."""
    pairs: list[tuple[str, list[str]]] = []
    lines = block.code.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ "):
            command = [line[2:]]
            while command[-1].endswith("\\") and i + 1 < len(lines):
                i += 1
                command.append(lines[i])
            pairs.append(("\n".join(command), []))
        elif pairs:
            pairs[-1][1].append(line)
        elif line.strip():
            raise ReadmeError(f"{block.path}:{block.line + 1 + i}: console output before "
                              "any '$ ' command")
        i += 1
    return [(command, "\n".join(out).strip("\n")) for command, out in pairs]


DRIVER = r'''
import contextlib, doctest, io, json, sys, traceback
namespace = {"__name__": "__main__"}
token = sys.argv[1]
protocol = sys.stdout
for request in sys.stdin:
    request = json.loads(request)
    out = io.StringIO()
    error = None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            if request["lang"] == "python":
                code = compile("\n" * request["line"] + request["code"], request["path"], "exec")
                exec(code, namespace)
            else:
                test = doctest.DocTestParser().get_doctest(
                    request["code"], namespace, request["name"], request["path"],
                    request["line"])
                flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
                runner = doctest.DocTestRunner(optionflags=flags)
                report = io.StringIO()
                runner.run(test, out=report.write, clear_globs=False)
                namespace.update(test.globs)  # names a pycon block defines carry on too
                if runner.failures:
                    error = report.getvalue()
    except BaseException:
        error = traceback.format_exc()
    protocol.write(token + json.dumps({"error": error, "output": out.getvalue()}) + "\n")
    protocol.flush()
'''


class Sandbox:
    """A temporary copy of the repository, its shell environment and one Python session."""

    def __init__(self, root: Path, tmp: Path) -> None:
        self.root = root
        self.env = reader_env(tmp)
        self.seeded = False  # reports/ starts as a copy of the session's committed report
        self.token = f"@@readme-{uuid.uuid4().hex}@@"
        self.python: subprocess.Popen[str] | None = None
        self.done: set[int] = set()

    def run(self, block: Block) -> None:
        """Run one block; AssertionError naming its line when it fails."""
        if block.lang in SHELL:
            self._shell(block, block.code)
        elif block.lang == "console":
            for command, expected in console_commands(block):
                output = self._shell(block, command)
                if expected:
                    checker = doctest.OutputChecker()
                    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
                    if not checker.check_output(expected + "\n", output, flags):
                        raise AssertionError(f"{block.name}: `{command}` printed\n{output}\n"
                                             f"expected\n{expected}")
        else:
            self._python(block)

    def _shell(self, block: Block, code: str) -> str:
        try:
            done = subprocess.run(["bash", "-eu", "-o", "pipefail", "-c", code], cwd=self.root,
                                  env=self.env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT,
                                  check=False)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{block.name}: {block.lang} block still running after {TIMEOUT} s")
        if done.returncode != 0:
            raise AssertionError(
                f"{block.name}: {block.lang} block failed (exit status {done.returncode})\n"
                f"{textwrap.indent(code, '    ')}\noutput:\n{done.stdout[-4000:]}")
        return done.stdout

    def _python(self, block: Block) -> None:
        if self.python is None:
            self.python = subprocess.Popen(
                [str(VENV / "bin" / "python"), "-c", DRIVER, self.token], cwd=self.root,
                env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.python.stdin is not None and self.python.stdout is not None
        request = {"lang": block.lang, "code": block.code, "line": block.line,
                   "path": block.path, "name": block.name}
        self.python.stdin.write(json.dumps(request) + "\n")
        self.python.stdin.flush()
        noise = []
        for line in self.python.stdout:
            if line.startswith(self.token):
                reply = json.loads(line[len(self.token):])
                break
            noise.append(line)  # a subprocess of the block printing to the session's stdout
        else:
            pytest.fail(f"{block.name}: the Python session ended\n{''.join(noise)[-4000:]}")
        if reply["error"] is not None:
            raise AssertionError(f"{block.name}: {block.lang} block failed\n{reply['error']}\n"
                                 f"output:\n{reply['output'][-4000:]}")

    def close(self) -> None:
        if self.python is not None:
            assert self.python.stdin is not None
            self.python.stdin.close()
            try:
                self.python.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.python.kill()
                self.python.wait()


def _sandbox(base: Path) -> Sandbox:
    """The repository copied into ``base`` (:func:`tests.support.repository.repository_copy`)."""
    try:
        root = repository_copy(base)
    except StaleVenv as exc:
        pytest.fail(str(exc))
    return Sandbox(root, base / "tmp")


#: A block that runs the report of the committed reports.toml.
RUNS_THE_REPORT = re.compile(r"\bmake report\b|\bclusteranalysis report\b")


@pytest.fixture(scope="module")
def sandboxes(tmp_path_factory: pytest.TempPathFactory, notebook_runs: NotebookRuns
              ) -> Iterator[dict[str, Sandbox]]:
    """One sandbox per documentation file, made when its first block runs.

    A file whose blocks run the report starts with a copy of the session's report of the
    committed reports.toml in ``reports/``, as a reader's checkout has after its first
    ``make report``: the command then reuses every run (the same notebooks, data and code)
    instead of executing them all again; ``test_committed_config_end_to_end`` checks that
    report itself.
    """
    if not (VENV / "bin" / "python").exists():
        pytest.fail("no .venv: run `make setup` first")
    class Boxes(dict[str, Sandbox]):
        def __missing__(self, path: str) -> Sandbox:
            box = _sandbox(tmp_path_factory.mktemp("docs"))
            if any(b.path == path and RUNS_THE_REPORT.search(b.code) for b in RUNNABLE):
                shutil.copytree(notebook_runs.committed_report(), box.root / "reports")
                box.seeded = True
            self[path] = box
            return box

    boxes = Boxes()
    try:
        yield boxes
    finally:
        for box in boxes.values():
            box.close()


def test_doc_blocks_are_well_formed() -> None:
    assert PARSE_ERRORS == {}, "\n".join(PARSE_ERRORS.values())
    assert any(b.path == "README.md" for b in RUNNABLE), "no README block runs"
    assert {b.path for b in BLOCKS} > {"README.md"}, "no block in docs/ is found"
    assert all(b.skip for b in SKIPPED)


@pytest.mark.parametrize("block", SKIPPED, ids=[f"{b.name}-{b.lang}" for b in SKIPPED])
def test_skipped_block_is_checked(block: Block, tmp_path: Path) -> None:
    check_statically(block, tmp_path)


@pytest.mark.parametrize("block", RUNNABLE, ids=[f"{b.name}-{b.lang}" for b in RUNNABLE])
def test_doc_block_runs(block: Block, sandboxes: dict[str, Sandbox]) -> None:
    """Blocks run in their file's order, each file in its own sandbox; run alone (``-k``),
    a block first runs those before it in its file."""
    check_names(block)
    sandbox = sandboxes[block.path]
    same_file = [b for b in RUNNABLE if b.path == block.path]
    for earlier in same_file[: same_file.index(block)]:
        if earlier.line not in sandbox.done:
            sandbox.done.add(earlier.line)
            sandbox.run(earlier)
    sandbox.done.add(block.line)
    sandbox.run(block)
    if sandbox.seeded and RUNS_THE_REPORT.search(block.code):
        # the copy's runs were reused, as a reader's second `make report` reuses them: a
        # run executed again means its key differs from the session report's (stale data?)
        manifest = json.loads((sandbox.root / "reports" / "manifest.json").read_text("utf-8"))
        executed = [r["name"] for r in manifest["runs"] if r["status"] != "unchanged"]
        assert executed == [], f"{block.name}: runs executed again, not reused: {executed}"


# --------------------------------------------------------------------------- the runner itself

SAMPLE = """\
# Sample

```sh
echo ok > made.txt
```

<!-- readme-test: skip (starts a server) -->
```sh
make lab
```

```python
x = 40
```

```pycon
>>> x + 2
42
>>> y = x + 1
```

```python
assert y == 41
```

```console
$ cat made.txt
ok
$ printf 'a\\nb\\n' | \\
    wc -l
2
```

<!-- readme-test: skip (a listing) -->
```text
reports/
```
"""


def test_parse_blocks_reads_fences_markers_and_lines() -> None:
    blocks = parse_blocks(SAMPLE, "S.md")
    assert [(b.line, b.lang, b.skip) for b in blocks] == [
        (3, "sh", None), (8, "sh", "starts a server"), (12, "python", None),
        (16, "pycon", None), (22, "python", None), (26, "console", None),
        (35, "text", "a listing")]
    assert blocks[0].code == "echo ok > made.txt\n"
    assert console_commands(blocks[5]) == [("cat made.txt", "ok"),
                                          ("printf 'a\\nb\\n' | \\\n    wc -l", "2")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("```\nls\n```\n", "S.md:1: the block has no language"),
        ("```ruby\nputs 1\n```\n", "S.md:1: unknown language 'ruby'"),
        ("```toml\na = 1\n```\n", "S.md:1: a toml block cannot run; mark it"),
        ("```sh\nls\n", "S.md:1: the block opened here is never closed"),
        ("<!-- readme-test: skp (x) -->\n```sh\nls\n```\n", "S.md:1: unknown marker"),
        ("<!-- readme-test: skip -->\n```sh\nls\n```\n", "S.md:1: unknown marker"),
        ("<!-- readme-test: skip (x) -->\ntext\n```sh\nls\n```\n",
         "S.md:1: marker not followed by a block"),
        ("<!-- readme-test: skip (x) -->\n", "S.md:1: marker not followed by a block"),
    ],
    ids=["no-language", "unknown-language", "toml-unmarked", "unclosed", "marker-typo",
         "marker-no-reason", "marker-then-text", "marker-at-end"],
)
def test_parse_blocks_rejects(text: str, message: str) -> None:
    with pytest.raises(ReadmeError, match=re.escape(message)):
        parse_blocks(text, "S.md")


def test_runner_runs_blocks_in_one_session(tmp_path: Path) -> None:
    box = Sandbox(tmp_path, tmp_path / "tmp")
    try:
        for block in parse_blocks(SAMPLE, "S.md"):
            if block.skip is None:
                box.run(block)
    finally:
        box.close()
    assert (tmp_path / "made.txt").read_text() == "ok\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\n\n```sh\necho out\nfalse\necho never\n```\n",
         "S.md:3: sh block failed (exit status 1)"),
        ("```sh\necho \"$UNSET_README_VARIABLE\"\n```\n", "S.md:1: sh block failed"),
        ("```python\nx = 1\n\ny = missing_name\n```\n", 'File "S.md", line 4'),
        ("```pycon\n>>> 1 + 1\n3\n```\n", "S.md:1: pycon block failed"),
        ("```console\n$ echo 1\n2\n```\n", "S.md:1: `echo 1` printed"),
        ("```console\n$ false\n```\n", "S.md:1: console block failed (exit status 1)"),
    ],
    ids=["sh-exit", "sh-unset", "python", "pycon", "console-output", "console-exit"],
)
def test_runner_names_the_failing_block(tmp_path: Path, text: str, message: str) -> None:
    (block,) = parse_blocks(text, "S.md")
    box = Sandbox(tmp_path, tmp_path / "tmp")
    try:
        with pytest.raises(AssertionError) as info:
            box.run(block)
    finally:
        box.close()
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("lang", "code", "message"),
    [
        ("python", "from clusteranalysis.report import no_such_function\n",
         "no clusteranalysis.report.no_such_function"),
        ("python", "def f(:\n", "invalid syntax"),
        ("sh", "make no-such-target  # make it so\n", "no Makefile target 'no-such-target'"),
        ("sh", ".venv/bin/no-such-program\n", "no .venv/bin/no-such-program"),
        ("sh", "if then\n", "bash -n"),
        ("toml", '[[run]]\nnotebook = "01_budgets.ipynb"\nname = "x"\n'
                 'parameters = { curency = "USD" }\n', "unknown parameter 'curency'"),
        ("toml", "a = \n", "Invalid value"),
        ("yaml", "jobs:\n  report:\n    runs-on: x\n", "job 'report' has no steps"),
        ("yaml", "a: [\n", "expected"),
        ("cron", "30 2 * *  make report\n", "bad time field 'make'"),
        ("cron", "MAILTO=a@b\n", "no crontab line"),
    ],
    ids=["python-import", "python-syntax", "make-target", "venv-program", "sh-syntax",
         "toml-config", "toml-syntax", "yaml-workflow", "yaml-syntax", "cron-fields",
         "cron-empty"],
)
def test_static_checks_can_fail(tmp_path: Path, lang: str, code: str, message: str) -> None:
    block = Block("S.md", 1, lang, code, "a reason")
    with pytest.raises(Exception, match=re.escape(message)):
        check_statically(block, tmp_path)


# --------------------------------------------------------------------------- how GitHub shows it

# GitHub reads a pair of unescaped `$` in a paragraph as maths and a pair of `~` as
# strikethrough (code spans and blocks aside): write \$ and \~ in prose.
TEX_DOLLAR = re.compile(r"(?<!\\)\$")
STRIKE_TILDE = re.compile(r"(?<![\\~])~(?!~)")


def misread_paragraphs(text: str) -> list[str]:
    """The paragraphs of a Markdown text that hold an unescaped pair of $ or ~ outside code."""
    prose = re.sub(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1", "", text, flags=re.S | re.M)
    found = []
    for paragraph in re.split(r"\n\s*\n", prose):
        words = re.sub(r"`[^`]*`", "", paragraph)
        if len(TEX_DOLLAR.findall(words)) >= 2 or len(STRIKE_TILDE.findall(words)) >= 2:
            found.append(" ".join(paragraph.split())[:120])
    return found


def test_misread_paragraphs_are_found() -> None:
    assert misread_paragraphs("BioRegio 1996~2001, InnoRegio 1999~(2006).\n") != []
    assert misread_paragraphs("US$540 million and US$470 million\n") != []
    escaped = "1996\\~2001 and `1999~(2006)`; US\\$1 = £1\n\n```sh\n$ a\n$ b\n```\n"
    assert misread_paragraphs(escaped) == []


@pytest.mark.parametrize("path", DOCS, ids=[p.relative_to(ROOT).as_posix() for p in DOCS])
def test_docs_read_on_github_as_written(path: Path) -> None:
    assert misread_paragraphs(path.read_text(encoding="utf-8")) == []
