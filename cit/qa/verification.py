"""Verification by execution: run each item's answer program against the chart's own data.

One sandbox job per chart: the chart program runs first (so every variable it defines is
there), then a small harness calls each answer program in a forked child of its own, with
its own time limit. A program that crashes, loops, exits or mutates the data therefore
affects only its own result; the others still come back. Plotting calls are harmless: the
job runs with capture off and no image is kept.

The same job can also run `chart_data()`, a program that returns the drawn data as
tables, used for the text-dominant variants of LLM-written charts.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from cit.executor import Job
from cit.qa.compare import agree
from cit.qa.config import QAConfig
from cit.record import QA, DataTable

ANSWER_FN = "answer"
TABLE_FN = "chart_data"
MAX_RESULT = 100_000  # characters of JSON one program may return
MAX_TABLE_ROWS = 500

_HARNESS = r'''

# ---- added by cit: run each answer program in its own forked child ----
def _cit_plain(v, depth=0):
    import math
    if depth > 20:
        return str(v)
    if hasattr(v, "tolist") and not isinstance(v, (str, bytes)):
        try:
            v = v.tolist()
        except Exception:
            return str(v)
    if v is None or isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else repr(v)
    if isinstance(v, dict):
        return {str(k): _cit_plain(x, depth + 1) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return [_cit_plain(x, depth + 1) for x in v]
    return str(v)


def _cit_child(src, fn_name, w):
    import json, os
    try:
        ns = dict(globals())
        exec(compile(src, "<answer program>", "exec"), ns)
        fn = ns.get(fn_name)
        if not callable(fn):
            raise NameError(f"the program defines no function {fn_name}()")
        text = json.dumps({"ok": True, "value": _cit_plain(fn())})
        if len(text) > _CIT_MAX_RESULT:
            text = json.dumps({"ok": False, "error": f"result larger than {_CIT_MAX_RESULT} characters"})
    except BaseException as e:
        text = json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"[:300]})
    data = text.encode()
    while data:
        data = data[os.write(w, data):]
    os._exit(0)


def _cit_run_all(specs, limit):
    import json, os, select, signal, sys, time
    out = []
    for src, fn_name in specs:
        sys.stdout.flush()
        sys.stderr.flush()
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _cit_child(src, fn_name, w)
        os.close(w)
        chunks, deadline, timed_out = [], time.monotonic() + limit, False
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if select.select([r], [], [], left)[0]:
                b = os.read(r, 65536)
                if not b:
                    break
                chunks.append(b)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(r)
        if timed_out:
            out.append({"ok": False, "error": f"timeout after {limit:g}s"})
            continue
        try:
            out.append(json.loads(b"".join(chunks)))
        except ValueError:
            how = f"killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit status {os.WEXITSTATUS(status)}"
            out.append({"ok": False, "error": f"the program ended without a result ({how})"})
    return out
'''


@dataclass
class ProgramRun:
    ok: bool
    value: Any = None
    error: str | None = None


def verification_job(name: str, chart_code: str, specs: list[tuple[str, str]], cfg: QAConfig) -> Job:
    """The job that runs the chart code and then every (program source, function name)."""
    code = f"{chart_code.rstrip()}\n{_HARNESS}\n_CIT_MAX_RESULT = {MAX_RESULT}\n_CIT_SPECS = {specs!r}\n"
    timeout = cfg.chart_timeout + len(specs) * (cfg.program_timeout + 0.5)
    return Job(code=code, name=name, timeout=timeout, call=f"_cit_run_all(_CIT_SPECS, {cfg.program_timeout!r})", capture=False)


def run_programs(executor, batches: list[tuple[str, str, list[tuple[str, str]]]], cfg: QAConfig) -> list[list[ProgramRun]]:
    """(name, chart code, specs) per chart -> one ProgramRun per spec, in order."""
    jobs = [verification_job(name, code, specs, cfg) for name, code, specs in batches if specs]
    results = iter(executor.map(jobs))
    out: list[list[ProgramRun]] = []
    for _, _, specs in batches:
        if not specs:
            out.append([])
            continue
        res = next(results)
        values = res.value if res.ok and isinstance(res.value, list) and len(res.value) == len(specs) else None
        if values is None:
            why = res.error or "the harness returned no results"
            out.append([ProgramRun(False, error=f"verification job failed: {why}") for _ in specs])
            continue
        out.append([ProgramRun(bool(v.get("ok")), v.get("value"), v.get("error")) if isinstance(v, dict)
                    else ProgramRun(False, error="malformed result") for v in values])
    return out


def chart_names(chart_code: str) -> set[str] | None:
    """Names the chart program defines at module level, imports left out (None: it does
    not parse, so nothing can be said)."""
    try:
        tree = ast.parse(chart_code)
    except SyntaxError:
        return None
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                names.add(sub.id)
            elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and sub is node:
                names.add(sub.name)
    return names


def reads_chart_data(program: str, names: set[str] | None) -> bool:
    """Whether the program reads at least one of the chart's own variables: a program that
    only returns a typed-in constant checks nothing."""
    if names is None:
        return True
    try:
        tree = ast.parse(program)
    except SyntaxError:
        return True  # running it reports the syntax error
    own = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return bool((loaded - own) & names)


def needs_program(q: QA, cfg: QAConfig) -> bool:
    return q.answer_type.type in cfg.program_types


def settle(q: QA, run: ProgramRun | None, cfg: QAConfig) -> None:
    """Set the item's status and reason from its program's run (None: it had no program)."""
    q.verified, q.verified_by = False, None
    if run is None:
        q.status = "unverified"
        q.reason = "no-program: the item has no answer program" if needs_program(q, cfg) else \
            f"no-check: answer type {q.answer_type.type} is not verified by execution"
        return
    if not run.ok:
        q.status = "unverified"
        error = run.error or "unknown error"
        q.reason = f"program-timeout: {error}" if error.startswith("timeout") else f"program-error: {error}"
        return
    ok, detail = agree(q.value, run.value, q.answer_type, stated=q.answer, use_precision=cfg.stated_precision)
    if ok:
        q.status, q.verified, q.verified_by, q.reason = "verified", True, "execution", f"agrees: {detail}"
    else:
        q.status, q.reason = "disagree", f"disagree: {detail}"


def verify_items(executor, charts: list[tuple[str, str, list[QA]]], cfg: QAConfig,
                 table_programs: dict[str, str] | None = None) -> dict[str, Any]:
    """Run and settle every item of every (name, chart code, items); returns the raw
    `chart_data()` results by chart name for those in `table_programs`."""
    batches, plans = [], []
    for name, code, items in charts:
        names = chart_names(code)
        runnable = [q for q in items if q.program and needs_program(q, cfg)]
        todo = [q for q in runnable if reads_chart_data(q.program or "", names)]
        specs = [(q.program or "", ANSWER_FN) for q in todo]
        table = (table_programs or {}).get(name)
        if table:
            specs.append((table, TABLE_FN))
        batches.append((name, code, specs))
        plans.append((items, todo, {q.id for q in runnable} - {q.id for q in todo}, bool(table)))
    tables: dict[str, Any] = {}
    for (name, _, _), (items, todo, constant, has_table), runs in zip(batches, plans, run_programs(executor, batches, cfg)):
        by_id = {q.id: r for q, r in zip(todo, runs)}
        for q in items:
            if q.id in constant:
                q.status, q.verified, q.verified_by = "unverified", False, None
                q.reason = "program-constant: the program reads none of the chart's variables"
            else:
                settle(q, by_id.get(q.id), cfg)
        if has_table:
            tables[name] = runs[-1]
    return tables


def tables_from(value: Any) -> list[DataTable]:
    """DataTables from what chart_data() returned; ValueError when it is not table-shaped."""
    raw = value if isinstance(value, list) else [value]
    out = []
    for t in raw:
        if not isinstance(t, dict):
            raise ValueError("chart_data() must return a table (a dict) or a list of them")
        try:
            table = DataTable.model_validate({k: t[k] for k in ("columns", "rows", "units", "title") if k in t})
        except ValidationError as exc:
            raise ValueError(f"not a table: {exc.errors()[0]['msg']}") from None
        if not table.columns or not table.rows or len(table.rows) > MAX_TABLE_ROWS:
            raise ValueError(f"a table needs columns and 1-{MAX_TABLE_ROWS} rows")
        if any(len(r) != len(table.columns) for r in table.rows):
            raise ValueError("every row needs one cell per column")
        if any(isinstance(c, (dict, list)) for r in table.rows for c in r):
            raise ValueError("cells must be numbers or text")
        out.append(table)
    return out
