"""Training the Rasa model only when its inputs changed: the model file is named by their fingerprint."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT, rasa_process_env

MODELS_DIR = PROJECT_ROOT / "models"
TRAINING_INPUTS = ("config.yml", "domain.yml", "data")


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    """A hash of everything training reads, so an unchanged project reuses its model."""
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path(root: Path = PROJECT_ROOT) -> Path:
    return root / "models" / f"role-assistant-{fingerprint(root)}.tar.gz"


def ensure_model(root: Path = PROJECT_ROOT, quiet: bool = False) -> Path:
    """The trained model for the current inputs, training it first when there is none."""
    target = model_path(root)
    if target.exists():
        if not quiet:
            print(f"model is up to date: {target.relative_to(root)}")
        return target
    print(f"training {target.relative_to(root)} (data, config or domain changed; 1-3 minutes)", flush=True)
    command = [
        sys.executable, "-m", "bot.rasa_server", "train", "--data", "data", "--config", "config.yml",
        "--domain", "domain.yml", "--out", "models", "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]
    subprocess.run(command, cwd=root, check=True, env=rasa_process_env(),
                   stdout=subprocess.DEVNULL if quiet else None)
    return target


if __name__ == "__main__":
    ensure_model()
