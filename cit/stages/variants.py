"""variants: text-dominant and text-lite forms of every verified question (MAVIS, Math-PUMA).

Offline and deterministic: the forms are written from the chart's data tables
(`Sample.data`: the engine's, or those the LLM's chart_data() program returned in verify)
with the templates in prompts/variants/. The original item becomes the vision-dominant
form; all three share `variant_group`. A chart without tables, or with more than
`qa.variant_max_cells` table cells, keeps its questions as they are.
"""

from __future__ import annotations

from cit.pipeline import RunContext, Stage
from cit.prompts import Prompts
from cit.qa.generation import chart_title, chart_vars
from cit.qa.variants import check_templates, table_cells, variant_items
from cit.record import Sample


class Variants(Stage):
    name = "variants"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        self.cfg = self.config.qa
        if self.cfg.variants:
            self.prompts = Prompts(self.config.prompts)
            check_templates(self.prompts)

    def process(self, records: list[Sample]) -> list[Sample]:
        if not self.cfg.variants:
            return records
        for s in records:
            todo = [q for q in s.qa if q.status == "verified" and q.variant is None]
            if not todo:
                continue
            if not s.data:
                self.count("no-data")
                continue
            if table_cells(s.data) > self.cfg.variant_max_cells:
                self.count("table-too-big")
                continue
            chart, title = chart_vars(s), chart_title(s)
            added = []
            for q in todo:
                added.extend(variant_items(self.prompts, q, chart, s.data, title))
            s.qa.extend(added)
            self.count("items", len(added))
        return records


STAGE = Variants
