"""Captions and questions for scatter plots (see points.py)."""

from __future__ import annotations

from cit.engine.base import ChartType
from cit.engine.qa import Asker
from cit.engine.shapes.numbers import fit_line, pearson, sig
from cit.engine.shapes.common import ask_axis, ask_color, ask_title
from cit.engine.text import join, num


def describe(t: ChartType, spec: dict) -> list[str]:
    groups, xm, ym = spec["data"]["groups"], spec["x_measure"], spec["measure"]
    out = []
    for nm, g in groups.items():
        r = pearson(g["x"], g["y"])
        trend = "rises" if r > 0.3 else "falls" if r < -0.3 else "shows no clear trend"
        out.append(f"{nm}: {len(g['x'])} {spec['obs']} with {xm['name']} from {num(min(g['x']), xm['dp'])} to "
                   f"{num(max(g['x']), xm['dp'])}; {ym['name']} {trend} as {xm['name']} grows (r = {r:.2f}).")
    if spec["data"].get("fit"):
        g = next(iter(groups.values()))
        slope, icpt = fit_line(g["x"], g["y"])
        out.append(f"A least-squares line y = {sig(slope):g}x + {round(icpt, 1):g} is drawn through the points.")
    ex = spec["extras"]
    if ex.get("mean_lines"):
        out.append("Dashed lines mark the mean of x and of y.")
    if ex.get("annotate_max"):
        out.append("An arrow labels the point with the highest y.")
    return out


def ask(t: ChartType, spec: dict, a: Asker) -> None:
    groups, xm, ym = spec["data"]["groups"], spec["x_measure"], spec["measure"]
    rx, ry = t.tol_x(spec), t.tol_y(spec)
    names = list(groups)
    k, ks, obs = spec["kind"][0], spec["kind"][1], spec["obs"]
    rng = a.rng
    ask_title(spec, a)
    ask_axis(spec, a)
    if len(names) > 1:
        ask_color(spec, a, names, k)
        a.count("pts.count_groups", "recognition", a.say(["How many {ks} are distinguished in the scatter plot?", "How many groups of points does the legend list?"], ks=ks),
                len(names), [f"The legend lists {join(names)}.", f"That is {len(names)}."])
    nm = rng.choice(names)
    g = groups[nm]
    if len(g["x"]) <= 16:
        q = a.say(["How many points are plotted for {g}?", "How many {o} does the plot show for {g}?"], g=nm, o=obs) if len(names) > 1 else \
            a.say(["How many points does the scatter plot show?", "How many {o} are plotted?"], o=obs)
        a.count("pts.count", "recognition", q, len(g["x"]), [f"Counting the markers of {nm} gives {len(g['x'])}."], args={"group": nm})

    ys = sorted(g["y"], reverse=True)
    if ys[0] - ys[1] > 2 * ry:
        i = g["y"].index(ys[0])
        q = a.say(["What is the {x} of the point with the highest {y}{w}?", "The point with the largest {y}{w} sits at which {x}?"],
                  x=xm["name"], y=ym["name"], w=f" among {nm}" if len(names) > 1 else "")
        a.number("pts.x_of_max_y", "recognition", q, g["x"][i],
                 [f"The highest {ym['name']}{' for ' + nm if len(names) > 1 else ''} is about {num(ys[0], ym['dp'])}.",
                  f"That point lies at {xm['name']} = {num(g['x'][i], xm['dp'])}."], unit=xm["unit"], dp=xm["dp"], abs_tol=rx, args={"group": nm})

    r = pearson(g["x"], g["y"])
    if abs(r) > 0.5:
        ans = "positive" if r > 0 else "negative"
        q = a.say(["Is the relationship between {x} and {y}{w} positive or negative?", "As {x} increases, does {y}{w} tend to rise (positive) or fall (negative)?"],
                  x=xm["name"], y=ym["name"], w=f" for {nm}" if len(names) > 1 else "")
        a.text("pts.correlation", "reasoning", q, ans,
               [f"The points{' of ' + nm if len(names) > 1 else ''} run {'upward' if r > 0 else 'downward'} from left to right "
                f"(correlation coefficient {r:.2f})."], options=["positive", "negative"], args={"group": nm})

    if len(names) > 1:
        tops = sorted(((max(gr["y"]), n_) for n_, gr in groups.items()), reverse=True)
        if tops[0][0] - tops[1][0] > 2 * ry:
            q = a.say(["Which {k} has the single point with the highest {y}?", "The highest point on the {y} axis belongs to which {k}?"],
                      k=k, y=ym["name"])
            a.text("pts.group_of_max", "reasoning", q, tops[0][1],
                   [", ".join(f"{n_}: max {num(v, ym['dp'])}" for v, n_ in tops) + ".", f"{tops[0][1]} reaches highest."])
        spans = sorted(((max(gr["x"]) - min(gr["x"]), n_) for n_, gr in groups.items()), reverse=True)
        if spans[0][0] - spans[1][0] > 4 * rx:
            q = a.say(["Which {k}'s points spread over the widest range of {x}?", "For which {k} is the range of {x} largest?"], k=k, x=xm["name"])
            a.text("pts.widest_x", "reasoning", q, spans[0][1],
                   [", ".join(f"{n_}: {num(v, xm['dp'])}" for v, n_ in spans) + ".", f"{spans[0][1]} spans the widest range."])

    xs_sorted = sorted(g["x"])
    span = xs_sorted[-1] - xs_sorted[0]
    q = a.say(["What is the difference between the largest and smallest {x}{w}?", "Across the plotted {o}{w}, how wide is the range of {x}?"],
              x=xm["name"], o=obs, w=f" for {nm}" if len(names) > 1 else "")
    a.number("pts.x_range", "reasoning", q, span,
             [f"The smallest {xm['name']} is about {num(xs_sorted[0], xm['dp'])} and the largest about {num(xs_sorted[-1], xm['dp'])}.",
              f"{num(xs_sorted[-1], xm['dp'])} - {num(xs_sorted[0], xm['dp'])} = {num(span, xm['dp'])}."],
             unit=xm["unit"], dp=xm["dp"], abs_tol=2 * rx, args={"group": nm})

    ys_all = sorted(p[1] for gr in groups.values() for p in zip(gr["x"], gr["y"]))
    gaps = sorted(((b - a_, (a_ + b) / 2) for a_, b in zip(ys_all, ys_all[1:])), reverse=True)
    if gaps and gaps[0][0] > 2 * ry:
        cut = float(num(gaps[0][1], max(ym["dp"], 0)))
        if all(abs(y - cut) > ry for y in ys_all):
            above = sum(1 for y in ys_all if y > cut)
            q = a.say(["How many points lie above {y} = {c}?", "How many {o} have a {y} greater than {c}?"], y=ym["name"], c=num(cut, ym["dp"]), o=obs)
            a.count("pts.count_above", "reasoning", q, above, [f"Counting markers above the level {num(cut, ym['dp'])} gives {above}."],
                    args={"y": cut})
    span_y = ys_all[-1] - ys_all[0]
    q = a.say(["What is the difference between the highest and the lowest {y} among all points?", "How wide is the spread of {y} across the plot?"],
              y=ym["name"])
    a.number("pts.y_range", "reasoning", q, span_y, [f"The highest point is at about {num(ys_all[-1], ym['dp'])} and the lowest at {num(ys_all[0], ym['dp'])}.",
                                                     f"{num(ys_all[-1], ym['dp'])} - {num(ys_all[0], ym['dp'])} = {num(span_y, ym['dp'])}."],
             unit=ym["unit"], dp=ym["dp"], abs_tol=2 * ry)

    if spec["data"].get("fit"):
        slope, icpt = fit_line(g["x"], g["y"])
        s3, i3 = sig(slope), round(icpt, 1)
        q = a.say(["What slope does the fitted line's equation in the legend give?", "According to the legend, what is the slope of the fitted line?"])
        a.number("fit.slope", "recognition", q, s3, [f"The legend reads \"Fit: y = {s3:g}x + {i3:g}\".", f"The slope is {s3:g}."],
                 dp=6, rel_tol=0.002)
        x0 = round(rng.uniform(min(g["x"]), max(g["x"])), max(xm["dp"], 0))
        pred = s3 * x0 + i3
        q = a.say(["Using the fitted line's equation, what {y} is expected at {x} = {x0}?", "What {y} does the fitted line predict for {x} = {x0}?"],
                  x=xm["name"], y=ym["name"], x0=num(x0, xm["dp"]))
        a.number("fit.predict", "reasoning", q, pred,
                 [f"The legend gives y = {s3:g}x + {i3:g}.", f"At x = {num(x0, xm['dp'])}: {s3:g} x {num(x0, xm['dp'])} + {i3:g} = {num(pred, 2)}."],
                 unit=ym["unit"], dp=2, abs_tol=0.01 * abs(pred) + 10 ** -max(ym["dp"], 0), args={"x": x0})

    ex = spec["extras"]
    every = [(x, y) for gr in groups.values() for x, y in zip(gr["x"], gr["y"])]
    if ex.get("mean_lines"):
        mx = sum(p[0] for p in every) / len(every)
        my = sum(p[1] for p in every) / len(every)
        if all(abs(x - mx) > rx and abs(y - my) > ry for x, y in every):
            n_ur = sum(1 for x, y in every if x > mx and y > my)
            q = a.say(["How many points lie above the mean-y line and to the right of the mean-x line?",
                       "How many points fall in the upper-right quadrant formed by the two dashed mean lines?"])
            a.count("pts.upper_right", "reasoning", q, n_ur,
                    [f"The mean lines sit at x = {num(mx, 2)} and y = {num(my, 2)}.", f"{n_ur} points are above and to the right of both."], priority=1)
        q = a.say(["What value of {y} does the horizontal mean line mark?", "At what {y} is the dashed mean-y line drawn?"], y=ym["name"])
        a.number("pts.mean_y", "recognition", q, my, [f"The legend reads \"Mean y: {num(my, max(ym['dp'], 1))}\"."],
                 unit=ym["unit"], dp=max(ym["dp"], 1), priority=1)
    if ex.get("annotate_max"):
        ys_all = sorted((p[1] for p in every), reverse=True)
        if ys_all[0] > ys_all[1]:
            top = max(every, key=lambda p: p[1])
            q = a.say(["What {x} does the annotation give for the highest point?", "The arrow marks the highest point: what is its {x}?"], x=xm["name"])
            a.number("pts.annotated_x", "recognition", q, top[0],
                     [f"The annotation reads \"Highest: ({num(top[0], xm['dp'])}, {num(top[1], ym['dp'])})\"."], unit=xm["unit"], dp=xm["dp"], priority=1)
