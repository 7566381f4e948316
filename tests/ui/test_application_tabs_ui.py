"""Every tab of the Application lab in a real headless Chromium.

The lab builds each application's tab when it is first opened.  For every tab:
click it, wait for its plots, move its first visible slider one step with the
keyboard and check that a plot changes, with no error shown.
"""

from __future__ import annotations

import pytest

from neuroexplore.widgets.application_lab import APPLICATION_TABS

from .helpers import (
    RENDER_TIMEOUT_MS,
    all_plots_signature,
    nudge_slider,
    open_app,
    sliders,
    wait_for_change,
    wait_until_settled,
)

pytestmark = [pytest.mark.ui, pytest.mark.xdist_group("ui")]


def _visible_plot_count(page) -> int:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot .main-svg'))
              .filter(p => p.getBoundingClientRect().width > 0).length"""
    )


def test_every_application_tab_opens_and_responds_to_a_slider(page, voila_url):
    open_app(page, voila_url, "application_lab.ipynb")
    for title, _module, _cls in APPLICATION_TABS:
        page.locator(".lm-TabBar-tab", has_text=title).first.click()
        page.wait_for_function(
            """() => Array.from(document.querySelectorAll('.js-plotly-plot .main-svg'))
                  .some(p => p.getBoundingClientRect().width > 0)""",
            timeout=RENDER_TIMEOUT_MS,
        )
        assert _visible_plot_count(page) > 0, title
        wait_until_settled(page)
        controls = sliders(page)
        assert controls, f"tab {title!r} shows no slider"
        before = all_plots_signature(page)
        pressed = nudge_slider(page, controls[0])
        try:
            wait_for_change(page, before, since=pressed)
        except AssertionError as exc:
            raise AssertionError(f"tab {title!r}: moving a slider changed no plot") from exc
        assert not page.query_selector(".neuroexplore-error"), f"tab {title!r} shows an error"
