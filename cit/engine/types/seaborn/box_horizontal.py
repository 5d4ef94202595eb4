from cit.engine.types.seaborn.box_vertical import SnsBoxVertical


class SnsBoxHorizontal(SnsBoxVertical):
    family, name = "box", "horizontal"
    noun = "horizontal box plot"
    description = "seaborn.boxplot laid on its side: one row per group, values along the x-axis."
    horizontal = True


TYPE = SnsBoxHorizontal()
