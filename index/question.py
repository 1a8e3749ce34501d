"""What kind of question was asked, from its wording alone.

A definition question ("what is X?", "who was X?", "what does X mean?") asks for what an
article states first: encyclopedia and news leads open by saying what or who their subject
is. Search gives those questions a stronger lead-sentence prior (see `Searcher._score`).
"""

from __future__ import annotations

import re

_DEFINITION = re.compile(
    r"""^\s*(?:
        (?:what|who)(?:'s|\s+(?:is|are|was|were))\s+(?:(?:a|an|the)\s+)?\S+(?:\s+\S+){0,3}\s*\??
      | what\s+(?:does|do|did)\s+.+?\s+(?:mean|stand\s+for)\b.*
      | (?:define|definition\s+of|meaning\s+of)\s+.+
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_definition_question(question: str) -> bool:
    """True for short "what/who is X" questions and "what does X mean"/"define X"."""
    return bool(_DEFINITION.match(question))
