"""Applications assisted by machine learning (review chapter 6), built on the engines.

* :mod:`.mackey_glass_series` -- the Mackey-Glass delay differential equation (RK4 with
  Hermite interpolation of the delayed state) and its linear stability;
* :mod:`.reservoir` -- reservoir computing with volatile memristors
  (:mod:`neuroexplore.devices.volatile_memristor`, the WOx device of Chang et al. 2011
  / Du et al. 2017) (time-multiplexed virtual nodes, random masks, ridge readout)
  against an echo-state network: Mackey-Glass prediction (NRMSE) and temporal pattern
  (digit) classification;
* :mod:`.tactile` -- braille recognition from a sliding fingertip of pressure
  sensors, artificial afferent neurons and synaptic transistors, against a
  classifier on the raw pressure;
* :mod:`.pattern_recognition` -- digit recognition on device crossbars (ex situ and
  in situ) beside the published table;
* :mod:`.stdp_learning` -- unsupervised STDP learning of digits (Diehl & Cook) on
  synaptic devices;
* :mod:`.hopfield` -- associative memory on a crossbar;
* :mod:`.decision` -- decision making: Q-learning in a grid world on device pairs.

Every public name is imported from its module when first used (some modules import
numba or torch).  The names each study module defines for its own run sizes
(``SIZE_SPEC``, ``SIZES``, ``SIZE_SETTINGS``) and ``device_choices`` are read from
that module, e.g. ``from neuroexplore.applications.hopfield import SIZE_SPEC``.

Nothing here plots; the labs in :mod:`neuroexplore.widgets` draw the results.
"""

from __future__ import annotations

from .._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(__name__, {
    # Mackey-Glass series
    "mackey_glass": ".mackey_glass_series",
    "MACKEY_GLASS_SPECS": ".mackey_glass_series",
    "MackeyGlass": ".mackey_glass_series",
    "HopfPoint": ".mackey_glass_series",
    "fixed_point": ".mackey_glass_series",
    "hopf_point": ".mackey_glass_series",
    # reservoir
    "DEVICE_RESERVOIR_SPECS": ".reservoir",
    "ESN_SPECS": ".reservoir",
    "READOUT_SPECS": ".reservoir",
    "PREDICTION_SPECS": ".reservoir",
    "PATTERN_SPECS": ".reservoir",
    "DIGITS_5X4": ".reservoir",
    "DeviceReservoir": ".reservoir",
    "EchoStateNetwork": ".reservoir",
    "RidgeReadout": ".reservoir",
    "PredictionResult": ".reservoir",
    "SizeSweep": ".reservoir",
    "PatternSet": ".reservoir",
    "ClassificationResult": ".reservoir",
    "benchmark_series": ".reservoir",
    "scale_to_unit": ".reservoir",
    "make_device_reservoir": ".reservoir",
    "device_reservoir_states": ".reservoir",
    "make_esn": ".reservoir",
    "esn_states": ".reservoir",
    "fit_ridge": ".reservoir",
    "nrmse": ".reservoir",
    "mackey_glass_benchmark": ".reservoir",
    "nrmse_vs_size": ".reservoir",
    "pattern_dataset": ".reservoir",
    "inversion_mean": ".reservoir",
    "pattern_streams": ".reservoir",
    "pattern_states": ".reservoir",
    "classify_patterns": ".reservoir",
    # tactile
    "BRAILLE_DOTS": ".tactile",
    "BRAILLE_SPECS": ".tactile",
    "SENSOR_SPECS": ".tactile",
    "TRANSDUCER_SPECS": ".tactile",
    "TASK_SPECS": ".tactile",
    "CLASS_SETS": ".tactile",
    "BrailleSweep": ".tactile",
    "TactileResponse": ".tactile",
    "TactileResult": ".tactile",
    "NoiseSweep": ".tactile",
    "braille_pressure": ".tactile",
    "afferent_response": ".tactile",
    "bin_features": ".tactile",
    "tactile_benchmark": ".tactile",
    "accuracy_vs_noise": ".tactile",
    # pattern_recognition
    "RECOGNITION_SPECS": ".pattern_recognition",
    "PREVIEW_SPECS": ".pattern_recognition",
    "RUN_SIZE": ".pattern_recognition",
    "FULL_SETTINGS": ".pattern_recognition",
    "run_settings": ".pattern_recognition",
    "DeviceCurve": ".pattern_recognition",
    "device_curve": ".pattern_recognition",
    "PUBLISHED_FILE": ".pattern_recognition",
    "CHANCE_LEVEL": ".pattern_recognition",
    "DeviceAccuracy": ".pattern_recognition",
    "AccuracyTable": ".pattern_recognition",
    "PublishedAccuracy": ".pattern_recognition",
    "RankComparison": ".pattern_recognition",
    "Baselines": ".pattern_recognition",
    "baselines": ".pattern_recognition",
    "ex_situ_accuracy": ".pattern_recognition",
    "device_accuracy": ".pattern_recognition",
    "accuracy_table": ".pattern_recognition",
    "device_from_measurement": ".pattern_recognition",
    "load_published_accuracy": ".pattern_recognition",
    "published_accuracy": ".pattern_recognition",
    "compare_with_published": ".pattern_recognition",
    "default_devices": ".pattern_recognition",
    # stdp_learning
    "STDP_LEARNING_SPECS": ".stdp_learning",
    "StdpLearningResult": ".stdp_learning",
    "train_stdp_network": ".stdp_learning",
    "stdp_weight_update": ".stdp_learning",
    "program_weight_change": ".stdp_learning",
    "weights_to_conductance": ".stdp_learning",
    "conductance_to_weights": ".stdp_learning",
    "assign_labels": ".stdp_learning",
    "classify_responses": ".stdp_learning",
    "network_responses": ".stdp_learning",
    "kmeans_baseline": ".stdp_learning",
    "compare_with_baselines": ".stdp_learning",
    "expected_weight_change": ".stdp_learning",
    "device_stdp_window": ".stdp_learning",
    "initial_weights": ".stdp_learning",
    "Presentation": ".stdp_learning",
    "simulate_presentation": ".stdp_learning",
    "present_digit": ".stdp_learning",
    # hopfield
    "HOPFIELD_SPECS": ".hopfield",
    "random_patterns": ".hopfield",
    "hebbian_weights": ".hopfield",
    "corrupt": ".hopfield",
    "energy": ".hopfield",
    "overlaps": ".hopfield",
    "bit_error_probability": ".hopfield",
    "RecallTrace": ".hopfield",
    "recall": ".hopfield",
    "program_crossbar": ".hopfield",
    "HopfieldResult": ".hopfield",
    "run_hopfield": ".hopfield",
    "SweepResult": ".hopfield",
    "recall_vs_noise": ".hopfield",
    "recall_vs_variation": ".hopfield",
    "capacity_curve": ".hopfield",
    # decision
    "LAYOUTS": ".decision",
    "ACTIONS": ".decision",
    "Q_SPECS": ".decision",
    "GridWorld": ".decision",
    "ValueResult": ".decision",
    "PolicyStats": ".decision",
    "QHistory": ".decision",
    "UpdateCurve": ".decision",
    "grid_world": ".decision",
    "value_iteration": ".decision",
    "evaluate_policy": ".decision",
    "random_policy": ".decision",
    "epsilon_greedy_policy": ".decision",
    "greedy_rollout": ".decision",
    "shortest_path_lengths": ".decision",
    "train_q_agent": ".decision",
    "weight_update_curve": ".decision",
})
