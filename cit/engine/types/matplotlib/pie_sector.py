from cit.engine.types.matplotlib.pie_pie import PiePie


class PieSector(PiePie):
    family, name = "pie", "sector"
    noun = "exploded pie chart"
    description = "A pie chart with its largest sector pulled out from the centre to draw attention to it."
    explode_top = True


TYPE = PieSector()
