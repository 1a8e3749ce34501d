"""Who a sentence says made its claim: "according to X", "X reported", "critics argue"...

Rules, not a model: each pattern below is a reporting construction of news prose. Anaphora
("according to the report", "as reported") inherits the most recent *named* reporter of the
same article. A sentence with no such construction gets None: no guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CAP = r"[A-Z][\w'’.&-]*"
_LINK = r"(?:of|the|for|and|de|del|al|el|van|von)"
_NAME = rf"{_CAP}(?:\s+(?:{_LINK}\s+)*{_CAP})*"
_VERBS = (
    r"reported|reports|said|says|stated|states|told|tells|announced|announces|claimed|claims|"
    r"detailed|details|noted|notes|emphasi[sz]ed|emphasi[sz]es|wrote|writes|revealed|reveals|"
    r"confirmed|confirms|argued|argues|added|adds|explained|explains|warned|warns|disclosed|"
    r"discloses|alleged|alleges|asserted|asserts|observed|acknowledged|insisted|insists|"
    r"described|describes|highlighted|highlights|quoted|cited|cites|published"
)
_REPORT_NOUNS = r"report|reports|article|story|investigation|analysis|statement|broadcast|account|coverage"
_AUX = r"(?:(?:had|has|have|also|later|previously|earlier|first|publicly|separately|further)\s+)*"
_ANAPHOR_NOUNS = (
    r"report|article|story|outlet|broadcaster|channel|newspaper|paper|publication|network|"
    r"agency|statement|broadcast|coverage|reports|sources?"
)

_ACCORDING_TO = re.compile(r"\b(?:[Aa]ccording to|[Aa]s reported by|[Rr]eported by)\s+(?P<src>[^,;:.!?()\"“”]+)")
_NAMED_VERB = re.compile(rf"(?P<src>{_NAME})(?:['’]s)?(?:\s+(?:{_REPORT_NOUNS}))?\s+{_AUX}(?:{_VERBS})\b")
_ANAPHOR = re.compile(
    rf"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Ii]ts|[Tt]heir)\s+(?:{_ANAPHOR_NOUNS})\s+{_AUX}(?:{_VERBS})\b"
    rf"|\b[Aa]s\s+(?:was\s+|had\s+been\s+|previously\s+|earlier\s+)?reported\b(?!\s+by)"
)
_ANAPHORIC_SOURCE = re.compile(rf"^(?:the|this|that|these|those|its|their)\s+(?:{_ANAPHOR_NOUNS})$", re.I)
_GROUP = re.compile(
    r"\b(?P<src>(?:some\s+|many\s+|several\s+|other\s+)?(?:critics|officials|analysts|experts|"
    r"observers|witnesses|residents|activists|sources|journalists|diplomats|lawmakers|"
    r"scientists|researchers|commentators|opponents|supporters))"
    r"(?:\s+[a-z]+){0,3}?\s+(?:argue|argued|arguing|say|said|saying|claim|claimed|claiming|"
    r"warn|warned|warning|note|noted|noting|contend|contended|contending|suggest|suggested|"
    r"suggesting|believe|believed|insist|insisted|insisting|allege|alleged|alleging)\b"
)
# Words that open a sentence and are capitalized only for that reason.
_OPENERS = {
    "on",
    "in",
    "at",
    "yesterday",
    "today",
    "earlier",
    "later",
    "meanwhile",
    "however",
    "also",
    "then",
    "now",
    "previously",
    "last",
    "and",
    "but",
    "separately",
    "still",
    "moreover",
}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "the"}
_MAX_SOURCE_WORDS = 8


def attribute_sentences(sentences: Iterable[str]) -> list[str | None]:
    """Attribute each sentence of one article, in order (anaphora needs the earlier ones)."""
    last_named: str | None = None
    result: list[str | None] = []
    for sentence in sentences:
        source, named = _attribute(sentence)
        if source == _INHERIT:
            source = last_named
        elif named:
            last_named = source
        result.append(source)
    return result


_INHERIT = "\x00inherit"


def _attribute(sentence: str) -> tuple[str | None, bool]:
    """(source, is_named) for one sentence; `_INHERIT` when it points back to an earlier one."""
    match = _ACCORDING_TO.search(sentence)
    if match:
        source = _clean_source(match.group("src"))
        if source is None or _ANAPHORIC_SOURCE.match(source):
            return _INHERIT, False
        return source, _is_named(source)
    for match in _NAMED_VERB.finditer(sentence):
        source = _strip_openers(match.group("src"))
        if source and source.lower() not in _PRONOUNS:
            return source, _is_named(source)
    if _ANAPHOR.search(sentence):
        return _INHERIT, False
    match = _GROUP.search(sentence)
    if match:
        return match.group("src"), False
    return None, False


def _is_named(source: str) -> bool:
    """A proper name ("the Pentagon", "Reuters"), not a group ("Officials", "journalists")."""
    if _GROUP.match(source.lower() + " said"):
        return False
    return any(word[:1].isupper() for word in source.split())


def _clean_source(raw: str) -> str | None:
    """Trim "according to X ..." down to X: a leading name, or a short phrase."""
    raw = " ".join(raw.split())
    if not raw:
        return None
    named = re.match(rf"(?:[Tt]he\s+)?{_NAME}", raw)
    if named and raw[0].isupper():
        return named.group(0)
    if named and raw.lower().startswith("the ") and raw[4:5].isupper():
        return named.group(0)
    words = raw.split()
    return " ".join(words[:_MAX_SOURCE_WORDS])


def _strip_openers(name: str) -> str:
    words = name.split()
    while words and words[0].lower().strip(",") in _OPENERS:
        words.pop(0)
    return " ".join(words)
