from cit.engine.code import s
from cit.engine.types.matplotlib.pie_pie import PiePie


class PieDonut(PiePie):
    family, name = "pie", "donut"
    noun = "donut chart"
    description = "A pie chart with a hollow centre; sector shares are printed on the ring."
    wedge = ", width=0.4"

    def draw(self, spec: dict, ax: str) -> list[str]:
        m = spec["measure"]
        centre = f"{m['name']}\n({m['unit']})" if m["unit"] else m["name"]
        return super().draw(spec, ax) + [f"{ax}.text(0, 0, {s(centre)}, ha=\"center\", va=\"center\", fontsize=11)"]


TYPE = PieDonut()
