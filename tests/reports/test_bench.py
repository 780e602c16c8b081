"""`make bench` keeps working (a tiny run; nothing here is timed or compared)."""
from bench import BENCHMARKS, Measurement, Ratio, benchmark
from bench.__main__ import main


def test_a_tiny_bench_run_prints_its_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INTAKE_BENCH_DIR", str(tmp_path))
    assert main(["--requests", "40", "--repeat", "1"]) == 0
    assert len(list(tmp_path.glob("requests-40-*.done"))) == 1
    assert main(["--requests", "40", "--repeat", "1", "--only", "reports"]) == 0  # cached
    output = capsys.readouterr().out
    assert "Reusing" in output
    assert output.count("reports page (HTTP, signed in, a year)") == 2
    assert "page / bare SQL" in output


def test_the_registry_takes_new_benchmarks(monkeypatch):
    monkeypatch.setitem(BENCHMARKS, "example", None)

    @benchmark("example")
    def example(app, repeat):
        m = Measurement("x", [1.0, 3.0, 2.0])
        return [m], [Ratio("x / x", m, m)]

    measurements, ratios = BENCHMARKS["example"](None, 3)
    assert measurements[0].median == 2.0 and ratios[0].value == 1.0
