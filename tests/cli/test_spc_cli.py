"""``rampline spc``: every reference CSV runs, JSON is clean, bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rampline.cli.commands  # noqa: F401  (registers the commands)
from rampline.cli.app import app

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "spc"
FIVE = "x1,x2,x3,x4,x5"
runner = CliRunner()

# One run per reference file: the chart and options that suit its data.
CASES = {
    "mistat_np_chart_n1000.csv": [
        "--chart",
        "np",
        "--column",
        "nonconforming",
        "--size-column",
        "size",
    ],
    "montgomery_cusum_ewma_table9_1.csv": [
        "--chart",
        "cusum",
        "--column",
        "x",
        "--mu0",
        "10",
        "--sigma",
        "1",
    ],
    "montgomery_flow_width_hardbake.csv": [
        "--chart",
        "xbar-r",
        "--columns",
        FIVE,
        "--baseline",
        "25",
        "--lsl",
        "1.0",
        "--usl",
        "2.0",
    ],
    "montgomery_loan_cost_individuals.csv": [
        "--chart",
        "i-mr",
        "--column",
        "cost",
        "--baseline",
        "20",
        "--rules",
        "nelson",
    ],
    "montgomery_table6_3_piston_rings.csv": ["--chart", "xbar-s", "--columns", FIVE],
    "nist_ewma_example_pmc324.csv": [
        "--chart",
        "ewma",
        "--column",
        "x",
        "--mu0",
        "50",
        "--sigma",
        "2.0539",
        "--lambda",
        "0.3",
    ],
    "qcc_antifreeze.csv": ["--chart", "i-mr", "--column", "water", "--rules", "nelson"],
    "qcc_circuit.csv": ["--chart", "c", "--column", "x", "--baseline", "26", "--exclude", "6,20"],
    "qcc_dyedcloth.csv": ["--chart", "u", "--column", "x", "--size-column", "size"],
    "qcc_old_example_viscosity15.csv": ["--chart", "i-mr", "--column", "x"],
    "qcc_orangejuice.csv": [
        "--chart",
        "p",
        "--column",
        "D",
        "--size-column",
        "size",
        "--baseline",
        "30",
        "--exclude",
        "15,23",
    ],
    "qcc_orangejuice2.csv": [
        "--chart",
        "p",
        "--column",
        "D",
        "--size-column",
        "size",
        "--baseline",
        "24",
    ],
    "qcc_pcmanufact.csv": ["--chart", "u", "--column", "x", "--size-column", "size"],
    "qcc_pistonrings.csv": [
        "--chart",
        "xbar-r",
        "--column",
        "diameter",
        "--subgroup-column",
        "sample",
        "--baseline",
        "25",
        "--lsl",
        "73.95",
        "--usl",
        "74.05",
    ],
    "qcc_testthat_capability_fixture.csv": [
        "--chart",
        "xbar-r",
        "--columns",
        "x1,x2,x3,x4",
        "--lsl",
        "9.9",
        "--usl",
        "10.1",
    ],
    "qcc_viscosity.csv": ["--chart", "i-mr", "--column", "viscosity", "--baseline", "20"],
    "sas_gap_width_subgroup_summary.csv": [
        "--chart",
        "xbar-r",
        "--column",
        "xbar",
        "--range-column",
        "range",
        "--size-column",
        "n",
    ],
}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["spc", *args])
    return result.exit_code, result.stdout, result.stderr


def test_every_reference_file_has_a_case() -> None:
    assert sorted(p.name for p in REFERENCE.glob("*.csv")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_reference_file_runs_as_json(name: str) -> None:
    code, out, err = run(str(REFERENCE / name), *CASES[name], "--json")
    assert code == 0, err
    result = json.loads(out)  # stdout holds only the JSON
    assert result["chart"] == CASES[name][1]
    assert len(result["points"]) > 0
    for key in ("center", "lcl", "ucl", "sigma", "beyond", "violations"):
        assert key in result


@pytest.mark.parametrize("name", ["qcc_pistonrings.csv", "qcc_dyedcloth.csv"])
def test_reference_file_runs_as_a_table(name: str) -> None:
    code, out, err = run(str(REFERENCE / name), *CASES[name])
    assert code == 0, err
    assert "chart" in out


def test_piston_rings_json_numbers() -> None:
    # README.md of the reference folder (qcc 3.0, d2 = 2.326): LCL 73.98805,
    # UCL 74.0143, beyond 37, 38, 39; Cp 1.703281, Cpk 1.663219 (rescaled to
    # d2 = 2.325929 by x 2.325929/2.326).
    _, out, _ = run(str(REFERENCE / "qcc_pistonrings.csv"), *CASES["qcc_pistonrings.csv"], "--json")
    result = json.loads(out)
    assert result["lcl"] == pytest.approx(73.98805, abs=5e-6)
    assert result["ucl"] == pytest.approx(74.0143, abs=5e-5)
    assert result["beyond"] == [37, 38, 39]
    assert result["dispersion"]["ucl"] == pytest.approx(0.048126, abs=1e-6)
    cap = result["capability"]
    assert cap["cp"] == pytest.approx(1.703281 * 2.325929 / 2.326, abs=2e-6)
    assert cap["cpk"] == pytest.approx(1.663219 * 2.325929 / 2.326, abs=2e-6)
    assert cap["cp_ci"][0] < cap["cp"] < cap["cp_ci"][1]
    assert cap["normality"]["test"] == "shapiro-wilk"


def test_orange_juice_revised_limits_and_positions() -> None:
    # README.md: revised without 15 and 23: centre 0.215, LCL 0.04070284, UCL 0.3892972.
    _, out, _ = run(str(REFERENCE / "qcc_orangejuice.csv"), *CASES["qcc_orangejuice.csv"], "--json")
    result = json.loads(out)
    assert result["center"] == pytest.approx(0.215)
    assert result["lcl"] == pytest.approx(0.04070284, abs=5e-9)
    assert result["ucl"] == pytest.approx(0.3892972, abs=5e-8)
    assert result["excluded"] == [15, 23]
    assert {15, 23} <= set(result["beyond"])


def test_variable_limits_are_lists_and_cusum_signals() -> None:
    _, out, _ = run(str(REFERENCE / "qcc_dyedcloth.csv"), *CASES["qcc_dyedcloth.csv"], "--json")
    assert isinstance(json.loads(out)["ucl"], list)
    # Montgomery Table 9.2: the tabular CUSUM first signals at period 29.
    _, out, _ = run(
        str(REFERENCE / "montgomery_cusum_ewma_table9_1.csv"),
        *CASES["montgomery_cusum_ewma_table9_1.csv"],
        "--json",
    )
    assert json.loads(out)["signals"][0] == 29


def test_html_chart_is_written(tmp_path: Path) -> None:
    target = tmp_path / "chart.html"
    code, _, err = run(
        str(REFERENCE / "qcc_pistonrings.csv"), *CASES["qcc_pistonrings.csv"], "-o", str(target)
    )
    assert code == 0, err
    text = target.read_text()
    assert "plotly" in text
    assert "cdn.plot.ly" not in text.split("<body>")[0]


def test_png_chart_or_a_clear_message_without_kaleido(tmp_path: Path) -> None:
    pytest.importorskip("plotly")
    try:
        import kaleido  # noqa: F401
    except ImportError:
        code, _, err = run(
            str(REFERENCE / "qcc_viscosity.csv"),
            "--chart",
            "i-mr",
            "--column",
            "viscosity",
            "-o",
            str(tmp_path / "c.png"),
        )
        assert code == 2
        assert "kaleido" in err
    else:  # kaleido (a dev dependency) renders through Debian's chromium
        if not Path("/usr/bin/chromium").exists():
            pytest.skip("kaleido needs chromium (apt-get install chromium)")
        code, _, err = run(
            str(REFERENCE / "qcc_viscosity.csv"),
            "--chart",
            "i-mr",
            "--column",
            "viscosity",
            "-o",
            str(tmp_path / "c.png"),
        )
        assert code == 0, err
        assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_missing_column_names_file_line_and_column() -> None:
    path = REFERENCE / "qcc_orangejuice.csv"
    code, out, err = run(str(path), "--chart", "p", "--column", "Dx", "--size-column", "size")
    assert code == 2
    assert out == ""
    assert f"{path}:1" in err
    assert "'Dx'" in err


def test_non_numeric_value_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("obs,x\n1,2.0\n2,abc\n3,4.0\n")
    code, _, err = run(str(path), "--chart", "i-mr", "--column", "x")
    assert code == 2
    assert f"{path}:3" in err
    assert "column 'x'" in err
    assert "'abc'" in err


def test_bad_options_exit_2() -> None:
    path = str(REFERENCE / "qcc_viscosity.csv")
    assert run(path, "--chart", "pie", "--column", "viscosity")[0] == 2
    assert run(path, "--chart", "i-mr", "--column", "viscosity", "--baseline", "99")[0] == 2
    assert run(path, "--chart", "xbar-r", "--column", "viscosity")[0] == 2
    assert run(str(REFERENCE / "nope.csv"), "--chart", "i-mr", "--column", "x")[0] == 2


@pytest.mark.parametrize(
    ("chart", "option", "value"),
    [("i-mr", "--sigma", "-1"), ("i-mr", "--sigma", "0"), ("ewma", "--L", "-3")],
)
def test_limits_that_would_cross_are_refused(chart: str, option: str, value: str) -> None:
    # A known sigma or a width at or below 0 puts the LCL at or above the UCL.
    path = str(REFERENCE / "qcc_viscosity.csv")
    code, out, err = run(path, "--chart", chart, "--column", "viscosity", option, value, "--json")
    assert code == 2
    assert out == ""
    assert f"{option} must be positive" in err


def _doc_examples() -> list[list[str]]:
    text = (Path(__file__).resolve().parents[2] / "docs" / "spc.md").read_text()
    commands, current = [], ""
    for line in text.splitlines():
        if (line.startswith("rampline spc ") and "FILE.csv" not in line) or current:
            current += line.rstrip("\\").strip() + " "
            if not line.endswith("\\"):
                commands.append(current.split()[2:])
                current = ""
    return commands


@pytest.mark.parametrize("args", _doc_examples())
def test_docs_examples_run(args: list[str], tmp_path: Path) -> None:
    args = [str(REFERENCE / args[0]), *args[1:]]
    if "-o" in args:
        args[args.index("-o") + 1] = str(tmp_path / args[args.index("-o") + 1])
    code, _, err = run(*args)
    assert code == 0, err


def test_sas_gap_width_summary_data_gives_the_published_mean_chart() -> None:
    # SAS/QC User's Guide, SHEWHART procedure, "Creating Charts for Means from
    # Subgroup Summary Data" (data set Parts): 3-sigma limits for n = 5 printed
    # as UCL 277.2, mean 259.7, LCL 242.1. By hand: 5453/21, R-bar 640/21,
    # sigma = R-bar/d2(5).
    path = str(REFERENCE / "sas_gap_width_subgroup_summary.csv")
    code, out, err = run(
        path, "--chart", "xbar-r", "--column", "xbar", "--range-column", "range",
        "--size-column", "n", "--json",
    )  # fmt: skip
    assert code == 0, err
    got = json.loads(out)
    assert [round(got[k], 1) for k in ("ucl", "center", "lcl")] == [277.2, 259.7, 242.1]
    sigma = 640 / 21 / 2.325929
    assert got["sigma"] == pytest.approx(sigma, rel=1e-6)
    assert got["ucl"] == pytest.approx(5453 / 21 + 3 * sigma / 5**0.5, rel=1e-7)  # d2 to 7 digits
    assert got["dispersion"]["center"] == pytest.approx(640 / 21, rel=1e-12)
    assert got["beyond"] == []


def test_summary_data_needs_its_columns_and_no_capability() -> None:
    path = str(REFERENCE / "sas_gap_width_subgroup_summary.csv")
    summary = ["--column", "xbar", "--range-column", "range", "--size-column", "n"]
    code, _, err = run(path, "--chart", "i-mr", *summary)
    assert code == 2
    assert "goes with --chart xbar-r" in err
    code, _, err = run(path, "--chart", "xbar-r", "--column", "xbar", "--range-column", "range")
    assert code == 2
    assert "--size-column" in err
    code, _, err = run(path, "--chart", "xbar-r", *summary, "--lsl", "200")
    assert code == 2
    assert "capability needs the measurements" in err


def test_s_chart_from_summary_data_is_the_chart_of_the_measurements(tmp_path: Path) -> None:
    # Montgomery's flow width (hard-bake) subgroups, reported as a supplier
    # would: each subgroup's mean, standard deviation and size.
    source = REFERENCE / "montgomery_flow_width_hardbake.csv"
    lines = source.read_text().splitlines()
    header = lines[0].split(",")
    cols = [header.index(c) for c in FIVE.split(",")]
    rows = [[float(cells[i]) for i in cols] for cells in (line.split(",") for line in lines[1:])]
    summary = tmp_path / "summary.csv"
    summary.write_text(
        "mean,sd,n\n"
        + "".join(
            f"{sum(r) / len(r)!r},{(sum((x - sum(r) / len(r)) ** 2 for x in r) / 4) ** 0.5!r},5\n"
            for r in rows
        )
    )
    code, out, err = run(
        str(summary), "--chart", "xbar-s", "--column", "mean", "--sd-column", "sd",
        "--size-column", "n", "--baseline", "25", "--json",
    )  # fmt: skip
    assert code == 0, err
    code2, out2, err2 = run(
        str(source), "--chart", "xbar-s", "--columns", FIVE, "--baseline", "25", "--json"
    )
    assert code2 == 0, err2
    got, want = json.loads(out), json.loads(out2)
    assert got["sigma"] == pytest.approx(want["sigma"], rel=1e-12)
    for key in ("center", "lcl", "ucl"):
        assert got[key] == pytest.approx(want[key], rel=1e-12)
        assert got["dispersion"][key] == pytest.approx(want["dispersion"][key], rel=1e-12)
    assert got["points"] == pytest.approx(want["points"], rel=1e-12)
    assert got["dispersion"]["points"] == pytest.approx(want["dispersion"]["points"], rel=1e-12)
    assert got["beyond"] == want["beyond"]
    code, _, err = run(str(summary), "--chart", "xbar-r", "--column", "mean", "--sd-column", "sd")
    assert code == 2
    assert "--sd-column (subgroup summaries) goes with --chart xbar-s" in err
    code, _, err = run(
        str(summary), "--chart", "xbar-s", "--column", "mean", "--sd-column", "sd",
        "--range-column", "sd", "--size-column", "n",
    )  # fmt: skip
    assert code == 2
    assert "not both" in err
