"""framing: who is quoted saying what in a news text, and how it is framed.

>>> import framing
>>> doc = framing.analyze("Talks resume\\n\\nThe envoy met officials on Tuesday.")
>>> [s.kind for s in doc.sections]
['headline', 'body']
"""

from __future__ import annotations

from framing.pipeline import Pipeline, analyze, analyze_text

__version__ = "0.1.0"
__all__ = ["Pipeline", "analyze", "analyze_text", "__version__"]
