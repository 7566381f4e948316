"""Visual-haptic fusion (after Wan et al., Nat. Commun. 2020): receptor currents, the
bimodal sensory neuron, and fused accuracy above either sense alone.

References: the receptor closed forms; the afferent nerve's peak EPSC at the pressure
that gives the same current (an independent path through the sensor); the software
softmax classifier on the same data; chance level.
"""

from __future__ import annotations

import numpy as np
import pytest

from neuroexplore.systems import (
    GLYPH_NAMES,
    GLYPHS,
    AfferentNerve,
    fusion_dataset,
    peak_epsc,
    receptor_currents,
    run_fusion,
    sensory_neuron_output,
)

NERVE = AfferentNerve()


def test_noise_free_stimuli_are_the_glyphs():
    data = fusion_dataset(1, vision_noise=0.0, touch_noise=0.0, contrast_min=1.0, press=40.0)
    for light, pres, y in zip(data.light_train, data.pressure_train, data.y_train, strict=True):
        glyph = GLYPHS[GLYPH_NAMES[y]].ravel()
        np.testing.assert_array_equal(light, glyph)
        np.testing.assert_array_equal(pres, 40.0 * glyph)
    low = fusion_dataset(200, vision_noise=0.0, touch_noise=0.0, contrast_min=0.2)
    lit = low.light_train[low.light_train > 0]
    assert lit.min() >= 0.2 and lit.max() <= 1.0  # contrast ~ U(0.2, 1)
    assert np.mean(lit) == pytest.approx(0.6, abs=0.03)


def test_receptor_currents_closed_forms():
    light = np.array([0.0, 0.5, 1.0])
    pres = np.array([0.0, 10.0, 50.0])
    vis, touch = receptor_currents(NERVE, light, pres, i_photo=4.0)
    np.testing.assert_allclose(vis, [0.0, 2.0, 4.0], rtol=1e-15)
    np.testing.assert_allclose(touch, 1e6 * NERVE.v_bias / NERVE.r0 * (1 + pres / NERVE.p0),
                               rtol=1e-14)


def test_sensory_neuron_equals_the_afferent_nerve_for_touch_alone():
    pres = np.array([3.0, 12.0, 35.0, 80.0])
    _, touch = receptor_currents(NERVE, np.zeros(4), pres)
    np.testing.assert_allclose(sensory_neuron_output(NERVE, touch), peak_epsc(NERVE, pres),
                               rtol=1e-12)
    # summing a second receptor current can only raise the output
    more = sensory_neuron_output(NERVE, touch + 1.0)
    assert np.all(more >= sensory_neuron_output(NERVE, touch))


def test_fused_senses_beat_each_sense_alone():
    res = run_fusion(NERVE, n_per_class=30, epochs=60, seed=0)
    acc, base = res.accuracy, res.baseline_accuracy
    chance = 1 / len(GLYPH_NAMES)
    assert res.chance == pytest.approx(chance)
    # stated margins: every modality >= chance + 0.4; fusion >= best single sense + 0.05
    for m in ("touch", "vision", "fused"):
        assert acc[m] >= chance + 0.4, m
        # within 0.12 of the same classifier on the receptor currents (software): the
        # spiking threshold silences the faintest pixels (up to ~0.10 lost on vision
        # across seeds 0-3)
        assert abs(acc[m] - base[m]) <= 0.12, m
    assert acc["fused"] >= max(acc["touch"], acc["vision"]) + 0.05
    lines = res.to_csv().strip().splitlines()
    assert lines[0] == "modality,sensory_neuron_accuracy,software_accuracy" and len(lines) == 4


def test_bad_inputs_raise_named_errors():
    with pytest.raises(ValueError, match="vision_noise"):
        run_fusion(vision_noise=-1.0)
    with pytest.raises(ValueError, match="i_photo"):
        receptor_currents(NERVE, 0.5, 10.0, i_photo=0.0)
    with pytest.raises(ValueError, match="current_ua"):
        sensory_neuron_output(NERVE, -1.0)
