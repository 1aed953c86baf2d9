"""Draw a timeline of events as SVG or PNG (matplotlib; text stays text in the SVG).

One lane per kind of action (PLOVER type), time on the horizontal axis. An event with a known
day or month is a dot; one known only by its document's window is a bar over the window (an
open end runs to the right edge). A filled mark is an affirmed event, a hollow one a negated
event; the label names actor, action and target, and who asserts it.
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


def draw(events: list[dict[str, Any]], out: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    timed = [e for e in events if e.get("time_start")]
    if not timed:
        raise ValueError("no event has a time: nothing to place on a timeline")
    starts = [_day(e["time_start"], dt.date.today()) for e in timed]
    today = max(max(starts), dt.date.today())
    lanes = sorted({e["type"] for e in timed})
    fig_h = 1.6 + 0.9 * len(lanes)
    fig, ax = plt.subplots(figsize=(12, fig_h))
    colors = {"affirmed": "#1f6fb2", "negated": "#c0392b"}
    for e, start in zip(timed, starts, strict=True):
        y = lanes.index(e["type"])
        end = _day(e.get("time_end"), today)
        color = colors.get(e["polarity"], "#555555")
        filled = e["polarity"] == "affirmed"
        if (end - start).days > 45:  # known only as a window: a bar over it
            ax.barh(y, (end - start).days, left=start, height=0.25, color=color if filled else "white",
                    edgecolor=color, alpha=0.35 if filled else 0.9, hatch=None if filled else "//")
            at = start + (end - start) / 2
        else:
            at = start
        ax.plot([at], [y], marker="o", markersize=9, color=color, markerfacecolor=color if filled else "white")
        what = f"{e.get('actor') or '?'} {e['lemma']}{' ' + e['target'] if e.get('target') else ''}"
        mods = ", ".join(x for x in (("not" if e["polarity"] == "negated" else ""),
                                     ("" if e["modality"] == "asserted" else e["modality"])) if x)
        label = f"{what}{' (' + mods + ')' if mods else ''} — {e.get('asserter') or 'outlet'}"
        ax.annotate(label[:90], (at, y), xytext=(6, 8), textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set_ylim(-0.8, len(lanes) - 0.2)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title)
    fig.autofmt_xdate()
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format=out.suffix.lstrip(".").lower())
    plt.close(fig)
    return out
