from cit.engine.types.matplotlib.radar_plain import RadarPlain


class RadarFilled(RadarPlain):
    family, name = "radar", "filled"
    noun = "filled radar chart"
    description = "A radar chart whose polygons are shaded, so overlapping profiles stay visible."
    fill = True


TYPE = RadarFilled()
