"""The Voila gallery page: one card per lab app in ``widgets/``."""

from __future__ import annotations

import html
import importlib.util
from dataclasses import dataclass

import ipywidgets as w

__all__ = ["AppCard", "APPS", "Gallery"]


@dataclass(frozen=True)
class AppCard:
    """One app of the gallery: its notebook in ``widgets/``, title, chapter and blurb.

    ``needs`` names the optional packages (import names) the app cannot run without;
    the card is marked with the install hint when one is missing.
    """

    notebook: str
    title: str
    chapter: str
    blurb: str
    needs: tuple[str, ...] = ()

    def missing(self) -> tuple[str, ...]:
        """The packages of :attr:`needs` that are not installed."""
        return tuple(m for m in self.needs if importlib.util.find_spec(m) is None)


APPS: tuple[AppCard, ...] = (
    AppCard(
        "neuron_lab.ipynb",
        "Neuron lab",
        "1 - Biological neurons and neuron models",
        "LIF, AdEx, Izhikevich, Hodgkin-Huxley and FitzHugh-Nagumo: voltage traces, "
        "gating variables, phase planes and f-I curves under live sliders.",
    ),
    AppCard(
        "network_lab.ipynb",
        "Network lab",
        "2 - Information processing in simple neural networks",
        "Perceptron decision boundaries and why XOR needs a hidden layer, the STDP "
        "window, and a raster of a small E/I spiking network.",
    ),
    AppCard(
        "synapse_lab.ipynb",
        "Synapse lab",
        "3 - Neuromorphic devices: synaptic transistors",
        "EPSC trains and energy per spike, paired-pulse facilitation with its "
        "double-exponential fit, STP to LTP, STDP from overlapping spikes, optical "
        "and triboelectric synapses.",
    ),
    AppCard(
        "device_lab.ipynb",
        "Device lab",
        "3 - Neuromorphic devices: memristors and pulse-programmed synapses",
        "Pinched hysteresis loops of HP, VTEAM and Yakopcic memristors, LTP/LTD of "
        "published devices with variation and NeuroSim fits, PCM drift and retention, "
        "and a fit of your own measured CSV that the crossbar lab can use.",
    ),
    AppCard(
        "crossbar_lab.ipynb",
        "Crossbar lab",
        "4 - Device arrays (crossbars)",
        "Weights programmed as G+ / G- conductances of the published devices, IR-drop "
        "voltage maps, digits accuracy versus states, nonlinearity, noise, drift, ADC bits "
        "and wire resistance, and in-situ training compared across devices.",
        needs=("torch",),
    ),
    AppCard(
        "system_lab.ipynb",
        "System lab",
        "5 - Integrated neuromorphic systems",
        "An artificial afferent nerve live (pressure -> spike rate -> EPSC -> reflex, "
        "with its threshold pressure), a photodiode array trained as the first network "
        "layer on the letters n, v, z, and touch plus vision fused in bimodal neurons.",
    ),
    AppCard(
        "application_lab.ipynb",
        "Application lab",
        "6 - Applications assisted by machine learning",
        "Digits on device arrays (ex situ and in situ, per device), a volatile-memristor "
        "reservoir against an echo-state network, braille by touch, STDP-learned digit "
        "prototypes, Hopfield recall on a crossbar, and Q-learning with device weights.",
    ),
    AppCard(
        "perspectives_lab.ipynb",
        "Perspectives lab",
        "7 - Perspectives and challenges",
        "Accuracy against energy per inference for the published devices and your own "
        "design: figure-of-merit sliders, and a check that names the figure of merit "
        "limiting your design.",
        needs=("torch",),
    ),
)


def _missing_html(app: AppCard) -> str:
    missing = app.missing()
    if not missing:
        return ""
    extras = ", ".join(f"neuroexplore[{m}]" for m in missing)
    return (
        '<div class="neuroexplore-needs" style="color:#b00020;font-size:0.9em">'
        f"Needs {html.escape(', '.join(missing))}: install {html.escape(extras)}</div>"
    )


def _card_html(app: AppCard) -> str:
    return (
        '<div class="neuroexplore-card" style="border:1px solid #ddd;border-radius:8px;'
        'padding:12px 16px;margin:8px 0;max-width:760px">'
        f'<a href="{html.escape(app.notebook)}" style="font-size:1.2em;font-weight:600">'
        f"{html.escape(app.title)}</a>"
        f'<div style="color:#666;font-size:0.9em">Chapter {html.escape(app.chapter)}</div>'
        f"<div>{html.escape(app.blurb)}</div>{_missing_html(app)}</div>"
    )


class Gallery(w.VBox):
    """The gallery: a heading and a linked card per app (relative links work in Voila)."""

    def __init__(self, apps: tuple[AppCard, ...] = APPS) -> None:
        header = w.HTML(
            "<h1>neuroexplore labs</h1><p>Interactive labs following Huo <i>et al.</i>, "
            "<i>Neuromorphic devices assisted by machine learning algorithms</i>, "
            "Int. J. Extreme Manuf. 7(4) 042007 (2025). Pick a lab:</p>"
        )
        cards = w.HTML("".join(_card_html(a) for a in apps))
        super().__init__([header, cards])
