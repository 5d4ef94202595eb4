"""render: run each chart program in the sandboxed executor and keep its PNGs.

Images land in the run folder's images/ under the sample id. A program that fails, draws
nothing or times out is dropped with the executor's reason; its traceback stays on the
rejected record (the LLM path feeds it to self-repair).
"""

from __future__ import annotations

from pathlib import Path

from cit.executor import Job
from cit.pipeline import Stage
from cit.record import RenderInfo, Sample


class Render(Stage):
    name = "render"

    def process(self, records: list[Sample]) -> list[Sample]:
        if not records:
            return []
        run_dir = self.ctx.run_dir
        jobs = [Job(code=s.code, name=s.id) for s in records]
        out: list[Sample] = []
        for sample, res in zip(records, self.ctx.executor.map(jobs)):
            images = [str(Path(p).resolve().relative_to(run_dir.resolve())) for p in res.images]
            first = res.figures[0] if res.figures else {}
            sample.render = RenderInfo(
                ok=res.ok,
                images=images,
                error=res.error,
                traceback=res.traceback,
                sandbox=res.sandbox,
                width=first.get("width"),
                height=first.get("height"),
                figures=res.figures,
            )
            if res.ok and images:
                sample.image = images[0]
                out.append(sample)
            else:
                self.drop(sample, "render-error", res.error or "no image produced")
        return out


STAGE = Render
