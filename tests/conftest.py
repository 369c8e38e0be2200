"""Shared fixtures: one trained pipeline per test session, in a cache of the session's own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "examples" / "seed-article.txt"
SAMPLES = ROOT / "corpora" / "samples"


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory):
    """Models are trained from corpora/ into a cache no other run shares."""
    path = tmp_path_factory.mktemp("framing-cache")
    old = os.environ.get("FRAMING_CACHE")
    os.environ["FRAMING_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("FRAMING_CACHE", None)
    else:
        os.environ["FRAMING_CACHE"] = old


@pytest.fixture(scope="session")
def pipeline(isolated_cache):
    from framing.pipeline import Pipeline

    return Pipeline().warm_up()


@pytest.fixture(scope="session")
def seed_text():
    if not SEED.exists():
        pytest.skip("../shared/examples/seed-article.txt is not beside this checkout")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_document(pipeline, seed_text):
    return pipeline.analyze_text(seed_text, doc_id="seed")
