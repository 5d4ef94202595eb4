import cit.engine.colors as palette
from cit.engine.base import Draw
from cit.engine.qa import Asker
from cit.engine.shapes.categorical import Categorical
from cit.engine.shapes.common import new_spec
from cit.engine.text import cap, num, var_name
from cit.engine.topics import Measure


class Funnel(Categorical):
    family, name = "specific", "funnel"
    noun = "funnel chart"
    description = "Stages of a process as centred bars that narrow as people drop out, each labelled with its count."
    needs = frozenset({"stages"})
    per_item_colors = True
    cartesian = False
    axis_labels = False
    labeled = True
    sort_desc = True
    evolvable = ("visual-elements",)

    def make(self, d: Draw) -> dict:
        rng, dom = d.rng, d.domain
        stages = list(dom.stages)
        first = round(rng.uniform(2000, 60000), -1)
        values = [int(first)]
        for _ in stages[1:]:
            values.append(int(round(values[-1] * rng.uniform(0.45, 0.88))))
        m = Measure(f"number of {dom.stage_unit}", "", 1, first, 0)
        year = rng.randint(2019, 2024)
        context = f"{rng.choice(dom.groups)} ({year})"
        title = f"{cap(dom.stage_unit)} at each stage — {context}"
        taken: set[str] = set()
        return new_spec(self, d, title=title, about=f"how many {dom.stage_unit} reach each of {len(stages)} stages, {context}",
                        measure=m, kind=("stage", "stages"), data={"labels": stages, "values": values},
                        vars={"labels": var_name("stages", taken), "values": var_name(dom.stage_unit, taken), "colors": "colors"},
                        colors=palette.pick(rng, self.library, len(stages)))

    def elements(self, spec: dict) -> list[str]:
        return [] if "conversion_labels" in spec["extras"] else ["conversion_labels"]

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        out = [f"widest = max({v['values']})",
               f"for i, count in enumerate({v['values']}):",
               f"    {ax}.barh(i, count, left=(widest - count) / 2, height=0.8, color={v['colors']}[i])",
               f"    {ax}.text((widest + count) / 2 + widest * 0.01, i, f\"{{count:,}}\", va=\"center\", fontsize=10)"]
        if spec["extras"].get("conversion_labels"):
            out += [f"for i in range(1, len({v['values']})):",
                    f"    rate = {v['values']}[i] / {v['values']}[i - 1] * 100",
                    f"    {ax}.text(widest * 1.1, i - 0.5, f\"{{rate:.1f}}% continue\", va=\"center\", fontsize=9, color=\"dimgray\")"]
        return out + [f"{ax}.set_yticks(range(len({v['labels']})), {v['labels']})",
                      f"{ax}.set_xlim(0, widest * 1.3)",
                      f"{ax}.set_xticks([])",
                      f"{ax}.spines[[\"top\", \"right\", \"bottom\", \"left\"]].set_visible(False)",
                      f"{ax}.invert_yaxis()"]

    def ask(self, spec: dict, a: Asker) -> None:
        super().ask(spec, a)
        labels, vals = spec["data"]["labels"], spec["data"]["values"]
        i = a.rng.randrange(1, len(labels))
        rate = vals[i] / vals[i - 1] * 100
        q = a.say(["What percentage of {u} at \"{a}\" go on to \"{b}\"?", "What is the conversion rate from \"{a}\" to \"{b}\"?"],
                  u=spec["measure"]["name"].replace("number of ", ""), a=labels[i - 1], b=labels[i])
        a.number("funnel.step_rate", "reasoning", q, rate,
                 [f"\"{labels[i - 1]}\" has {vals[i - 1]} and \"{labels[i]}\" has {vals[i]}.", f"{vals[i]} / {vals[i - 1]} x 100 = {num(rate, 1)}%."],
                 unit="%", dp=1, abs_tol=0.1, args={"a": labels[i - 1], "b": labels[i]}, priority=1 if "conversion_labels" in spec["extras"] else 0)
        overall = vals[-1] / vals[0] * 100
        q = a.say(["What share of those who entered the first stage reach the last stage?", "What is the overall conversion rate from the first to the last stage?"])
        a.number("funnel.overall", "reasoning", q, overall,
                 [f"First stage: {vals[0]}; last stage: {vals[-1]}.", f"{vals[-1]} / {vals[0]} x 100 = {num(overall, 1)}%."], unit="%", dp=1, abs_tol=0.1)
        drops = [vals[j - 1] - vals[j] for j in range(1, len(vals))]
        j = drops.index(max(drops))
        if drops.count(max(drops)) == 1:
            q = a.say(["Between which two consecutive stages are the most {u} lost? Answer with the later stage.",
                       "Which stage shows the largest absolute drop from the stage before it?"], u=spec["measure"]["name"].replace("number of ", ""))
            a.text("funnel.biggest_drop", "reasoning", q, labels[j + 1],
                   [", ".join(f"{labels[k]} -> {labels[k + 1]}: -{drops[k]}" for k in range(len(drops))) + ".", f"The largest loss is into \"{labels[j + 1]}\"."])


TYPE = Funnel()
