"""render: run each chart program in the sandboxed executor and keep its PNGs.

Images land in the run folder's images/ under the sample id. A program that fails, draws
nothing or times out is dropped with the executor's reason; its traceback stays on the
rejected record.

Self-repair: a program an LLM wrote (a record with `llm_calls`) that fails goes back to
the LLM with its error and traceback (`prompts/repair/fix.jinja`) and the fixed program is
rendered again, up to `synth.repair_attempts` times. Listed again after evolution, the
stage renders only the children (the base class passes through what it has taken).
"""

from __future__ import annotations

from pathlib import Path

from cit.executor import Job
from cit.pipeline import RunContext, Stage
from cit.record import RenderInfo, Sample
from cit.synth.checks import CodeProblem


class Render(Stage):
    name = "render"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        self._repairer = None
        if self.config.generator == "llm" and self.config.synth.repair_attempts > 0:
            self._get_repairer()  # a broken repair template fails now, not after the first chunk

    def _get_repairer(self):
        if self._repairer is None:
            from cit.synth.repair import Repairer

            self._repairer = Repairer(self.config)
        return self._repairer

    def process(self, records: list[Sample]) -> list[Sample]:
        if records:
            self._render(records)
            self._repair([s for s in records if not s.render.ok and s.llm_calls])
        out: list[Sample] = []
        for sample in records:
            if sample.render.ok:
                out.append(sample)
            else:
                repairs = sample.provenance.get("repairs")
                tail = f" (still failing after {repairs} repair attempt{'s' * (repairs != 1)})" if repairs else ""
                self.drop(sample, "render-error", (sample.render.error or "no image produced") + tail)
        return out

    def _render(self, samples: list[Sample]) -> None:
        run_dir = self.ctx.run_dir.resolve()
        jobs = [Job(code=s.code, name=s.id) for s in samples]
        for sample, res in zip(samples, self.ctx.executor.map(jobs)):
            images = [str(Path(p).resolve().relative_to(run_dir)) for p in res.images]
            first = res.figures[0] if res.figures else {}
            ok = bool(res.ok and images)
            sample.render = RenderInfo(
                ok=ok,
                images=images,
                error=res.error if not ok else None,
                traceback=res.traceback,
                sandbox=res.sandbox,
                width=first.get("width"),
                height=first.get("height"),
                figures=res.figures,
                shims=res.shims,
            )
            for shim in res.shims:  # how many repair calls the compatibility shims saved
                self.count(f"compat-shims/{shim}")
            if ok:
                sample.image = images[0]
            elif not res.error:
                sample.render.error = "no image produced"

    def _repair(self, failed: list[Sample]) -> None:
        attempts = self.config.synth.repair_attempts
        if not failed or attempts == 0:
            return
        repairer = self._get_repairer()
        for attempt in range(1, attempts + 1):
            if not failed:
                return
            self.count("repair-attempts", len(failed))
            fixes = repairer.fix(self.ctx.llm, failed, attempt)
            rerender: list[Sample] = []
            for sample, fix in zip(failed, fixes):
                sample.provenance["repairs"] = attempt
                if isinstance(fix, CodeProblem):
                    self.count(f"repair-reply/{fix.reason}")
                    continue
                sample.code = fix
                rerender.append(sample)
            if rerender:
                self._render(rerender)
            for sample in rerender:
                if sample.render.ok:
                    self.count("repaired")
            failed = [s for s in failed if not s.render.ok]
        self.count("repair-gave-up", len(failed))


STAGE = Render
