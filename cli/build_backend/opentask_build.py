"""A PEP 517 build backend for the opentask package, in the standard library alone.

`pip install ./cli` must work on a machine that reaches no package index, so the build asks for nothing
(`requires = []`): this module writes the wheel (the opentask_cli package, its metadata and the `opentask`
console script) and the source archive itself.
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "opentask_cli"


def _project():
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as f:
        text = f.read()
    try:
        import tomllib
        project = tomllib.loads(text)["project"]
    except ImportError:  # Python before 3.11: the few plain "key = value" lines this file has
        project, section = {"scripts": {}}, None
        for line in text.splitlines():
            header = re.match(r"\s*\[([^\]]+)\]", line)
            if header:
                section = header.group(1)
                continue
            pair = re.match(r'\s*([\w-]+)\s*=\s*"([^"]*)"', line)
            if pair and section == "project":
                project[pair.group(1)] = pair.group(2)
            elif pair and section == "project.scripts":
                project["scripts"][pair.group(1)] = pair.group(2)
    with open(os.path.join(ROOT, PACKAGE, "__init__.py"), encoding="utf-8") as f:
        project["version"] = re.search(r'__version__ = "([^"]+)"', f.read()).group(1)
    return project


def _dist_info(project):
    return "%s-%s.dist-info" % (project["name"], project["version"])


def _metadata(project):
    lines = ["Metadata-Version: 2.1", "Name: " + project["name"], "Version: " + project["version"],
             "Summary: " + project.get("description", "")]
    if project.get("requires-python"):
        lines.append("Requires-Python: " + project["requires-python"])
    readme = os.path.join(ROOT, "README.md")
    if os.path.exists(readme):
        lines.append("Description-Content-Type: text/markdown")
        with open(readme, encoding="utf-8") as f:
            return "\n".join(lines) + "\n\n" + f.read()
    return "\n".join(lines) + "\n"


def _entry_points(project):
    scripts = project.get("scripts", {})
    return "[console_scripts]\n" + "".join("%s = %s\n" % item for item in sorted(scripts.items()))


def _wheel_text():
    return "Wheel-Version: 1.0\nGenerator: opentask_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def _package_files():
    base = os.path.join(ROOT, PACKAGE)
    for name in sorted(os.listdir(base)):
        if name.endswith(".py"):
            yield "%s/%s" % (PACKAGE, name), os.path.join(base, name)


def _write_wheel(wheel_directory, files):
    """files: (archive name, bytes) pairs; the dist-info's RECORD is added last."""
    project = _project()
    dist_info = _dist_info(project)
    files = list(files) + [
        (dist_info + "/METADATA", _metadata(project).encode("utf-8")),
        (dist_info + "/WHEEL", _wheel_text().encode("utf-8")),
        (dist_info + "/entry_points.txt", _entry_points(project).encode("utf-8")),
    ]
    name = "%s-%s-py3-none-any.whl" % (project["name"], project["version"])
    record = []
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for arcname, data in files:
            wheel.writestr(arcname, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
            record.append("%s,sha256=%s,%d" % (arcname, digest, len(data)))
        record.append(dist_info + "/RECORD,,")
        wheel.writestr(dist_info + "/RECORD", "\n".join(record) + "\n")
    return name


def _read(path):
    with open(path, "rb") as f:
        return f.read()


# --- PEP 517 and PEP 660 hooks ------------------------------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    project = _project()
    target = os.path.join(metadata_directory, _dist_info(project))
    os.makedirs(target, exist_ok=True)
    for name, text in (("METADATA", _metadata(project)), ("WHEEL", _wheel_text()),
                       ("entry_points.txt", _entry_points(project))):
        with open(os.path.join(target, name), "w", encoding="utf-8") as f:
            f.write(text)
    return _dist_info(project)


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, [(name, _read(path)) for name, path in _package_files()])


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # the installed package is this folder itself, through a .pth line
    return _write_wheel(wheel_directory, [("opentask_cli_editable.pth", (ROOT + "\n").encode("utf-8"))])


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    base = "%s-%s" % (project["name"], project["version"])
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as sdist:
        for relative in ["pyproject.toml", "README.md", "build_backend/opentask_build.py"] + \
                [arcname for arcname, _ in _package_files()]:
            path = os.path.join(ROOT, relative)
            if os.path.exists(path):
                sdist.add(path, arcname=base + "/" + relative)
        info = tarfile.TarInfo(base + "/PKG-INFO")
        data = _metadata(project).encode("utf-8")
        info.size = len(data)
        sdist.addfile(info, io.BytesIO(data))
    return name
