"""A shared link reopens a lab in its state, in Voila and a real headless Chromium.

Opens ``neuron_lab.ipynb?model=izhikevich&preset=CH&amplitude=10`` (Voila hands the
query string to the preheated kernel), checks that the dropdowns and the amplitude
slider show that state, and that the page's "Copy link" gives back the same query
(as a link and on the clipboard).
A link with a bad value (synapse lab) shows a message naming it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from .helpers import RENDER_TIMEOUT_MS, WAIT_TIMEOUT_MS

pytestmark = [pytest.mark.ui, pytest.mark.xdist_group("ui")]

QUERY = {"model": "izhikevich", "preset": "CH", "amplitude": "10"}

# {description: shown value} of every dropdown and slider on the page
_CONTROLS_JS = """() => {
    const out = {};
    for (const el of document.querySelectorAll('.widget-dropdown')) {
        const label = el.querySelector('label'), sel = el.querySelector('select');
        if (label && sel && sel.selectedIndex >= 0)
            out[label.textContent.trim()] = sel.options[sel.selectedIndex].text.trim();
    }
    for (const el of document.querySelectorAll('.widget-slider')) {
        const label = el.querySelector('label'), readout = el.querySelector('.widget-readout');
        if (label && readout) out[label.textContent.trim()] = readout.textContent.trim();
    }
    return out;
}"""


def _open(page, voila_url: str, query: str) -> None:
    page.goto(f"{voila_url}/voila/render/neuron_lab.ipynb?{query}",
              timeout=WAIT_TIMEOUT_MS, wait_until="commit")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=WAIT_TIMEOUT_MS)


def test_link_opens_the_lab_in_its_state_and_copy_link_gives_it_back(page, voila_url):
    _open(page, voila_url, "&".join(f"{k}={v}" for k, v in QUERY.items()))
    # the link is applied once the kernel has the request: wait for the preset it names
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.widget-dropdown select'))
              .some(s => s.selectedIndex >= 0 && s.options[s.selectedIndex].text === 'CH')""",
        timeout=RENDER_TIMEOUT_MS,
    )
    shown = page.evaluate(_CONTROLS_JS)
    assert shown["model"].lower().startswith("izhikevich"), shown
    assert shown["preset"] == "CH", shown
    amplitude = next(v for k, v in shown.items() if k.startswith("amplitude"))
    assert float(amplitude) == 10.0, shown
    assert not page.query_selector(".neuroexplore-error")

    page.get_by_role("button", name="Copy link").click()
    link = page.wait_for_selector("a.neuroexplore-state-link", timeout=RENDER_TIMEOUT_MS)
    href = link.evaluate("a => a.href")  # resolved against the page's URL by the browser
    parts = urlsplit(href)
    assert parts.path.endswith("/voila/render/neuron_lab.ipynb"), href
    state = dict(parse_qsl(parts.query))
    assert {k: state[k] for k in QUERY} == QUERY, state
    assert "lab" not in state and "version" not in state
    # the copy button beside the link puts that same link on the clipboard
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("button.neuroexplore-copy-state-link")
    page.wait_for_selector("button.neuroexplore-copy-state-link:has-text('copied')",
                           timeout=RENDER_TIMEOUT_MS)
    assert page.evaluate("() => navigator.clipboard.readText()") == href


def test_link_with_a_bad_value_shows_a_message(page, voila_url):
    # another app than above: each app has two preheated kernels, and the lab test
    # (test_labs_ui) takes one of each
    page.goto(f"{voila_url}/voila/render/synapse_lab.ipynb?preset=p3ht_pmma&epsc.n_pulses=999",
              timeout=WAIT_TIMEOUT_MS, wait_until="commit")
    error = page.wait_for_selector(".neuroexplore-error", timeout=WAIT_TIMEOUT_MS)
    text = error.text_content()
    assert "epsc.n_pulses" in text and "valid range" in text, text
    shown = page.evaluate(_CONTROLS_JS)
    assert shown["transistor preset"] == "p3ht_pmma", shown
    pulses = next(v for k, v in shown.items() if k.startswith("n_pulses"))
    assert pulses == "10", shown  # the default
