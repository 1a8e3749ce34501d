"""Sentence segmentation: verbatim spans, and linear time on text pysbd finds hard."""

from __future__ import annotations

from index.ingest.segment import LONGEST, WINDOW, split_sentences

SENTENCES = [
    "The council met on Tuesday.",
    "Mr. Hale said the bridge would reopen in May, according to the minutes.",
    "Nobody asked about the budget.",
    '"We are not finished," she said.',
    "The vote was close: 5 to 4.",
]


def texts(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_a_paragraph_longer_than_a_window_splits_as_short_ones_do() -> None:
    paragraph = " ".join(SENTENCES * 40)  # one paragraph of 200 sentences, several windows long
    assert len(paragraph) > 3 * WINDOW
    assert texts(paragraph) == SENTENCES * 40
    assert texts(" ".join(SENTENCES)) == SENTENCES


def test_a_megabyte_without_punctuation_is_cut_at_word_boundaries_verbatim() -> None:
    words = ("river council budget minister report water north " * 25_000)[:1_000_000]
    pieces = split_sentences(words)
    assert all(0 < end - start <= LONGEST for start, end in pieces)
    assert all(words[start].isalpha() and words[end - 1].isalpha() for start, end in pieces)  # whole words
    assert " ".join(words[start:end] for start, end in pieces) == words.strip()  # nothing lost or changed


def test_a_quotation_of_several_sentences_is_cut_between_them() -> None:
    # pysbd never splits inside quotation marks: this whole passage would be one "sentence".
    quotation = 'She read it out: "' + "The plan is ready and the money is there. " * 30 + 'We start now."'
    pieces = texts(quotation)
    assert len(quotation) > LONGEST and len(pieces) == 31
    assert pieces[0] == 'She read it out: "The plan is ready and the money is there.'
    assert pieces[1:-1] == ["The plan is ready and the money is there."] * 29
    assert pieces[-1] == 'We start now."'
    assert " ".join(pieces) == quotation


def test_inside_a_quotation_pysbd_rules_still_decide_and_the_marks_stay_with_their_sentences() -> None:
    text = (
        '"Our assets were illegally seized. We want them back," he said. '
        'Mr. Smith said: "The U.S. team won. Dr. Jones agreed." '
        'She turned to him, "This is great." she said. '
        "\u201cThe water rose fast. We had minutes,\u201d Roth said."
    )
    assert texts(text) == [
        '"Our assets were illegally seized.',
        'We want them back," he said.',
        'Mr. Smith said: "The U.S. team won.',
        'Dr. Jones agreed."',
        'She turned to him, "This is great." she said.',
        "\u201cThe water rose fast.",
        "We had minutes,\u201d Roth said.",
    ]


def test_a_closing_quotation_mark_stays_with_the_sentence_it_closes() -> None:
    """News style reopens a quotation without closing it ("… more. "If …"), and pysbd then cut
    before the closing mark: the next sentence started with `" Analysts…` (557 times in bbc-news)."""
    text = (
        '"Sales rose in the spring," she said. "Costs fell, but we will need to see more. '
        '"If prices keep rising, the market will react as it did last year." Analysts point out that the '
        "figures are early. She wrote \u201cIt is over.\u201d Then she left. It was the players\u2019 night. "
        "\u2019Tis true.\n\n"
        "\" 'The next time,' he began.\" A paragraph may open with a quotation mark."
    )
    found = texts(text)
    assert found[3:] == [
        "Analysts point out that the figures are early.",
        "She wrote \u201cIt is over.\u201d",
        "Then she left.",
        "It was the players\u2019 night.",
        "\u2019Tis true.",  # an elision, not a closing mark
        "\" 'The next time,' he began.\"",  # a new paragraph: its quotation mark opens
        "A paragraph may open with a quotation mark.",
    ]
    assert found[2].endswith('as it did last year."')  # the closing mark with its sentence
    assert all(sentence in text for sentence in found)  # verbatim: only the boundaries moved


def test_a_quotation_reopened_without_closing_is_split_from_the_sentence_before() -> None:
    """pysbd kept `… see more. "If prices …` together; a sentence end before an opening mark splits."""
    text = (
        '"Sales rose in the spring," she said. "Costs fell, but we will need to see more. '
        '"If prices keep rising, the market will react." "We found clues," he said.\n\n'
        'He said "Stop." and left.'
    )
    assert texts(text) == [
        '"Sales rose in the spring," she said.',
        '"Costs fell, but we will need to see more.',
        '"If prices keep rising, the market will react."',
        '"We found clues," he said.',
        'He said "Stop." and left.',  # no opening mark and capital after the stop: one sentence
    ]


def test_a_closing_mark_that_ends_a_paragraph_stays_with_its_sentence() -> None:
    """A paragraph whose marks do not pair up, ending in a closing mark: pysbd left that mark out
    of every sentence (354 sentences of bbc-news lost theirs)."""
    text = (
        '"What we see is resistance. You see unions resisting. But also the employers. '
        '"Even though they say they want change, many are pushing for less competition."\n\n'
        "The next paragraph starts here."
    )
    assert texts(text) == [
        '"What we see is resistance.',
        "You see unions resisting.",
        "But also the employers.",
        '"Even though they say they want change, many are pushing for less competition."',
        "The next paragraph starts here.",
    ]


def test_empty_and_wordless_paragraphs_give_no_sentences() -> None:
    assert texts("The ferry left.\n\n") == ["The ferry left."]
    assert texts('The ferry left.\n\n--\n\n"\n\nIt came back.') == ["The ferry left.", "It came back."]
    assert texts("") == []


def test_double_dashes_do_not_hold_sentences_together() -> None:
    """pysbd read the text between two double dashes as one unit and left three sentences as one."""
    text = "The ferry sailed -- late at nine. The crew was tired. The captain -- who had slept little -- said so."
    assert texts(text) == [
        "The ferry sailed -- late at nine.",
        "The crew was tired.",
        "The captain -- who had slept little -- said so.",
    ]


def test_a_sentence_that_ends_in_a_closing_mark_is_cut_from_the_next() -> None:
    text = 'The bar was hosting a "Summer Night."   Police said they found nothing.'
    assert texts(text) == ['The bar was hosting a "Summer Night."', "Police said they found nothing."]
