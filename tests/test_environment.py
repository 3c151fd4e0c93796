"""The set-up: dependencies in step, OpenCV with HOG and cv2.ml, a cheap import, the CLI."""

import re
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement):
    return re.split(r"[<>=!~ ]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_the_same_packages_as_pyproject():
    import yaml  # comes with JupyterLab (jupyter_events)

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r): r.replace(" ", "") for r in project["dependencies"]}
    listed = {}
    for entry in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]:
        for requirement in entry["pip"] if isinstance(entry, dict) else [entry]:
            if _name(requirement) not in ("python", "pip", "-e"):
                listed[_name(requirement)] = requirement.replace(" ", "")
    assert listed == wanted, "environment.yml and pyproject.toml list different packages"


def test_the_lock_pins_every_dependency_within_its_bounds():
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    requirements = project["dependencies"] + [
        r for extra in project["optional-dependencies"].values() for r in extra]
    for text in requirements:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not pinned in constraints.txt (make lock)"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pins[name]}, outside {requirement}")


def test_opencv_has_hog_and_ml():
    import cv2

    hog = cv2.HOGDescriptor((32, 32), (16, 16), (8, 8), (8, 8), 9)
    assert hog.getDescriptorSize() == 9 * 4 * 9
    svm = cv2.ml.SVM_create()
    assert svm.getKernelType() == cv2.ml.SVM_RBF


def test_doctor_reports_versions_mode_and_data():
    out = subprocess.run([sys.executable, "-m", "dlcourse", "doctor"], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout
    for item in ("python", "tensorflow", "keras", "opencv", "devices", "CPU",
                 "mode (DLCOURSE_MODE)", "data: mnist", "data: imdb"):
        assert item in out, item


def test_cli_rejects_unknown_commands():
    result = subprocess.run([sys.executable, "-m", "dlcourse", "frobnicate"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
