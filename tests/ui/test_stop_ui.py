"""Stop in a real browser: a long run goes on in the kernel's background thread, the
Stop click reaches the kernel while it runs, and the lab says where the run stopped."""

from __future__ import annotations

import pytest

from .helpers import RENDER_TIMEOUT_MS, WAIT_TIMEOUT_MS, open_app, wait_until_settled

pytestmark = [pytest.mark.ui, pytest.mark.xdist_group("ui")]


def test_stop_ends_stdp_training_in_voila(page, voila_url):
    open_app(page, voila_url, "application_lab.ipynb")
    page.locator(".lm-TabBar-tab", has_text="STDP learning").first.click()
    train = page.locator("button.widget-button:visible", has_text="Train").first
    train.wait_for(timeout=RENDER_TIMEOUT_MS)
    wait_until_settled(page)
    stop = page.locator("button.widget-button:visible", has_text="Stop").first
    assert stop.is_disabled()
    train.click()
    # progress "k/n" with k > 0: the run is under way in its thread
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.widget-label'))
              .some(l => /^[1-9][0-9]*\\/[0-9]+$/.test(l.textContent.trim())
                         && l.getBoundingClientRect().width > 0)""",
        timeout=WAIT_TIMEOUT_MS,
    )
    assert not stop.is_disabled() and train.is_disabled()
    stop.click()
    info = page.locator(".neuroexplore-info", has_text="training stopped after")
    info.wait_for(timeout=WAIT_TIMEOUT_MS)
    text = info.inner_text()
    done, total = (int(v) for v in text.split("after ")[1].split(" steps")[0].split(" of "))
    assert 0 < done < total, text
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('button.widget-button'))
              .some(b => b.textContent.includes('Train') && !b.disabled
                         && b.getBoundingClientRect().width > 0)""",
        timeout=RENDER_TIMEOUT_MS,
    )
    assert stop.is_disabled()
    assert not page.query_selector(".neuroexplore-error")
