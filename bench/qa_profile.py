"""Profile of a run's Q&A: families, steps, question lengths, distinct skeletons, language.

    python bench/qa_profile.py                    # a fresh 500-chart engine run, then its profile
    python bench/qa_profile.py --n 200
    python bench/qa_profile.py --run outputs/demo # profile an existing run folder (any cit version)

A skeleton is a question with its entities (every label and header of the chart's tables)
and its numbers masked, lower-cased: "What is <E>'s <E> in <E>?". Few distinct skeletons
for many questions means templated text. Only the questions themselves count (the
vision-dominant form; text variants restate them). Language problems use the checks in
cit/qa/programs/lint.py.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

NUMBER = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?%?")


def skeleton(question: str, entities: list[str]) -> str:
    text = question
    for e in sorted({e for e in entities if len(e) > 1}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(e)}(?!\w)", "<E>", text, flags=re.I)
    return NUMBER.sub("<N>", text).lower()


def entities_of(sample: dict) -> list[str]:
    out = []
    for t in sample.get("data") or []:
        out += [str(c) for c in t["columns"]]
        out += [str(v) for row in t["rows"] for v in row if isinstance(v, str) or isinstance(v, int)]
        out += [t["title"]] if t.get("title") else []
    return out


def printed_names(sample: dict) -> list[str]:
    """Names the chart prints and a question must keep as printed: its category labels.
    (Column headers are left out: a header is often the measure, which questions rightly
    write in lower case.)"""
    return [str(r[0]) for t in sample.get("data") or [] for r in t["rows"] if r and isinstance(r[0], str)]


def profile(run: Path) -> dict:
    from cit.qa.programs.lint import problems

    samples = [json.loads(line) for line in (run / "samples.jsonl").read_text().splitlines() if line.strip()]
    items = [(s, q) for s in samples for q in s["qa"] if q.get("variant") in (None, "vision-dominant")]
    kinds = Counter(q["kind"] for _, q in items)
    fam = Counter(q.get("family") or (q.get("template") or "llm").split(".")[0] for _, q in items if q["kind"] == "reasoning")
    steps = Counter(q.get("steps") for _, q in items if q["kind"] == "reasoning")
    reasoning = kinds["reasoning"] or 1
    deep = sum(n for k, n in steps.items() if k is not None and k >= 3) / reasoning
    lengths = [len(q["question"].split()) for _, q in items]
    skeletons = Counter(skeleton(q["question"], entities_of(s)) for s, q in items)
    rec = [q for _, q in items if q["kind"] == "recognition"]
    lookups = sum((q.get("template") or "").startswith(("chart.title", "chart.axis")) for q in rec)
    bad = [(q["question"], p) for s, q in items
           for p in problems(q["question"], printed_names(s))]
    return {
        "charts": len(samples), "items": len(items), "recognition": kinds["recognition"], "reasoning": kinds["reasoning"],
        "reasoning_families": len(fam), "families": dict(fam.most_common()),
        "steps": {str(k): v for k, v in sorted(steps.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))},
        "reasoning_3plus_steps": round(deep, 3),
        "words_median": statistics.median(lengths) if lengths else 0, "words_p90": sorted(lengths)[int(0.9 * len(lengths))] if lengths else 0,
        "skeletons": len(skeletons), "items_per_skeleton": round(len(items) / max(len(skeletons), 1), 2),
        "title_axis_share_of_recognition": round(lookups / max(len(rec), 1), 3),
        "language_problems": len(bad), "language_examples": bad[:5],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", type=Path, help="an existing run folder")
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    run = args.run
    if run is None:
        from cit.config import load_config
        from cit.runner import synth

        run = Path(tempfile.mkdtemp(prefix="cit-qa-profile-")) / "run"
        t = time.perf_counter()
        synth(load_config(overrides={"out": str(run), "n": args.n, "seed": args.seed, "evolve.rate": 0.0}))
        print(f"made {run} in {time.perf_counter() - t:.0f}s", file=sys.stderr)
    p = profile(run)
    print(json.dumps(p, indent=1, ensure_ascii=False))
    print(f"\n{p['charts']} charts, {p['items']} questions ({p['recognition']} recognition, {p['reasoning']} reasoning); "
          f"{p['reasoning_families']} reasoning families; {100 * p['reasoning_3plus_steps']:.0f}% of reasoning items with 3+ steps; "
          f"median {p['words_median']} words (p90 {p['words_p90']}); {p['skeletons']} distinct skeletons "
          f"({p['items_per_skeleton']} questions each); title/axis lookups {100 * p['title_axis_share_of_recognition']:.0f}% "
          f"of recognition; {p['language_problems']} language problems")


if __name__ == "__main__":
    main()
