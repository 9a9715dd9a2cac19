"""Where the embedded services keep their data: .data/ in the project, or CONTACTPOINT_DATA_DIR."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


def data_dir() -> Path:
    path = Path(os.environ.get("CONTACTPOINT_DATA_DIR", PROJECT_DIR / ".data")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = data_dir() / "log"
    path.mkdir(exist_ok=True)
    return path
