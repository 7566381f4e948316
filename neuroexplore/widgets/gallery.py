"""The Voila gallery page: a responsive grid of lab cards, grouped by chapter.

Each card shows a thumbnail of its lab, its title and blurb, a mark when an optional
package it needs is missing, a link that opens the lab and links to its chapter
notebooks. The page is served by Voila from ``widgets/`` (``make app``) or from the
installed package (``neuroexplore gallery``), so every link is relative to that root:

* ``neuron_lab.ipynb`` opens the lab at ``/voila/render/neuron_lab.ipynb``;
* ``chapters/01_biological_neurons.ipynb`` renders the chapter with Voila, through the
  ``widgets/chapters`` link to ``notebooks/`` (a copy in the wheel).

The thumbnails (``widgets/thumbnails/*.webp``, made by ``tools/make_thumbnails.py``
from the browser tests' screenshots) are embedded in the page as ``data:`` URIs, so
they show wherever the widget is displayed (Voila, JupyterLab, a wheel install) with no
file route or allow-list of the server involved.

Examples
--------
>>> [c.number for c in chapters()]
[1, 2, 3, 4, 5, 6, 7]
>>> [a.title for a in chapters()[2].apps]
['Device lab', 'Synapse lab']
>>> APPS[0].chapter_links()
(('Chapter 1 notebook', 'chapters/01_biological_neurons.ipynb'),)
>>> page = gallery_html()
>>> page.count('class="neuroexplore-card"') == len(APPS)
True
"""

from __future__ import annotations

import base64
import html
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as w

__all__ = [
    "APPS",
    "CHAPTER_TITLES",
    "CHAPTERS_LINK",
    "THUMBNAIL_DIR",
    "AppCard",
    "ChapterGroup",
    "Gallery",
    "chapters",
    "gallery_html",
]

_APPS_DIR = Path(__file__).resolve().parents[1] / "apps"
#: The thumbnails (``widgets/thumbnails`` in the repository, package data in the wheel).
THUMBNAIL_DIR = _APPS_DIR / "thumbnails"
#: The folder, under the gallery's root, that holds the chapter notebooks
#: (``widgets/chapters`` links to ``notebooks/``).
CHAPTERS_LINK = "chapters"

#: Chapter number -> title, as in the chapter notebooks and the review's sections.
CHAPTER_TITLES: dict[int, str] = {
    1: "Biological neurons and neuron models",
    2: "Information processing in simple neural networks",
    3: "Neuromorphic devices",
    4: "Device arrays (crossbars)",
    5: "Integrated neuromorphic systems",
    6: "Applications assisted by machine learning",
    7: "Perspectives and challenges",
}


@dataclass(frozen=True)
class AppCard:
    """One app of the gallery.

    Parameters
    ----------
    notebook
        The app's notebook in ``widgets/``.
    title, blurb
        Shown on the card.
    chapter
        ``"N - Title"`` or ``"N - Title: topic"``; ``N`` groups the cards.
    chapter_notebooks
        The chapter notebooks (file names in ``notebooks/``) the card links to.
    needs
        The optional packages (import names) the app cannot run without; the card is
        marked with the install hint when one is missing.
    """

    notebook: str
    title: str
    chapter: str
    blurb: str
    chapter_notebooks: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()

    @property
    def chapter_number(self) -> int:
        """The chapter's number (the ``N`` of :attr:`chapter`)."""
        return int(self.chapter.split(" - ", 1)[0])

    @property
    def topic(self) -> str:
        """The part of the chapter the lab covers (after ``:``), else the chapter title.

        >>> APPS[2].topic
        'memristors and pulse-programmed synapses'
        """
        title = self.chapter.split(" - ", 1)[1]
        return title.split(": ", 1)[1] if ": " in title else title

    @property
    def thumbnail(self) -> Path:
        """The thumbnail file (``<app>.webp`` in :data:`THUMBNAIL_DIR`)."""
        return THUMBNAIL_DIR / self.notebook.replace(".ipynb", ".webp")

    def chapter_links(self) -> tuple[tuple[str, str], ...]:
        """``(label, relative href)`` of each chapter notebook, as served by Voila."""
        links = []
        for nb in self.chapter_notebooks:
            part = nb.split("_", 1)[0].lstrip("0")
            links.append((f"Chapter {part} notebook", f"{CHAPTERS_LINK}/{nb}"))
        return tuple(links)

    def missing(self) -> tuple[str, ...]:
        """The packages of :attr:`needs` that are not installed."""
        return tuple(m for m in self.needs if importlib.util.find_spec(m) is None)


#: The apps, in chapter order (the gallery's order).
APPS: tuple[AppCard, ...] = (
    AppCard(
        "neuron_lab.ipynb",
        "Neuron lab",
        "1 - Biological neurons and neuron models",
        "LIF, AdEx, Izhikevich, Hodgkin-Huxley and FitzHugh-Nagumo: voltage traces, "
        "gating variables, phase planes and f-I curves under live sliders.",
        chapter_notebooks=("01_biological_neurons.ipynb",),
    ),
    AppCard(
        "network_lab.ipynb",
        "Network lab",
        "2 - Information processing in simple neural networks",
        "Perceptron decision boundaries and why XOR needs a hidden layer, the STDP "
        "window, and a raster of a small E/I spiking network.",
        chapter_notebooks=("02_neural_networks.ipynb",),
    ),
    AppCard(
        "device_lab.ipynb",
        "Device lab",
        "3 - Neuromorphic devices: memristors and pulse-programmed synapses",
        "Pinched hysteresis loops of HP, VTEAM and Yakopcic memristors, LTP/LTD of "
        "published devices with variation and NeuroSim fits, PCM drift and retention, "
        "and a fit of your own measured CSV that the crossbar lab can use.",
        chapter_notebooks=("03a_memristive_devices.ipynb",),
    ),
    AppCard(
        "synapse_lab.ipynb",
        "Synapse lab",
        "3 - Neuromorphic devices: synaptic transistors",
        "EPSC trains and energy per spike, paired-pulse facilitation with its "
        "double-exponential fit, STP to LTP, STDP from overlapping spikes, optical "
        "and triboelectric synapses.",
        chapter_notebooks=("03b_transistor_synapses_and_neurons.ipynb",),
    ),
    AppCard(
        "crossbar_lab.ipynb",
        "Crossbar lab",
        "4 - Device arrays (crossbars)",
        "Weights programmed as G+ / G- conductances of the published devices, IR-drop "
        "voltage maps, digits accuracy versus states, nonlinearity, noise, drift, ADC bits "
        "and wire resistance, and in-situ training compared across devices.",
        chapter_notebooks=("04_device_arrays.ipynb",),
        needs=("torch",),
    ),
    AppCard(
        "system_lab.ipynb",
        "System lab",
        "5 - Integrated neuromorphic systems",
        "An artificial afferent nerve live (pressure -> spike rate -> EPSC -> reflex, "
        "with its threshold pressure), a photodiode array trained as the first network "
        "layer on the letters n, v, z, and touch plus vision fused in bimodal neurons.",
        chapter_notebooks=("05_integrated_systems.ipynb",),
    ),
    AppCard(
        "application_lab.ipynb",
        "Application lab",
        "6 - Applications assisted by machine learning",
        "Digits on device arrays (ex situ and in situ, per device), a volatile-memristor "
        "reservoir against an echo-state network, braille by touch, STDP-learned digit "
        "prototypes, Hopfield recall on a crossbar, and Q-learning with device weights.",
        chapter_notebooks=("06a_pattern_recognition.ipynb", "06b_reservoir_and_touch.ipynb",
                           "06c_stdp_memory_decisions.ipynb"),
    ),
    AppCard(
        "perspectives_lab.ipynb",
        "Perspectives lab",
        "7 - Perspectives and challenges",
        "Accuracy against energy per inference for the published devices and your own "
        "design: figure-of-merit sliders, and a check that names the figure of merit "
        "limiting your design.",
        chapter_notebooks=("07_perspectives.ipynb",),
        needs=("torch",),
    ),
    AppCard(
        "design_lab.ipynb",
        "Design lab",
        "7 - Perspectives and challenges: machine learning for device design",
        "What must my device reach? Bayesian optimisation searches device figures of merit "
        "for a target accuracy at least energy, draws the Pareto front live and races "
        "random search; a learned model of your measured pulses beside the physical fit.",
        chapter_notebooks=("07_perspectives.ipynb",),
        needs=("torch", "optuna"),
    ),
)


@dataclass(frozen=True)
class ChapterGroup:
    """A chapter of the gallery: its number, title and apps (in :data:`APPS` order)."""

    number: int
    title: str
    apps: tuple[AppCard, ...]


def chapters(apps: tuple[AppCard, ...] = APPS) -> list[ChapterGroup]:
    """The apps grouped by chapter, in chapter order."""
    groups = []
    for n in sorted({a.chapter_number for a in apps}):
        members = tuple(a for a in apps if a.chapter_number == n)
        fallback = members[0].chapter.split(" - ", 1)[1].split(": ", 1)[0]
        groups.append(ChapterGroup(n, CHAPTER_TITLES.get(n, fallback), members))
    return groups


# Cards flow in a CSS grid: as many 260 px (or wider) columns as the page has room for,
# one on a phone. A chapter with several labs spans as many columns when the gallery is
# wide enough (a container query; older browsers stack them in one column).
_CSS = """
.neuroexplore-gallery-widget, .neuroexplore-gallery-widget > .widget-html-content {
  width: 100%; min-width: 0}
.neuroexplore-gallery-wrap {max-width: 1500px; margin: 0 auto; line-height: 1.4}
.neuroexplore-gallery {container-type: inline-size; display: grid; gap: 20px;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 260px), 1fr))}
.neuroexplore-chapter {display: grid; gap: 12px; grid-template-rows: auto 1fr;
  align-content: start; min-width: 0}
.neuroexplore-chapter h2 {margin: 0; font-size: 1.05em; line-height: 1.3; color: #333;
  border-bottom: 2px solid #1f77b4; padding-bottom: 4px; min-height: 2.6em;
  display: flex; align-items: flex-end}
.neuroexplore-chapter h2 b {color: #1f77b4; white-space: nowrap}
.neuroexplore-chapter-cards {display: grid; gap: 12px; grid-template-columns: 1fr}
@container (min-width: 560px) {
  .neuroexplore-span-2 {grid-column: span 2}
  .neuroexplore-span-2 .neuroexplore-chapter-cards {grid-template-columns: 1fr 1fr}
}
.neuroexplore-card {display: flex; flex-direction: column; border: 1px solid #ddd;
  border-radius: 8px; overflow: hidden; background: #fff; min-width: 0;
  box-shadow: 0 1px 3px rgba(0,0,0,.08)}
.neuroexplore-card:hover {box-shadow: 0 3px 10px rgba(0,0,0,.18)}
.neuroexplore-thumb {display: block; aspect-ratio: 3 / 2; background: #f4f4f4;
  border-bottom: 1px solid #eee}
.neuroexplore-thumb img {width: 100%; height: 100%; object-fit: cover;
  object-position: top; display: block}
.neuroexplore-card-body {padding: 10px 14px 12px; display: flex; flex-direction: column;
  gap: 6px; flex: 1}
.neuroexplore-card-title {font-size: 1.15em; font-weight: 600; text-decoration: none}
.neuroexplore-topic {color: #666; font-size: 0.85em}
.neuroexplore-blurb {font-size: 0.9em; line-height: 1.4; flex: 1}
.neuroexplore-links {display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 0.9em}
.neuroexplore-open {font-weight: 600}
"""


#: Optional packages whose ``neuroexplore`` extra has another name.
_EXTRA_OF = {"optuna": "design"}


def _missing_html(app: AppCard) -> str:
    missing = app.missing()
    if not missing:
        return ""
    extras = ", ".join(f"neuroexplore[{_EXTRA_OF.get(m, m)}]" for m in missing)
    return (
        '<div class="neuroexplore-needs" style="color:#b00020;font-size:0.9em">'
        f"Needs {html.escape(', '.join(missing))}: install {html.escape(extras)}</div>"
    )


def _thumbnail_html(app: AppCard) -> str:
    href = html.escape(app.notebook)
    alt = html.escape(f"{app.title}: screenshot")
    if not app.thumbnail.is_file():  # a new app before its first screenshot
        return f'<a class="neuroexplore-thumb" href="{href}" aria-label="{alt}"></a>'
    data = base64.b64encode(app.thumbnail.read_bytes()).decode("ascii")
    return (
        f'<a class="neuroexplore-thumb" href="{href}" tabindex="-1">'
        f'<img src="data:image/webp;base64,{data}" alt="{alt}"></a>'
    )


def _card_html(app: AppCard) -> str:
    href = html.escape(app.notebook)
    links = [f'<a class="neuroexplore-open" href="{href}">Open the lab</a>']
    # the part of the chapter the lab covers, when the chapter has several labs' topics
    topic = (f'<div class="neuroexplore-topic">{html.escape(app.topic)}</div>'
             if ": " in app.chapter else "")
    links += [
        f'<a class="neuroexplore-chapter-link" href="{html.escape(h)}">{html.escape(t)}</a>'
        for t, h in app.chapter_links()
    ]
    return (
        f'<div class="neuroexplore-card" data-app="{href}">{_thumbnail_html(app)}'
        '<div class="neuroexplore-card-body">'
        f'<a class="neuroexplore-card-title" href="{href}">{html.escape(app.title)}</a>'
        f"{topic}"
        f'<div class="neuroexplore-blurb">{html.escape(app.blurb)}</div>'
        f"{_missing_html(app)}"
        f'<div class="neuroexplore-links">{"".join(links)}</div></div></div>'
    )


def _chapter_html(group: ChapterGroup) -> str:
    span = " neuroexplore-span-2" if len(group.apps) >= 2 else ""
    return (
        f'<section class="neuroexplore-chapter{span}" data-chapter="{group.number}">'
        f"<h2><span><b>Chapter {group.number}</b> · {html.escape(group.title)}</span></h2>"
        '<div class="neuroexplore-chapter-cards">'
        f'{"".join(_card_html(a) for a in group.apps)}</div></section>'
    )


def gallery_html(apps: tuple[AppCard, ...] = APPS) -> str:
    """The HTML of the grid: a ``<style>`` and one section per chapter."""
    body = "".join(_chapter_html(g) for g in chapters(apps))
    return (f'<style>{_CSS}</style><div class="neuroexplore-gallery-wrap">'
            f'<div class="neuroexplore-gallery">{body}</div></div>')


class Gallery(w.VBox):
    """The gallery: a heading, then the grid of cards (relative links work in Voila)."""

    def __init__(self, apps: tuple[AppCard, ...] = APPS) -> None:
        header = w.HTML(
            '<div style="line-height:1.5"><h1>neuroexplore labs</h1>'
            "<p>Interactive labs following Huo <i>et al.</i>, "
            "<i>Neuromorphic devices assisted by machine learning algorithms</i>, "
            "Int. J. Extreme Manuf. 7(4) 042007 (2025). Pick a lab; each card also links "
            "to its chapter, rendered here read-only (to run and edit the chapters: "
            "<code>neuroexplore chapters DIR</code>, then <code>neuroexplore lab DIR</code>)."
            "</p></div>"
        )
        cards = w.HTML(gallery_html(apps), layout=w.Layout(width="100%"))
        cards.add_class("neuroexplore-gallery-widget")
        super().__init__([header, cards], layout=w.Layout(width="100%"))
