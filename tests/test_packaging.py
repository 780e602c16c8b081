import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_templates_config_and_migrations(tmp_path):
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                    "--outdir", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=240)
    wheel = next(tmp_path.glob("intake-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "intake/templates/base.html" in names
    assert "intake/templates/_macros/forms.html" in names
    assert "intake/config/production.py" in names
    assert "intake/config/gunicorn.conf.py" in names
    assert "intake/migrations/env.py" in names
    assert any(n.startswith("intake/migrations/versions/") and n.endswith(".py") for n in names)
    assert "intake/static/intake.css" in names
