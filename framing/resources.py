"""Where the project's data (corpora/) lives, in a checkout and in an installed package."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from framing.errors import DataFileError


@lru_cache(maxsize=1)
def corpora_root() -> Path:
    """The corpora directory: $FRAMING_CORPORA, the checkout's corpora/, or the installed copy."""
    override = os.environ.get("FRAMING_CORPORA")
    candidates = [Path(override)] if override else []
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "corpora", here / "corpora"]
    for candidate in candidates:
        if (candidate / "lexicons").is_dir():
            return candidate
    raise DataFileError(
        "framing's corpora/ directory was not found; reinstall the package or set FRAMING_CORPORA"
    )


def corpus_path(*parts: str) -> Path:
    path = corpora_root().joinpath(*parts)
    if not path.exists():
        raise DataFileError(f"missing data file: {path}")
    return path


def read_yaml_mapping(path: Path, *, expected: str) -> dict:
    """A YAML file whose top level is a mapping, or a DataFileError saying what is wrong."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read ({exc})") from None
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected {expected}")
    return data
