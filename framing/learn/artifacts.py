"""Model files: trained from corpora/ on first use and cached per user, written with a card
(data hash, versions, metrics, date, sha256), and loaded only after the checksum matches."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from framing.errors import ModelError

MODEL_FILE = "model.joblib"
CARD_FILE = "card.json"


def cache_root() -> Path:
    base = os.environ.get("FRAMING_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "framing"
    )
    return Path(base)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    import joblib
    import numpy
    import scipy
    import sklearn

    from framing import __version__

    return {
        "framing": __version__,
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
        "python": platform.python_version(),
    }


def cache_key(kind: str, data_hash: str, params: dict[str, Any]) -> str:
    payload = json.dumps({"kind": kind, "data": data_hash, "versions": library_versions(), "params": params}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def save_model(model: Any, directory: Path, card: dict[str, Any]) -> Path:
    """Write model and card atomically into ``directory``."""
    import joblib

    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=directory.parent))
    try:
        joblib.dump(model, tmp / MODEL_FILE, compress=3)
        full_card = {
            **card,
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "versions": library_versions(),
            "sha256": sha256_file(tmp / MODEL_FILE),
            "size_bytes": (tmp / MODEL_FILE).stat().st_size,
        }
        (tmp / CARD_FILE).write_text(json.dumps(full_card, indent=2, sort_keys=True), encoding="utf-8")
        if directory.exists():
            shutil.rmtree(directory)
        try:
            tmp.rename(directory)
        except OSError:
            if not (directory / CARD_FILE).exists():  # another process won the race with a complete copy
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return directory


def read_card(directory: Path) -> dict[str, Any]:
    path = Path(directory) / CARD_FILE
    if not path.exists():
        raise ModelError(f"{directory}: no model card ({CARD_FILE}); is this a framing model directory?")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: unreadable model card ({exc})") from None


def load_model(directory: Path) -> tuple[Any, dict[str, Any]]:
    """Load a model after checking its sha256 against its card; refuse it otherwise."""
    import joblib

    directory = Path(directory)
    card = read_card(directory)
    path = directory / MODEL_FILE
    if not path.exists():
        raise ModelError(f"{path}: model file missing")
    actual = sha256_file(path)
    if actual != card.get("sha256"):
        raise ModelError(
            f"{path}: checksum mismatch (card says {str(card.get('sha256'))[:12]}…, file is {actual[:12]}…); "
            "the file is corrupt or was changed. Delete the directory to retrain, or run `framing train`."
        )
    try:
        model = joblib.load(path)
    except Exception as exc:
        raise ModelError(f"{path}: cannot be loaded ({type(exc).__name__}: {exc})") from None
    return model, card


def load_or_train(kind: str, data_hash: str, params: dict[str, Any], train: Callable[[], tuple[Any, dict[str, Any]]]) -> tuple[Any, dict[str, Any]]:
    """The cached model for this corpus and these library versions, training it if absent."""
    directory = cache_root() / kind / cache_key(kind, data_hash, params)
    if (directory / CARD_FILE).exists():
        return load_model(directory)
    model, card = train()
    save_model(model, directory, card)
    return load_model(directory)


# ------------------------------------------------------------------ the project's models

LOADED_PARAMS: dict[str, Any] = {}
PERSPECTIVE_PARAMS: dict[str, Any] = {}


def train_loaded(extra_labels: list[Path] = (), progress: Callable[[str], None] | None = None, sentences=None):
    from framing.learn.corpus import files_hash, load_loaded_corpus, loaded_corpus_files
    from framing.learn.loaded_model import LoadedLanguageModel

    files = loaded_corpus_files()
    if sentences is None:
        sentences = load_loaded_corpus(files)
        for path in extra_labels:
            sentences += load_loaded_corpus([Path(path)], origin="review")
    model = LoadedLanguageModel(**LOADED_PARAMS).fit(sentences, progress=progress)
    card = {
        "kind": "loaded_language",
        "training_data": {
            "files": [f.name for f in files] + [str(p) for p in extra_labels],
            "sha256": files_hash(list(files) + [Path(p) for p in extra_labels]),
            "sentences": len(sentences),
            "loaded_sentences": sum(s.loaded for s in sentences),
        },
        "params": model.get_params(),
    }
    return model, card


def load_or_train_loaded_model(model_dir: Path | None = None):
    if model_dir is None:
        from framing.learn.train import current_model_dir

        model_dir = current_model_dir()
    if model_dir is not None:
        return load_model(Path(model_dir))[0]
    from framing.learn.corpus import files_hash, loaded_corpus_files

    files = loaded_corpus_files()
    if not files:
        raise ModelError("no training data in corpora/loaded/; cannot build the loaded-language model")
    return load_or_train("loaded", files_hash(files + _lexicon_files()), LOADED_PARAMS, train_loaded)[0]


def _lexicon_files() -> list[Path]:
    from framing.resources import corpora_root

    root = corpora_root()
    return sorted((root / "lexicons").glob("*.txt")) + sorted((root / "framing" / "lexicons").glob("*.yaml"))


def load_or_train_perspective_model(model_dir: Path | None = None):
    from framing.learn.perspective import perspective_files, train_perspective

    if model_dir is None:
        from framing.learn.train import current_model_dir

        model_dir = current_model_dir()
    if model_dir is not None and (Path(model_dir) / "perspective" / CARD_FILE).exists():
        return load_model(Path(model_dir) / "perspective")[0]
    from framing.learn.corpus import files_hash

    files = perspective_files() + _lexicon_files()
    return load_or_train("perspective", files_hash(files), PERSPECTIVE_PARAMS, train_perspective)[0]
