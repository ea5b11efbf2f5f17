"""Shared helpers for the Media scripts: a throwaway venv with Pillow, and running one Swift test."""
import os
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def venv_python(venv_dir):
    """Return a Python that can import PIL, creating `venv_dir` and installing Pillow from PyPI if needed."""
    py = os.path.join(venv_dir, "bin", "python")
    if os.path.exists(py) and subprocess.call([py, "-c", "import PIL"], stderr=subprocess.DEVNULL) == 0:
        return py
    print(f"media: creating venv {venv_dir} and installing pillow", flush=True)
    if subprocess.call([sys.executable, "-m", "venv", venv_dir]) != 0:
        sys.exit("media: could not create a venv (install python3-venv)")
    if subprocess.call([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "pillow"]) != 0:
        sys.exit("media: pip install pillow failed")
    return py


def run_swift_test(test, env_var, out_dir, scratch=None, configuration="debug"):
    """Run one MediaTests test with `env_var` pointing at `out_dir`; exit 1 with the log tail on failure."""
    cmd = ["swift", "test", "--filter", f"MediaTests.{test}"]
    if configuration != "debug":
        cmd += ["-c", configuration]
    scratch = scratch or os.environ.get("SWIFT_SCRATCH")
    if scratch:
        cmd += ["--scratch-path", scratch]
    env = dict(os.environ, **{env_var: out_dir})
    print("media: " + " ".join(cmd), flush=True)
    with tempfile.TemporaryFile(mode="w+") as log:
        rc = subprocess.call(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        if rc != 0:
            log.seek(0)
            print("".join(log.readlines()[-60:]))
            print(f"media: swift test failed with exit code {rc}")
            sys.exit(1)
