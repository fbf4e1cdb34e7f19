"""Known vulnerabilities in Stemme's pinned dependencies: `make audit` (and the end of `make lint`).

Reads the pins of pyproject.toml (the project's dependencies and the test extra) and asks
pip-audit about exactly those versions (``--no-deps``: every dependency that matters is pinned
there). The advisory source is pip-audit's default, PyPI's vulnerability data
(``PIP_AUDIT_SERVICE=osv`` for OSV instead).

Exit status: 1 when a vulnerability is found; 0 when none is found, and also 0 when the advisory
source cannot be reached (no network, or a package index without PyPI's JSON API answers "not
found" for every package): then it says so, because an audit that could not look is not a pass.
The command by hand:

    .venv/bin/pip-audit -r <(python tools/pip_audit.py --pins) --no-deps --disable-pip
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404  # runs pip-audit with a fixed argument list
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pins() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["test"]
    return [line.split("#")[0].strip() for line in lines]


def main() -> int:
    if sys.argv[1:] == ["--pins"]:
        print("\n".join(pins()))
        return 0
    service = os.environ.get("PIP_AUDIT_SERVICE", "pypi")
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as requirements:
        requirements.write("\n".join(pins()) + "\n")
        requirements.flush()
        result = subprocess.run(  # nosec B603  # a fixed argument list, no shell
            [str(Path(sys.executable).with_name("pip-audit")), "-r", requirements.name, "--no-deps", "--disable-pip",
             "--vulnerability-service", service, "--format", "json", "--progress-spinner", "off"],
            capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit: could not run ({result.stderr.strip()[-300:]}); skipped (optional)")
        return 0
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"pip-audit: {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
    if vulnerable:
        return 1
    if not audited:
        print(f"pip-audit: the advisory source ({service}) could not be reached or knows none of the "
              f"{len(dependencies)} pinned packages; nothing was audited (optional step, continuing). "
              "Run `make audit` where PyPI or OSV is reachable.")
        return 0
    print(f"pip-audit: {len(audited)} pinned packages audited ({service}), no known vulnerabilities"
          + (f"; {len(dependencies) - len(audited)} not known to the source" if len(audited) < len(dependencies)
             else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
