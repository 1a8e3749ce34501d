"""What kind of question was asked, from its wording alone.

A definition question ("what is X?", "who was X?", "what does X mean?") asks for what an
article states first: encyclopedia and news leads open by saying what or who their subject
is. Search gives those questions a stronger lead-sentence prior (see `Searcher._score`).

A question that asks for an amount in a unit ("How many minutes are in a week?", "how many
miles long is it") is answered only by a sentence that states that unit: "15 to 20 hours a
week" is on the topic, but it does not say how many minutes (`asked_unit`, `states_unit`; the
search shows such a sentence as related reading). Measured before it was adopted (README, "Questions in a unit"):
the 12 answerable NewsQA dev questions and the one seed question that ask in a unit all have
gold sentences that state it.
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


# Units of time, distance, mass, volume and area, each with the forms a sentence may state it in.
_UNIT_FORMS: dict[str, tuple[str, ...]] = {
    "second": ("second", "seconds", "secs"),
    "minute": ("minute", "minutes", "mins"),
    "hour": ("hour", "hours", "hrs"),
    "day": ("day", "days"),
    "week": ("week", "weeks"),
    "month": ("month", "months"),
    "year": ("year", "years"),
    "decade": ("decade", "decades"),
    "century": ("century", "centuries"),
    "mile": ("mile", "miles", "mph"),
    "kilometre": ("kilometre", "kilometres", "kilometer", "kilometers", "km", "kms"),
    "metre": ("metre", "metres", "meter", "meters"),
    "foot": ("foot", "feet", "ft"),
    "inch": ("inch", "inches"),
    "yard": ("yard", "yards"),
    "pound": ("pound", "pounds", "lb", "lbs", "£"),
    "kilogram": ("kilogram", "kilograms", "kilo", "kilos", "kg", "kgs"),
    "gram": ("gram", "grams"),
    "ounce": ("ounce", "ounces", "oz"),
    "ton": ("ton", "tons", "tonne", "tonnes"),
    "gallon": ("gallon", "gallons"),
    "litre": ("litre", "litres", "liter", "liters"),
    "barrel": ("barrel", "barrels"),
    "acre": ("acre", "acres"),
    "hectare": ("hectare", "hectares"),
}
_UNIT_OF_WORD = {form: unit for unit, forms in _UNIT_FORMS.items() for form in forms if len(form) > 2}
_ASKED_UNIT = re.compile(r"\bhow\s+(?:many|much|long)\s+([a-z]+)\b", re.IGNORECASE)


def asked_unit(question: str) -> str | None:
    """The unit a "how many minutes …" question asks its answer in ("minute"), or None."""
    match = _ASKED_UNIT.search(question)
    return _UNIT_OF_WORD.get(match.group(1).lower()) if match else None


def states_unit(text: str, unit: str) -> bool:
    """True when `text` states the unit: a form of it as a word ("90 minutes", "a 24-hour strike",
    "5km", "£5m" for pounds)."""
    lowered = text.lower()
    return any(
        re.search(rf"(?<![a-z]){re.escape(form)}(?![a-z])", lowered) if form.isalpha() else form in lowered
        for form in _UNIT_FORMS[unit]
    )
