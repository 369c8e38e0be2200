"""Attribution: who is credited with which words.

Cue first (a reporting verb, "according to", a line ending in "said:"), then the source mention
near it, then the content it credits, then the mention resolved to a registry source.
"""

from __future__ import annotations

from framing.attribute.extract import attribute

__all__ = ["attribute"]
