"""Draw a timeline of events as SVG or PNG (matplotlib; text stays text in the SVG).

One row per event in time order, labelled with its PLOVER type, actor, action and target; time
on the horizontal axis. An event with a known day, month or year is a dot; one known only by
its report's window is a bar over the window (an open end runs to today). A filled mark is an
affirmed event, a hollow one a negated event; beside it, who asserts it and when.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any


def _day(value: str | None, default: dt.date) -> dt.date:
    if not value or value.startswith("9999"):
        return default
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return default


def draw(events: list[dict[str, Any]], out: Path, title: str, limit: int = 40) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    timed = [e for e in events if e.get("time_start")][:limit]
    if not timed:
        raise ValueError("no event has a time: nothing to place on a timeline")
    today = dt.date.today()
    rows = sorted(timed, key=lambda e: (e["time_start"], e["type"]))
    fig, ax = plt.subplots(figsize=(13, 1.4 + 0.42 * len(rows)))
    colors = {"affirmed": "#1f6fb2", "negated": "#c0392b"}
    labels = []
    for y, e in enumerate(rows):
        start = _day(e["time_start"], today)
        end = max(_day(e.get("time_end"), today), start)
        color = colors.get(e["polarity"], "#555555")
        filled = e["polarity"] == "affirmed"
        if (end - start).days > 45:  # known only as its report's window: a bar over it
            ax.barh(y, (end - start).days, left=start, height=0.5, color=color if filled else "white",
                    edgecolor=color, alpha=0.3 if filled else 0.8, hatch=None if filled else "//")
        ax.plot([start], [y], marker="o", markersize=9, color=color, markerfacecolor=color if filled else "white")
        mods = ", ".join(x for x in (("not" if e["polarity"] == "negated" else ""),
                                     ("" if e["modality"] == "asserted" else e["modality"])) if x)
        labels.append(f"{e['type']}{'/' + e['mode'] if e.get('mode') else ''}: {e.get('actor') or '?'} {e['lemma']}"
                      f"{' ' + e['target'] if e.get('target') else ''}{' [' + mods + ']' if mods else ''}"[:70])
        ax.annotate(f"{e.get('asserter') or 'outlet'}, {e.get('time') or ''}", (start, y), xytext=(8, -3),
                    textcoords="offset points", fontsize=8, color="#333333")
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title + "  (filled: affirmed, hollow: negated; bars: known only by the report's window)", fontsize=10)
    fig.autofmt_xdate()
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format=out.suffix.lstrip(".").lower())
    plt.close(fig)
    return out
