from cit.engine.types.matplotlib.box_vertical import BoxVertical


class BoxHorizontal(BoxVertical):
    family, name = "box", "horizontal"
    noun = "horizontal box plot"
    description = "Box plots laid on their side: one row per group, values along the x-axis."
    horizontal = True


TYPE = BoxHorizontal()
