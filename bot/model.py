"""Training the Rasa model only when its inputs changed, and handing a new model to the running assistant.

The model file is named by a fingerprint of everything training reads, so an unchanged project reuses it.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from bot.config import PROJECT_ROOT, rasa_process_env, rasa_token, rasa_url

TRAINING_INPUTS = ("config.yml", "domain.yml", "data", "bot/nlu_components.py")
FINETUNE_NOTE = (
    "note: fine-tuning reuses the previous model's components; config.yml's classifiers (logistic regression, "
    "CRF) are retrained in full anyway, so it mainly saves time with DIET or TED. A change to config.yml or "
    "domain.yml needs a full training: make train"
)


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    """A hash of everything training reads and of the Rasa release that trains, so an unchanged project reuses
    its model and another Rasa (which may not load it) trains a new one."""
    digest = hashlib.sha256(f"rasa {importlib.metadata.version('rasa')}\n".encode())
    for name in TRAINING_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path(root: Path = PROJECT_ROOT) -> Path:
    return root / "models" / f"role-assistant-{fingerprint(root)}.tar.gz"


def _train(root: Path, target: Path, quiet: bool, finetune_from: Path | None) -> None:
    command = [
        sys.executable, "-m", "bot.rasa_server", "train", "--data", "data", "--config", "config.yml",
        "--domain", "domain.yml", "--out", "models", "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]
    if finetune_from is not None:
        command += ["--finetune", str(finetune_from)]
    subprocess.run(command, cwd=root, check=True, env=rasa_process_env(),
                   stdout=subprocess.DEVNULL if quiet else None, stderr=subprocess.DEVNULL if quiet else None)


def ensure_model(root: Path = PROJECT_ROOT, quiet: bool = False, finetune: bool = False) -> Path:
    """The trained model for the current inputs, training it first when there is none."""
    target = model_path(root)
    if target.exists():
        if not quiet:
            print(f"model is up to date: {target.relative_to(root)}")
        return target
    previous = sorted((root / "models").glob("role-assistant-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if finetune and previous:
        print(f"fine-tuning {previous[-1].name} into {target.name}\n{FINETUNE_NOTE}", flush=True)
        try:
            _train(root, target, quiet, previous[-1])
            return target
        except subprocess.CalledProcessError:
            print("fine-tuning was refused (the configuration changed?): training in full", flush=True)
    print(f"training {target.relative_to(root)} (data, config or domain changed; under a minute)", flush=True)
    _train(root, target, quiet, None)
    return target


def reload_running_assistant(model: Path, url: str, token: str) -> bool:
    """Hand the model to a running Rasa server (PUT /model); conversations in progress carry on."""
    try:
        with urllib.request.urlopen(f"{url}/status?token={token}", timeout=5) as response:
            status = json.loads(response.read())
    except (OSError, ValueError):
        print(f"no running assistant at {url}: `make run` will start with {model.name}")
        return False
    if Path(status.get("model_file", "")).name == model.name:
        print(f"the running assistant at {url} already uses {model.name}")
        return True
    try:
        put_model(model, url, token)
    except urllib.error.HTTPError as exc:
        print(f"error: the assistant at {url} refused the new model: HTTP {exc.code}", file=sys.stderr)
        return False
    print(f"the running assistant at {url} now uses {model.name} (no restart; conversations carry on)")
    return True


def put_model(model: Path, url: str, token: str) -> None:
    """Rasa's PUT /model: the server loads the model file and answers with it from then on."""
    request = urllib.request.Request(f"{url}/model?token={token}", method="PUT",
                                     data=json.dumps({"model_file": str(model)}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300):
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.model", description=__doc__)
    parser.add_argument("--finetune", action="store_true", help="start from the previous model (rasa --finetune)")
    parser.add_argument("--no-reload", action="store_true", help="do not hand the model to a running assistant")
    args = parser.parse_args(argv)
    try:
        model = ensure_model(finetune=args.finetune)
    except subprocess.CalledProcessError as exc:
        print(f"error: training failed (exit {exc.returncode}); run `make check-data` to find the problem",
              file=sys.stderr)
        return 1
    if args.no_reload:
        return 0
    from bot.cluster import roll_out, running_state

    cluster = running_state()
    if cluster is None:
        reload_running_assistant(model, rasa_url(), rasa_token())
        return 0
    done: list[str] = []
    try:
        roll_out(model, cluster, done)
    except (OSError, urllib.error.HTTPError) as exc:
        print(f"error: handing {model.name} to the cluster stopped after {done or 'no instance'}: {exc}",
              file=sys.stderr)
        return 1
    print(f"every instance of the running cluster now uses {model.name}, one at a time: {', '.join(done)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
