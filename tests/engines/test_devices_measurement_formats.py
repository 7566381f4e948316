"""load_measurements reads files as instruments and spreadsheets write them (issue 11 §5)."""

from __future__ import annotations

import io
import re
from importlib import resources

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neuroexplore.devices import MeasurementError, load_measurements

# A small pulse response, written below in many layouts: G in microsiemens.
G_US = [0.5, 0.8, 1.0, 1.25, 1.6, 2.0]
DIRS = ["ltp", "ltp", "ltp", "ltd", "ltd", "ltd"]


def _canonical(pulse, g_siemens, directions=None) -> str:
    head = "pulse,conductance" + (",direction" if directions is not None else "")
    rows = [f"{p},{g!r}" + (f",{d}" if directions is not None else "")
            for p, g, d in zip(pulse, g_siemens, directions or [None] * len(pulse), strict=True)]
    return "\n".join([head, *rows]) + "\n"


def _same_curve(m, pulse, g_siemens, directions=None):
    assert m.kind == "pulse"
    np.testing.assert_allclose(m["pulse"], pulse)
    np.testing.assert_allclose(m["conductance"], g_siemens, rtol=1e-12)
    canon = load_measurements(io.StringIO(_canonical(pulse, g_siemens, directions)))
    np.testing.assert_allclose(m["conductance"], canon["conductance"], rtol=1e-12)
    np.testing.assert_array_equal(m["pulse"], canon["pulse"])
    if directions is not None:
        np.testing.assert_array_equal(m["direction"], canon["direction"])


def _g():
    return [g * 1e-6 for g in G_US]


def _rows(fmt, values, sep):
    return "".join(f"{k}{sep}{fmt(v)}\n" for k, v in enumerate(values))


VARIANTS = {
    "comma, G [S]": "pulse,G [S]\n" + _rows(repr, _g(), ","),
    "semicolon, decimal comma, uS": "Pulse;Conductance (uS)\n"
    + _rows(lambda v: str(v).replace(".", ","), G_US, ";"),
    "semicolon, decimal comma with exponent": "pulse;G [S]\n"
    + _rows(lambda v: f"{v:.3e}".replace(".", ","), _g(), ";"),
    "tab, mS": "pulse\tG (mS)\n" + _rows(lambda v: repr(v * 1e3), _g(), "\t"),
    "quoted Excel header, BOM, trailing delimiter, blank lines, CRLF":
        '\ufeff"Pulse number";"Conductance (µS)";\r\n\r\n'
        + "".join(f"{k};{str(v).replace('.', ',')};\r\n" for k, v in enumerate(G_US))
        + ";;\r\n",
    "comments and blank lines": "# device A\n\n#\npulse,conductance (uS)\n\n"
    + _rows(repr, G_US, ",") + "\n# end\n",
    "resistance (kohm)": "pulse,resistance (kohm)\n" + _rows(lambda v: repr(1e3 / v), G_US, ","),
    "R [ohm]": "pulse;R [ohm]\n" + _rows(lambda v: repr(1 / v), _g(), ";"),
    "R (MOhm)": "pulse,R (MOhm)\n" + _rows(lambda v: repr(1 / v), G_US, ","),
    "current (A), v_read column": "pulse,current (A),v_read (V)\n"
    + "".join(f"{k},{g * 0.2!r},0.2\n" for k, g in enumerate(_g())),
    "current (uA), read voltage comment in mV": "# read voltage: 100 mV\npulse,I (uA)\n"
    + _rows(lambda v: repr(v * 0.1), G_US, ","),
    "time (ms) axis": "time (ms),conductance (uS)\n"
    + "".join(f"{5 * k},{g!r}\n" for k, g in enumerate(G_US)),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_format_variants_load_to_the_same_curve(name):
    m = load_measurements(io.StringIO(VARIANTS[name]))
    _same_curve(m, range(len(G_US)), _g())


def test_current_with_v_read_argument_and_bytes_buffer():
    text = "Time (us)\tCurrent (nA)\n" + "".join(f"{10 * k}\t{g * 50!r}\n"
                                               for k, g in enumerate(G_US))
    m = load_measurements(io.BytesIO(text.encode()), v_read=0.05)
    _same_curve(m, range(len(G_US)), _g())
    np.testing.assert_allclose(m["time"], [1e-5 * k for k in range(len(G_US))])
    with pytest.raises(MeasurementError, match="line 1: column 'current' needs a read voltage"):
        load_measurements(io.StringIO(text))


def test_cp1252_file_from_excel(tmp_path):
    path = tmp_path / "excel.csv"
    text = '"Pulse";"G (µS)";"Direction"\r\n' + "".join(
        f"{k};{str(g).replace('.', ',')};{d.upper()}\r\n"
        for k, (g, d) in enumerate(zip(G_US, DIRS, strict=True)))
    path.write_bytes(text.encode("cp1252"))
    _same_curve(load_measurements(path), range(len(G_US)), _g(), DIRS)


def test_cycles_from_a_column_or_from_direction_changes():
    ltp, ltd = [1.0, 2.0, 3.0], [2.5, 1.5, 1.0]
    by_column = "pulse,conductance (uS),direction,cycle\n" + "".join(
        f"{k % 6},{g},{'ltp' if k % 6 < 3 else 'ltd'},{1 + k // 6}\n"
        for k, g in enumerate((ltp + ltd) * 2))
    m = load_measurements(io.StringIO(by_column))
    np.testing.assert_array_equal(m["pulse"], np.arange(12))
    np.testing.assert_array_equal(m["cycle"], [0] * 6 + [1] * 6)
    np.testing.assert_allclose(m["conductance"], np.array((ltp + ltd) * 2) * 1e-6)
    # pulse count restarting at each direction change; a new cycle at LTD -> LTP
    restarts = "pulse,conductance (uS),direction\n" + "".join(
        f"{k % 3},{g},{'ltp' if k % 6 < 3 else 'ltd'}\n" for k, g in enumerate((ltp + ltd) * 2))
    m2 = load_measurements(io.StringIO(restarts))
    np.testing.assert_array_equal(m2["pulse"], np.arange(12))
    np.testing.assert_array_equal(m2["cycle"], m["cycle"])
    np.testing.assert_array_equal(m2["direction"], m["direction"])
    # without a direction change a repeated pulse number is still an error
    with pytest.raises(MeasurementError, match="line 4: pulse numbers must increase"):
        load_measurements(io.StringIO("pulse,conductance\n0,1\n1,2\n1,3\n3,4\n"))


@pytest.mark.parametrize("text, column", [
    ("pulse;G [furlongs]\n0;1\n1;2\n2;3\n3;4\n", "conductance"),
    ("pulse,resistance (kS)\n0,1\n1,2\n2,3\n3,4\n", "resistance"),
    ("time (fortnights)\tconductance\n0\t1\n1\t2\n2\t3\n3\t4\n", "time"),
])
def test_unknown_unit_names_the_column(text, column):
    with pytest.raises(MeasurementError, match=rf"line 1: unknown unit .* column '{column}'"):
        load_measurements(io.StringIO(text))


def test_resistance_and_read_voltage_errors():
    with pytest.raises(MeasurementError, match="line 3: resistance must be positive"):
        load_measurements(io.StringIO("pulse,R [ohm]\n0,1\n1,0\n2,3\n3,4\n"))
    with pytest.raises(MeasurementError, match="line 4: read voltage must be non-zero"):
        load_measurements(io.StringIO("pulse,I (A),v_read\n0,1,1\n1,2,1\n2,3,0\n3,4,1\n"))
    with pytest.raises(MeasurementError, match="v_read"):
        load_measurements(io.StringIO("pulse,I (A)\n0,1\n1,2\n2,3\n3,4\n"), v_read=0)


# ------------------------------------------------------------ shipped examples
def _example(name: str):
    ref = resources.files("neuroexplore").joinpath("data", "measurements", name)
    with resources.as_file(ref) as path:
        return load_measurements(path)


def test_example_excel_export_two_cycles():
    ltp1, ltd1 = [0.50, 0.80, 1.05, 1.25, 1.40, 1.50], [1.30, 1.05, 0.85, 0.70, 0.58, 0.50]
    ltp2, ltd2 = [0.52, 0.83, 1.07, 1.27, 1.41, 1.52], [1.33, 1.08, 0.88, 0.72, 0.60, 0.51]
    g = [x * 1e-6 for x in ltp1 + ltd1 + ltp2 + ltd2]
    dirs = (["ltp"] * 6 + ["ltd"] * 6) * 2
    m = _example("excel_semicolon_two_cycles.csv")
    _same_curve(m, range(1, 25), g, dirs)  # Excel counts from 1
    np.testing.assert_array_equal(m["cycle"], [0] * 12 + [1] * 12)
    assert "NOT measured data" in m.comments[0]


def test_example_instrument_log():
    g = [0.40, 0.62, 0.81, 0.97, 1.10, 1.21, 1.30, 1.37, 1.43, 1.48]
    m = _example("instrument_log_tab.txt")
    _same_curve(m, range(10), [x * 1e-6 for x in g])
    np.testing.assert_allclose(m["time"], [0.01 * k for k in range(10)], atol=1e-15)
    assert any("read voltage: 0.1 V" in c for c in m.comments)


def test_example_resistance_kohm():
    r_kohm = [2000, 1250, 1000, 800, 625, 500, 625, 800, 1000, 1250, 2000]
    m = _example("resistance_kohm.csv")
    _same_curve(m, range(11), [1 / (r * 1e3) for r in r_kohm], ["ltp"] * 6 + ["ltd"] * 5)


def test_examples_are_declared_package_data(repo_root):
    text = (repo_root / "pyproject.toml").read_text()
    assert '"data/measurements/*.csv"' in text and '"data/measurements/*.txt"' in text
    shipped = resources.files("neuroexplore").joinpath("data", "measurements")
    assert {p.name for p in shipped.iterdir()} >= {
        "excel_semicolon_two_cycles.csv", "instrument_log_tab.txt", "resistance_kohm.csv"}


# ---------------------------------------------------------- malformed files
_ERROR = re.compile(r"line \d+|no header|empty")
_TOKENS = st.sampled_from([
    "pulse", "conductance (uS)", "G [S]", "R (kohm)", "current (A)", "v_read", "time (ms)",
    "direction", "cycle", "interval", "ppf", "voltage", "(furlongs)", "ltp", "ltd", "nan",
    "inf", "-1", "0", "1,5", "2.5e-6", "abc", '"', '"q"', "", " ", "#", "\ufeff", "µ", "1e999",
])
_LINE = st.one_of(
    st.lists(st.one_of(_TOKENS, st.text(max_size=6)), max_size=6).flatmap(
        lambda cells: st.sampled_from([",", ";", "\t"]).map(lambda d: d.join(cells))),
    st.text(max_size=20),
)


@given(lines=st.lists(_LINE, max_size=12), head=st.sampled_from(
    ["", "pulse,conductance\n", "pulse;G [uS];direction;cycle\n", "time (s)\tcurrent (A)\n",
     "# read voltage: 0.1 V\npulse,I (A)\n", "time,voltage,current\n", "interval,ppf\n"]))
def test_malformed_files_only_raise_measurement_error_with_a_line(lines, head):
    text = head + "\n".join(lines)
    try:
        m = load_measurements(io.StringIO(text))
    except MeasurementError as exc:
        assert _ERROR.search(str(exc)), str(exc)
    else:
        assert all(np.all(np.isfinite(v)) for v in m.data.values())


@given(raw=st.binary(max_size=200))
def test_random_bytes_only_raise_measurement_error(raw):
    try:
        load_measurements(io.BytesIO(raw))
    except MeasurementError as exc:
        assert _ERROR.search(str(exc)), str(exc)


# ------------------------------------------------------- the device lab's upload
def test_device_lab_fits_an_excel_export_as_the_canonical_sample():
    from neuroexplore.widgets import DeviceLab
    from neuroexplore.widgets._device_data import sample_text

    canonical = sample_text()
    rows = [ln.split(",") for ln in canonical.splitlines() if ln[:1].isdigit()]
    excel = '\ufeff"Pulse";"R [kOhm]";"Direction";\r\n' + "".join(
        f"{p};{f'{1e-3 / float(g):.12e}'.replace('.', ',')};{d.upper()};\r\n"
        for p, g, d in rows)
    lab = DeviceLab()
    lab.data.load_text(canonical, "canonical.csv")
    expected = lab.data.fit
    lab.data.load_text(excel, "excel.csv")
    assert lab.error == ""
    for key in ("nonlinearity_ltp", "nonlinearity_ltd", "g_max", "g_min"):
        assert getattr(lab.data.fit, key) == pytest.approx(getattr(expected, key), rel=1e-6)
    for name in ("excel_semicolon_two_cycles.csv", "instrument_log_tab.txt",
                 "resistance_kohm.csv"):
        text = resources.files("neuroexplore").joinpath("data", "measurements", name) \
            .read_text(encoding="utf-8-sig")
        lab.data.load_text(text, name)
        assert lab.data.measurement is not None and lab.data.measurement.kind == "pulse"
        assert lab.error == "", (name, lab.error)
        assert lab.data.fit is not None and lab.data.fit.r2 > 0.9, name
        cycles = 2 if "cycle" in lab.data.measurement else 1
        assert lab.data.fit.n_cycles == cycles, name
        assert (f"{cycles} cycles fitted jointly" in lab.data.fig.layout.title.text) \
            == (cycles > 1)


def test_uploads_and_files_are_decoded_alike(tmp_path):
    """One decoding for files and the labs' uploads: an Excel cp1252 'µS' header loads."""
    from neuroexplore.devices import decode_measurement
    from neuroexplore.devices.measurements import MAX_UPLOAD_BYTES
    from neuroexplore.widgets.base import uploaded_text

    text = '"Pulse";"G (µS)";\r\n1;0,5;\r\n2;0,8;\r\n3;1,05;\r\n4;1,25;\r\n'
    raw = text.encode("cp1252")
    path = tmp_path / "excel.csv"
    path.write_bytes(raw)
    from_file = load_measurements(path)
    upload = uploaded_text({"name": "excel.csv", "content": memoryview(raw)})
    assert upload == decode_measurement(raw) == text
    np.testing.assert_allclose(load_measurements(io.StringIO(upload))["conductance"],
                               from_file["conductance"])
    np.testing.assert_allclose(from_file["conductance"], [0.5e-6, 0.8e-6, 1.05e-6, 1.25e-6])
    assert decode_measurement(b"\xef\xbb\xbfpulse,G\n") == "pulse,G\n"  # UTF-8 BOM dropped
    # the size limit: a clear message naming the file and the limit
    assert decode_measurement(raw, max_bytes=len(raw)) == text
    with pytest.raises(MeasurementError,
                       match=rf"excel.csv is {len(raw)} bytes; .* limited to {len(raw) - 1} b"):
        decode_measurement(raw, "excel.csv", max_bytes=len(raw) - 1)
    big = b"#" * (MAX_UPLOAD_BYTES + 1)
    with pytest.raises(MeasurementError, match=r"big.csv is 5 MB; .*limited to 5 MB"):
        uploaded_text({"name": "big.csv", "content": memoryview(big)})
    assert MAX_UPLOAD_BYTES == 5_000_000


def test_measurements_say_how_the_file_was_read():
    excel = _example("excel_semicolon_two_cycles.csv")
    assert excel.detected == {"delimiter": "semicolon", "decimal": "comma",
                              "units": {"Conductance": ("µS", 1e-6)},
                              "conductance_from": "conductance", "pulse_axis": "pulse"}
    assert excel.describe() == ("24 rows, pulse; delimiter semicolon, decimal comma; "
                                "Conductance in µS (x 1e-06 to SI); 2 cycles")
    log = _example("instrument_log_tab.txt")
    assert log.detected["delimiter"] == "tab" and log.detected["decimal"] == "point"
    assert log.detected["conductance_from"] == "current / v_read"
    assert "pulses numbered in time order" in log.describe()
    r = _example("resistance_kohm.csv")
    assert r.detected["units"] == {"resistance": ("kohm", 1e3)}
    assert "conductance = 1 / resistance; 1 cycle" in r.describe()
