"""In-text attribution: who the sentence says made the claim."""

from __future__ import annotations

import pytest

from index import load_corpus, segment_article
from index.attribution import attribute_sentences
from tests.support.paths import SEED_CORPUS


@pytest.fixture(scope="module")
def seed_sentences():
    [article] = load_corpus(SEED_CORPUS).articles
    return segment_article(article)


def test_seed_article_attribution(seed_sentences) -> None:
    sources = [s.attributed_to for s in seed_sentences]
    assert sources[0] == "Al Hadath TV"  # "Al Hadath TV reported"
    assert sources[1] == "Al Hadath TV"  # "according to the report" inherits
    assert sources[3] == "The New York Times"  # "The New York Times had detailed"
    assert sources[8] == "The New York Times"  # "The New York Times report emphasized"
    assert sources[6] == "The New York Times"  # "as reported": the latest named reporter
    assert sources[12] == "critics"  # "with critics arguing"
    assert sources[4] == "journalists embedded with the coalition"  # the whole description
    assert sources[2] is None  # no reporting construction: no guess
    assert sources[10] is None  # "Trump had publicly vowed" is the news, not a source


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The plan failed, according to officials.", "officials"),
        ("According to the Pentagon, five soldiers were hurt.", "the Pentagon"),
        ("As reported by BBC News, the bridge reopened.", "BBC News"),
        ("Yesterday Reuters reported that talks resumed.", "Reuters"),
        ("He said the talks would resume.", None),
        ("The talks resumed on Monday.", None),
    ],
)
def test_reporting_patterns(sentence: str, expected: str | None) -> None:
    assert attribute_sentences([sentence]) == [expected]


def test_anaphora_without_a_named_reporter_stays_unattributed() -> None:
    assert attribute_sentences(["According to the report, prices rose."]) == [None]


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # a speaker after the verb, with a title or an appositive
        (['"The bridge will reopen in May," said harbour master Ida Brandt.'], "Ida Brandt"),
        (['"We expected worse," said Tomas Weir, head of the Marlow ferry line.'], "Tomas Weir"),
        (["The tolls will rise again next year, said a council spokeswoman."], "a council spokeswoman"),
        (["Tolls rose sharply, said to be the steepest rise in years."], None),  # no speaker after the verb
        # a named speaker before the verb, with an appositive, or after a quotation
        (["Ida Brandt, who runs the harbour, said the tolls were fair."], "Ida Brandt"),
        (['"Prices are rising," Tomas Weir, the line\'s owner, told the Marlow Gazette.'], "Tomas Weir"),
        (["Ferry operators in Marlow said the season started late."], "Ferry operators in Marlow"),
        # a described speaker
        (["The council said the barrier was finished on time."], "The council"),
        # a name inside the quotation is not the speaker; the one after it is
        (['"Mr Weir told me the ferry was safe," the inspector said.'], "the inspector"),
        # a subordinate clause is not the sentence's claim
        (["The barrier opened the week that the council announced its budget."], None),
    ],
)
def test_news_reporting_constructions(sentences: list[str], expected: str | None) -> None:
    assert attribute_sentences(sentences)[-1] == expected


def test_pronouns_take_the_last_named_person_or_organisation() -> None:
    article = [
        "Harbour master Ida Brandt said the barrier held.",
        '"It was the worst storm in ten years," she said.',
        "The Marlow Ferry Company said it would add two boats.",
        "Extra crews will be hired in March, it said.",
        "Mr Weir agreed, but added that wages were too low.",
        '"We cannot keep skippers at these rates," he said.',
        '"They leave for the oil rigs."',  # a quotation that goes on: still Mr Weir
        "The crossing takes forty minutes.",  # no speaker, and no guess
    ]
    assert attribute_sentences(article) == [
        "Ida Brandt",
        "Ida Brandt",
        "The Marlow Ferry Company",
        "The Marlow Ferry Company",
        None,
        "Mr Weir",
        "Mr Weir",
        None,
    ]


def test_a_pronoun_with_no_named_person_before_it_stays_unattributed() -> None:
    assert attribute_sentences(["The ferry was late.", '"It happens," she said.']) == [None, None]


def test_every_sentence_of_a_quotation_takes_the_speaker_it_names() -> None:
    """The segmenter cuts a quotation between its sentences; the speaker named in one of them
    (at its close or before it opens) is the speaker of all of them."""
    article = [
        "Coach Ann Rees spoke after training.",
        '"The pitch is not in good condition.',
        "The cup game was played there at the weekend.",
        'It is the same for both teams," said Rees.',
        'Ms Rees said: "There are mixed emotions.',
        "We have work to do.",
        '"But the squad is ready."',  # the quotation goes on in a new paragraph
    ]
    assert attribute_sentences(article) == [None, "Rees", "Rees", "Rees", "Ms Rees", "Ms Rees", "Ms Rees"]


def test_a_quotation_that_never_closes_shares_no_speaker() -> None:
    """A stray mark is not a quotation: the sentences after it keep their own (lack of) speaker."""
    article = [
        'Ida Brandt said the storm was "the worst in years.',
        "The ferry ran late on Monday.",
        "Officials said the barrier held.",
    ]
    assert attribute_sentences(article) == ["Ida Brandt", None, "Officials"]


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # the sentence's claim is the pronoun's, not that of the name in what it said
        (["Sara Holm spoke to reporters.", "She said Tomas Weir suggested meeting at the harbour."], "Sara Holm"),
        # a name inside a subordinate or relative clause is not the speaker
        (["The crowd cheered after referee Ida Brandt had told the captain to wait."], None),
        (["The only survivor of the storm that hit Marlow Harbour has told an inquiry he saw nothing."], None),
        # saying a prayer reports no claim
        (["The chaplain, Father Tomas Weir, said a prayer."], None),
        # two speakers are both the speaker, or none is
        (
            ['"We are sorry," ferry chief Ida Brandt and finance director Tomas Weir said.'],
            "ferry chief Ida Brandt and finance director Tomas Weir",
        ),
        # a dateline is no speaker; a caption run into the lead is cut at the title
        (
            ["MARLOW, Kent (CNN) -- The harbour's oldest skipper has told a court he saw nothing."],
            "The harbour's oldest skipper",
        ),
        (["(CNN) -- Dr. Ida Brandt Mayor Tomas Weir announced that Brandt will lead the inquiry."], "Tomas Weir"),
        # a report named by its title, a body known by its initials, a document that says things
        (["Tolls are too high, according to the Brandt report."], "the Brandt report"),
        (["Tolls rose 4%, the Marlow Harbour Board (MHB) has reported."], "Marlow Harbour Board"),
        (["The barrier was never tested, the lawsuit says."], "the lawsuit"),
        (["Some users said the ferry app was slow."], "Some users"),
        # "he has said very little" is no claim, nor is telling someone about something
        (["Tomas Weir agreed to speak.", "He has said very little about the storm."], None),
        (["Ida Brandt said the ferry left.", "Tomas Weir fled.", "He told friends about the storm."], None),
        # the speaker, not the outlet that reports them; the person, not their organisation
        (["Tolls must fall, Ida Brandt said, according to the news agency."], "Ida Brandt"),
        (['"It is fair," said Ida Brandt of the Marlow Harbour Trust.'], "Ida Brandt"),
        (['"It is fair," Boss Tomas Weir said.'], "Tomas Weir"),
        # the speaker's words end at a dash
        (["Tolls will fall, says the council - and fares could follow."], "the council"),
        # described speakers and groups, and what is none
        (["One student said she feared the storm."], "One student"),
        (["The station also confirmed the concert would go ahead."], "The station"),
        (['Parents told me, "We want the ferry back."'], "Parents"),
        (["Ferry users are being told to book early."], None),
        (["And parents said the crossing was safe."], "parents"),
        (["The Australian said the ferry was late."], None),
        (["The Lord Mayor, Ida Brandt, agreed the tolls were too high."], "Ida Brandt"),
        (["The Lord Mayor, Ida Brandt, agreed to lower the tolls."], None),
        # a role before the name, a day between the name and the verb, a title after the name
        (['"We will win," said Marlow boss Tomas Weir.'], "Tomas Weir"),
        (["Mayor Ida Brandt on Monday said the tolls would fall."], "Ida Brandt"),
        (["Tolls will fall, said Ida Brandt a harbour manager for the trust."], "Ida Brandt"),
        (["Bishop Tomas Weir of the diocese of Marlow said he would resign."], "Bishop Tomas Weir"),
        (
            ["Dr. Ida Brandt, the head of surgery at the Marlow, Kent, hospital, said the ward would open."],
            "Dr. Ida Brandt",
        ),
        # bodies and possessive descriptions
        (["Exports rose 2%, the statistical office said."], "the statistical office"),
        (["The ferry was found, the army said."], "the army"),
        (["Weir's publicist confirmed the wedding."], "Weir's publicist"),
        # names that start with a number, a role in a hyphenated word or an organisation's title
        (["US rap star 50 Cent has said he will tour Marlow."], "50 Cent"),
        (["Marlow Ferries CEO Ida Brandt says fares will fall."], "Ida Brandt"),
        (['"I was hooked," said iReporter Tomas Weir of New Haven, who plays every day.'], "Tomas Weir"),
        (['As Weir himself said, "You do not sail twice."'], "Weir"),
        # a place between "according to" and the name: no guess
        (["The ferry was sold, according to Marlow County, Kent, Harbour Master Ida Brandt."], None),
        (["The ferry was late, the ship's officers said."], "the ship's officers"),
        (["The fares must be cut, watchdogs have said."], "watchdogs"),
        (["Talks began on Monday, a Western diplomat told the paper."], "a Western diplomat"),
        # "according to" that names no source, and one that names it after "by"
        (["Fares are not listed according to whether the trip was booked early."], None),
        (
            ["Ferries carried 2m people, according to figures released by the Harbour Board on Monday."],
            "the Harbour Board",
        ),
        # telling a story is no claim; a chief executive is a title; a weak verb yields to the reporting clause
        (["Sweet Marlow tells the story of a ferry that never sank."], None),
        (["Chief Executive Ida Brandt told the paper that fares would fall."], "Ida Brandt"),
        (
            ["The harbour board believes the ferry was sabotaged, a harbour official told the paper."],
            "a harbour official",
        ),
        (['"We will fix it," the Marlow team said.'], "the Marlow team"),
        # adding things is not adding words
        (["Fly-half Tomas Weir added four conversions as Marlow won."], None),
        (["Ida Brandt added the county title to her national crown."], None),
        (["Ida Brandt added that the county title meant more."], "Ida Brandt"),
        # "it" is one body, not two
        (["Research by Marlow Data and Kent Polls found most ferries late.", "It said fares would rise."], None),
        (["The Marlow council has already said the bridge will reopen in May."], "The Marlow council"),
        (["After the 2-0 defeat, the Harriers skipper admitted the side had played poorly."], "the Harriers skipper"),
        (["The insurer argued that shares would recover in the long term."], "The insurer"),
        (["Man-of-the-match Quist explained what went wrong in the second half."], "Quist"),
        (
            ["The head of Marlow TV network Harbour One has admitted its shows were too cheap."],
            "The head of Marlow TV network Harbour One",
        ),
        # who said it, not what was said ("Brand was one of her heroes")
        (["Singer Ada Quist, who sang on the 1960s hits, said Brand was one of her heroes."], "Singer Ada Quist"),
        # a speaker named without a "said X" clause
        (['Said Mr Ortiz: "It is very much a ferry."'], "Mr Ortiz"),
        (
            [
                '"The ferry is ready," said Tomas Weir.',
                "One dissenting opinion came from Ida Brandt, head of research at Marlow Data.",
                "Although the ferry was cheap, it was slow.",
                "Also, she said, it sailed at the wrong times.",
            ],
            "Ida Brandt",
        ),
        (["Initially, Marlow Ferries said it would run 100 sailings a day."], "Marlow Ferries"),
        (["Having said that, I am always pleased when cheats are caught."], None),
        (['Ada Quist, who left in the fourth round, afterwards said: "I am so happy."'], "Ada Quist"),
        (["The Marlow-based brewery said it would own 97% of the shares."], "The Marlow-based brewery"),
        # "it": the organisation the sentences before made their subject
        (
            ["In January, Marlow Motors issued its third profits warning.", "Last month it said it needed money."],
            "Marlow Motors",
        ),
        # "he": a person the sentence before made its subject, whose name ends in s
        (["Ben Willis demanded assurances about the harbour.", "He added that the ferry was safe."], "Ben Willis"),
        # a name inside a quotation is nobody's subject
        (
            [
                "Tomas Weir spoke to the crew.",
                '"Ida Brandt is not a team player - we stand for something."',
                "So what is the plan for the election?",
                '"We will not form the next government," he said.',
            ],
            "Tomas Weir",
        ),
        (["The new ferry will be ten times faster, its designers have said."], "its designers"),
        (["The firm reported orders of 4.9bn for the spring."], "The firm"),
        (["Harbour judge Ida Brandt, who issued an injunction in May, has said she will rule soon."], "Ida Brandt"),
        (
            ["The remaining members of the crew, who are known for their calm, said they hoped he was safe."],
            "The remaining members of the crew",
        ),
        (["Marlow, which lies on the coast, said goodbye to its ferry."], None),
        # round 12's wrong speakers: a place, a subordinator, a listener, two claims, a cut name
        (["Shops all over the UK reported strong sales on Saturday."], "Shops all over the UK"),
        (
            ["If admitted to the league, Marlow would earn 6m, according to a study by the Harbour Board."],
            "the Harbour Board",
        ),
        (["The row grew after Ida Brandt, now a councillor, warned the Gazette to stop its attacks."], None),
        (["The Tories say the plan costs too much and Labour says the sums do not add up."], "Labour"),
        (["Big Harbour's spokeswoman said only a handful of staff knew."], "Big Harbour's spokeswoman"),
        # "the report" is no person: not the doctor who spoke last
        (
            [
                '"We must act now," said Ben Ortiz, head of the Marlow clinic.',
                '"Treatment is a critical part of this," he said.',
                "Only 7% of firms have a policy, according to the report.",
            ],
            "the report",
        ),
        # held-out 14's constructions: what someone said inside a claim is no reporting clause
        (['"We will win," said Tomas Weir.', "The board was accused of ignoring everything he said."], None),
        (
            [
                '"We will win," said Tomas Weir.',
                "The chairman again refused to deny the claim that he told the manager to resign.",
            ],
            None,
        ),
        (["Meantime, 32% said the mayor was doing a good job and 38% disagreed."], None),  # an opener, no name
        (["Judge Ada Quist, QC told the hearing the case was serious."], "Ada Quist"),  # letters after a name
        (
            ["But the outgoing European Commissioner said his comments needed context."],
            "the outgoing European Commissioner",
        ),
        # the sentence's own subject is "she", not the person named before
        (
            [
                "Tomas Weir said the club would appeal.",
                'Ida Brandt has been in talks over a new deal and she said: "I want to stay."',
            ],
            "Ida Brandt",
        ),
        # the subject did something, "but said": the subject speaks
        (["Marlow Ferries issued a warning about the storm but said that sailings would resume."], "Marlow Ferries"),
        (
            ["A spokesman for the firm refused to comment, but said results were due on Friday."],
            "A spokesman for the firm",
        ),
        (["Quist converted and added a penalty for a 10-3 lead."], None),  # "added" a penalty: no claim
        # held-out 16's constructions
        (
            ["Marlow Ferries, the harbour operator at the centre of a long pay dispute, has reported a loss."],
            "Marlow Ferries",
        ),
        (["Marlow Ferries management has said sailings may stop in May."], "Marlow Ferries management"),
        (["The new sitcom starts in May, the comedian has told BBC News."], "the comedian"),
        (["The Kent attorney general said the case was closed."], "The Kent attorney general"),
        (
            [
                "Harbour bank Marlow Bank has challenged the ferry firm's claim.",
                "In a filing, it said the claim was late.",
            ],
            "Marlow Bank",
        ),
        (
            [
                "Harbour boss Tomas Weir has yet to confirm the move.",
                '"I heard about it on Sunday," he said.',
            ],
            "Tomas Weir",
        ),
        (  # a subject who "declared himself satisfied" is whom "he" means next
            [
                '"We found the right man," said Ida Brandt of the appointment of Jon Colm.',
                "Tomas Weir, however, declared himself satisfied with the process.",
                '"The appointment of Jon Colm was fair," he said.',
            ],
            "Tomas Weir",
        ),
        (["World number one Ida Baker added the Marlow trophy to her long list of titles."], None),  # a trophy
        # held-out 17's constructions
        (["For the Harbour Party, Ida Brandt said the ferry should stay."], "Ida Brandt"),
        (["Mr Weir vigorously denied Harbour claims that he had hidden the figures."], "Mr Weir"),
        (
            ["The figures were given by harbour minister Ida Brandt who said trade would grow."],
            "harbour minister Ida Brandt",
        ),
        (["The plan was called a mistake by the Greens who said it would fail."], "the Greens"),
        (["The Long Crossing: The Journey of Tomas Weir tells of a ferry lost at sea."], None),
        (["The head of the Marlow Harbour Agency widely reported to have resigned is still in post."], None),
        (
            [
                "The tour starts in May, according to Harbour magazine editor Ida Brandt.",
                'She added: "They are determined."',
            ],
            "Ida Brandt",
        ),
        # held-out 18's constructions
        (
            ["Harbour boss Tomas Weir has given fresh clues about the sale.", 'He told Marlow FM: "It is close."'],
            "Tomas Weir",
        ),
        (["The ferries would run again in May, said our correspondent."], "our correspondent"),
        (["And if fares rise, thinks Mr Weir, fewer people will sail."], "Mr Weir"),
        (["The harbour would stay open, said the 31-year-old, who retires in May."], "the 31-year-old"),
        (["The harbour master meanwhile said the plan was fair."], "The harbour master"),
        (
            [
                "A Harbour Party spokesman criticised Tomas Weir's record, saying fares had doubled.",
                'He said: "The plan is a fantasy."',
            ],
            "A Harbour Party spokesman",
        ),
        (
            [
                "Ida Brandt won her heat.",
                "Brandt was not unduly worried by the wind.",
                '"I just kept going," she said.',
            ],
            "Brandt",
        ),
        # held-out 19's constructions
        (["The news came as the harbour authority said the ferry would be sold."], None),  # a subordinate clause
        (['"The logo is the way forward," said Mr R. Weir, head of sales.'], "Mr R. Weir"),
        (["Ida Brandt will star in a new series, according to the Marlow reporter."], "the Marlow reporter"),
        (
            ["Three people refused the prize, including skipper Tomas Weir who said it was demeaning."],
            "Tomas Weir",
        ),
        (
            [
                "The Marlow Film Institute (MFI) hailed the film as a landmark.",
                'It claimed the film "broke every rule".',
            ],
            "The Marlow Film Institute",
        ),
        (
            [
                '"We will win," said Ida Brandt.',
                "Tomas Weir - a composer and leading interpreter of Bach - has recreated the lost parts.",
                "He said he had wanted to leave the cantata alone.",
            ],
            "Tomas Weir",
        ),
        # held-out 20's constructions
        (["Brandt scored the try and Weir added the conversion."], None),  # points, not words
        (["Ida Brandt will star in the play, according to Marlow newspaper Harbour Times."], "Harbour Times"),
        (['"We sail at nine," said Weir afterwards.'], "Weir"),
        (["His agent said last month that the club had told him to leave."], "His agent"),
        (
            [
                "Tomas Weir has accused the harbour board of neglect.",
                "Weir had cast doubt on Brandt's claims that the ferry was safe.",
                '"Nobody checks the boats," he claimed.',
            ],
            "Tomas Weir",
        ),
        (
            [
                '"I played well," said Tomas Weir.',
                "Jon Colm was at a loss to explain his poor first set.",
                '"With Tomas, if you relax for a second it goes quickly," he said.',
            ],
            "Jon Colm",
        ),
        # held-out 21's and 22's constructions
        (["Marlow's Mayor, Ida Brandt, said on Friday that the ferry would stay."], "Ida Brandt"),
        (
            ["Lord Weir, head of the harbour board, who first proposed the fee, said it was fair."],
            "Lord Weir",
        ),
        (["Tomas Weir, recalled in place of Jon Colm, was twice denied his chance to score."], None),
        (
            [
                "Ida Brandt won her heat.",
                "Brandt, ranked 34 in the world, sank to her knees.",
                '"It is huge," she said.',
            ],
            "Brandt",
        ),
        (["The lawsuit, filed in Marlow on Friday, says the ferry was unsafe."], "The lawsuit"),
        (["UK retailers have reported strong sales over the holiday."], "UK retailers"),
        (
            [
                '"We will vote against," said Ida Brandt.',
                "Mr Weir held talks with Ida Brandt on Friday.",
                "He said afterwards that she had offered some movement.",
            ],
            "Mr Weir",
        ),
        # held-out 23's constructions
        (["And the ex-Wallaby added that the club was in turmoil."], "the ex-Wallaby"),
        (["Iraqi Prime Minister Nouri al-Maliki said trade would grow."], "Maliki"),  # not "ex-"
        (["More than half of those asked in a poll for mobile firm Marlow Mobile said they had no backup."], None),
        (
            ["Tomas Weir revelled in his return to the side on Wednesday.", 'He said: "I am happy to be back."'],
            "Tomas Weir",
        ),
        # held-out 24's constructions
        (["In June, the software giant said the update would not work."], "the software giant"),
        (["Underground staff have warned they will strike again."], "Underground staff"),
        (["According to its latest accounts, Marlow Labs said it spent 8m euros."], "Marlow Labs"),
        (["The 27-year-old, who captained the side last year, said the job was a challenge."], "The 27-year-old"),
        (
            [
                "Double Olympic champion Ida Brandt was back to her best on Sunday.",
                '"I will decide at the last minute," she said.',
            ],
            "Ida Brandt",
        ),
        (
            [
                "But for Tomas Weir, a director at Marlow Research, the future lies elsewhere.",
                "It is a battle that Marlow is winning, he believes.",
            ],
            "Tomas Weir",
        ),
        (
            [
                "A Department for Harbours and Ferries spokeswoman said the plan was ambitious.",
                'She added: "It was not the only plan."',
            ],
            "A Department for Harbours and Ferries spokeswoman",
        ),
        # held-out 26's constructions
        (
            ["Last month, Marlow Ferries, Brandt Lines and Weir Shipping said they would merge."],
            ("Marlow Ferries, Brandt Lines and Weir Shipping"),
        ),
        (["In Marlow, Brandt Lines and Weir Shipping said they would merge."], "Brandt Lines and Weir Shipping"),
        (
            [
                "Ida Brandt was invited by Mayor Tomas Weir.",
                "Dr Brandt, 79, who has been in Marlow to open the bridge, said the town owed her nothing.",
                "She said the bridge was a gift.",
            ],
            "Dr Brandt",
        ),
        (
            [
                "The head of the harbour board, Tomas Weir, said it had not been proven that the ferry sank.",
                '"The charge cannot be substantiated," he said.',
            ],
            "Tomas Weir",
        ),
        (
            [
                "At the launch in Marlow, Mr Weir explained that the fund would help fishermen.",
                "He also announced that 9m euros had been set aside for new boats.",
            ],
            "Mr Weir",
        ),
        (
            [
                "Tomas Weir won the race.",
                "Weir, part of the relay team that won gold in Athens, will now turn to the trials.",
                '"I know there is more in the tank," he said.',
            ],
            "Weir",
        ),
        (["Marlow firm Brandt Lines saw its profits drop 33% and warned that 2005 may be worse."], "Brandt Lines"),
        (
            [
                "MFL, whose own ferries are losing money, no longer wants the Marlow route.",
                "The Danish firm is thought to be offering 2m euros.",
                "It has argued the deal was voided by the sale.",
            ],
            "MFL",
        ),
        (["Weir raced clear, but once again Brandt denied the Marlow striker."], None),  # a save
        # held-out 27's constructions
        (
            [
                "But the harbour watchdog Marlow Ports has said the ferry will not be sold.",
                "A spokesman for the Department for Harbours, Ferries and Fishing said there were no plans.",
                "He added that a new law would be needed.",
            ],
            "A spokesman for the Department for Harbours, Ferries and Fishing",
        ),
        (
            [
                '"We are careful," said the festival’s director.',
                "Mr Weir's words were echoed by Ida Brandt, director of the sister festival.",
                '"We will go on," she said.',
            ],
            "Ida Brandt",
        ),
        (['"We will win," said the head of Marlow Ferries.'], "the head of Marlow Ferries"),
        (['"We will win," said the star of Marlow Bay.'], None),
        (
            ['"It was hard," said the director behind Marlow Bay, Harbour Lights and Born on the Fourth Tide.'],
            "the director behind Marlow Bay, Harbour Lights and Born on the Fourth Tide",
        ),
        (['Hands off Marlow’s Ida Brandt said: "The beach is ours."'], "Ida Brandt"),
        (["The ferry industry says the black market costs it billions every year."], "The ferry industry"),
        (['Marlow bosses have said they are "confident" the deal will be signed.'], "Marlow bosses"),
        (["The ferry, both newspapers said, would sail in May."], "both newspapers"),
        (["Marlow bosses told counterparts at Brandtco of the decision on Friday."], None),
        # held-out 28's constructions
        (["June Brandt Weir previously said the song upset her husband."], "June Brandt Weir"),
        (["In June Tomas Weir said the song upset him."], "Tomas Weir"),
        (
            [
                "Earlier, market analysts Harbourstat said ferries were popular.",
                "A study by analysts Marlow Research suggested that ferries were losing passengers.",
                "It said ferry companies faced a major long-term threat.",
            ],
            "Marlow Research",
        ),
        (["Games, cameras and music players have all been added to our handsets."], None),
        (
            ["Last month, the company warned it may cut 700 jobs, with Mr Weir quoted as saying it could not go on."],
            "the company",
        ),
        (
            ['"Ferries will grow," thinks Ida Brandt harbour industry specialist for analysts Marlow Data.'],
            "Ida Brandt",
        ),
        (["But the programme makers suggest the public are becoming neutral."], "the programme makers"),
        (
            ["And Tomas Weir, president of the Association of Harbour Masters, said the plans could work."],
            "Tomas Weir",
        ),
        (
            [
                "Marlow Ferries said it would fight the ruling.",
                "But Ida Brandt, senior consultant at Harbourstat, told the Gazette that it was a fair decision.",
                "Piracy has cost the company millions, it says.",
            ],
            "Marlow Ferries",
        ),
        # held-out 29's constructions
        (
            [
                "Tomas Weir said the show would go on.",
                "For his part, Ida Brandt's pressing ahead with her own plan.",
                "She loves doing the morning show.",
                'She has been called the voice of the harbour which, she says, "is a badge I wear with pride."',
            ],
            "Ida Brandt",
        ),
        (
            [
                '"We will find them," said Tomas Weir.',
                "One woman, Ida Brandt, found her sister in the square.",
                "She had not seen her for 28 years.",
                '"We threw ourselves into each other’s arms," she told the Gazette.',
            ],
            "Ida Brandt",
        ),
        (
            ["One of the jilted bidders, Marlow-based group Brandtco, said it welcomed the news."],
            ("Marlow-based group Brandtco"),
        ),
        (["President Ida Brandt and the country’s legal authorities have repeatedly said the court has no say."], None),
        (["The decision follows a tough meeting, party sources told the Gazette."], "party sources"),
        (["The company, majority-owned by Brandt Lines, said costs rose."], None),  # not "majority-owned by …"
        (
            [
                '"We sing for the harbour," said Tomas Weir.',
                "The single, Harbour Lights, went to number one.",
                '"It is a blessing," he said.',
            ],
            None,  # not the song: a single is no person
        ),
        (["There are 1.7m people in Marlow and ministers suggest the number could double."], "ministers"),
        # held-out 30's constructions
        (
            [
                "For Tomas Weir, who worked on the project, the need grew out of frustration.",
                '"You don’t arrive at the gallery and say what you want to see," he said.',
            ],
            "Tomas Weir",
        ),
        (
            [
                "Ida Brandt, of the Marlow Trust, said schools must teach more.",
                "Ms Weir has not set out her views yet, but has said she intends to put parents first.",
                "This would include the quality of teaching, she said.",
            ],
            "Ms Weir",
        ),
        (['"We will fight on," said Save Marlow Bay chairman Tomas Weir said.'], "Tomas Weir"),
        (
            [
                'Harbour Radio DJ Tomas Weir said: "This year has been amazing."',
                'He added: "The band is one of the most original."',
            ],
            "Harbour Radio DJ Tomas Weir",
        ),
        # held-out 32's constructions
        (
            [
                "Anna Berg, director of Webwatch, speculated that the change was made to save money.",
                "He said the firm saw no reason to act.",
            ],
            "Anna Berg",
        ),
        (
            [
                'Party chairman Tom Reed branded the minister "reckless" for cutting the budget.',
                '"The numbers do not support his claims," he said.',
            ],
            "Tom Reed",
        ),
        (["The Harbour branded jackets sold well."], None),  # "branded" names no one here
        (["Tom Reed spoke in Leeds.", "If he believes in fairness then he should resign his seat."], None),
        (
            [
                "The Trade Council estimates that fake goods are worth 5% of world trade.",
                "And it is growing.",
                "Seizures rose by 300% in four years, it said.",
            ],
            "The Trade Council",
        ),
        (["Early estimates from the Marlow Bank put the cost at $5m."], None),
        (["An estimated 300 people came to the harbour."], None),
        (
            ["Lord Reed says there will be changes.", 'He denied the changes were a "trick" forced by panic.'],
            "Lord Reed",
        ),
        (["Tom Reed saved a penalty.", "He denied him a second goal."], None),
        (
            [
                "Committee chairman Tom Reed said the rules were clear.",
                "Ida Brandt was jailed for ten years - it would have been longer had he denied the charge.",
            ],
            None,
        ),
        (
            [
                "The family's lawyer Jane Moss, said that at no time had her clients broken the law.",
                '"There is no such offence," she said.',
            ],
            "Jane Moss",  # a stray comma after a name led by its role
        ),
        (["The Marlow company, led by new chief executive Tom Reed, said it hoped to return to profit."], None),
        (
            ["A senior official, speaking to the Gazette's correspondent Tom Reed, said the figures were poor."],
            None,
        ),
        (["Sir Tom, who had more votes but fewer MPs, believed he had the right to stay."], None),
        (["Opec members said on Monday that it saw no reason to cut output."], "Opec members"),
        (["Volvex saw its shares rise 9% on Monday after it said it would move production abroad."], "Volvex"),
        (
            [
                'But Nigel Weir said: "I am satisfied the game was handled correctly."',
                "Meanwhile, Matt Weir will not be punished for using bad language.",
                '"I did nothing wrong," he said.',
            ],
            None,  # "he" may be Matt Weir: not Nigel Weir, whose surname the sentence before names
        ),
        (
            [
                "The Marlow Council said the deal was fair.",
                "Volvex apologised for the affair, although it claimed it gained no advantage.",
            ],
            None,
        ),
        # held-out 33's constructions
        (
            [
                "Indeed, there is even a theory that explains all this.",
                "He tells each player that the rules have changed.",
            ],
            None,
        ),
        (["New powers are needed to close rowdy bars, police chiefs have told MPs."], "police chiefs"),
        (
            ["Sales rose, according to figures released by MTS organisers the Marlow Trade Board on Tuesday."],
            "MTS organisers the Marlow Trade Board",
        ),
        (
            [
                "Party leader Ian Reed said it had received a big boost from the campaign.",
                '"Their arrogance has been their undoing.',
                'In trying to close the yards, they will end up closed themselves," he said.',
            ],
            "Ian Reed",  # a role before the name: a person, though "it" follows
        ),
        (
            [
                "Ida Brandt will play in Marlow next week.",
                '"The tournament is a test," she said.',
                'Speaking to the Gazette, the 24-year-old Swiss added: "There will not be as many people."',
            ],
            None,  # a description, not a name
        ),
        (['"This has been a really hard decision," 19-year-old Brandt revealed.'], "Brandt"),
        # held-out 34's constructions
        (['Their president, Tomas Weir, says Ida Brandt "does not wish to stay in Marlow".'], "Tomas Weir"),
        (
            ['"It is a very hard record to break," said the world indoor champion, who hopes to get closer this year.'],
            "the world indoor champion",
        ),
        (
            [
                "Ida Brandt, European director for policy at Marlowtech, an umbrella body for harbour firms, "
                "said only strong rules would help."
            ],
            "Ida Brandt",  # two appositives
        ),
        (
            [
                "Former harbour champion Marlow Rovers has warned it will go bankrupt.",
                'The club\'s shares fell after it said it was in a "life-threatening" position.',
            ],
            "Marlow Rovers",  # a champion may be a club: "it" is still the club
        ),
        # held-out 35's constructions
        (
            [
                "Ida Brandt shared a platform with the chancellor.",
                "But the pair chatted amicably and Mr Weir insisted he was happy with his task.",
            ],
            "Mr Weir",
        ),
        (
            ["Instead of hiring artists, the game draws the creatures according to rules devised by the programmers."],
            None,
        ),
        (["Marlow director of rugby Tom Reed, though, believes Weir fits the bill perfectly."], None),
        (["The government has denied reports that Ida Brandt is preparing to oust Tom Reed."], "The government"),
        (
            [
                "Ida Brandt reached the last four with an easy win.",
                '"I think I played better than last week," said the top seed.',
            ],
            "the top seed",
        ),
        (["Victims accuse the firm of fleeing abroad, a charge the company denies."], "the company"),
        (
            ["Ships have helped the relief effort and the prime minister has said more aid will come."],
            "the prime minister",
        ),
        (["The doctors and the family's lawyer said the boy was recovering."], "The doctors and the family's lawyer"),
        (["The keeper denied the same player again ten minutes later."], None),
        (["Nadal's drop shot is called out and Roddick claims the vital first break."], None),
        # held-out 36's constructions
        (
            ["The Marlow ferry link is to get the go-ahead this month, according to The Mail on Sunday."],
            "The Mail on Sunday",
        ),
        (
            ["Phones sold well, according to analysts Gartner More than 1 million handsets were sold in the quarter."],
            None,
        ),
        (
            [
                "The Marlow Traders Guild said sales rose.",
                "But a recent report from Harbour Research reflects a harder picture.",
                "It said that 36% of shops had never sold online.",
            ],
            "Harbour Research",
        ),
        (
            [
                "Shares in Volvex rose on Tuesday.",
                "The firm, which last year made other finds in the area, said the latest discovery was large.",
            ],
            "The firm",
        ),
        (["However, Tom Reed, the chairman of the Marlow Rowing Club, has said he will appeal."], "Tom Reed"),
        (
            ["Ida Brandt, founder of the Harbour Fund (HF), one of the groups the money goes through, said so."],
            "Ida Brandt",
        ),
        (
            ["But Tom Reed, president of the festival's organisers, the Marlow Arts Society, said it changed."],
            "Tom Reed",
        ),
        (["The deal, which was agreed in May, said nothing about prices."], None),
        (["Sales rose, according to eBay UK there are now 150 robots for sale."], "eBay UK"),
        (["Viewers watch more, according to an expert panel which gathered at the Marlow show."], None),
        (
            [
                "The Commons harbour committee met.",
                "A report by the Commons harbour committee criticised the plan.",
                "It warned that it could take five years.",
            ],
            "A report by the Commons harbour committee",  # not "Commons", a name cut short
        ),
        # held-out 37's constructions
        (["Games sales doubled in six years, according to a recent report by analysts Screen Dial."], "Screen Dial"),
        (
            [
                "CENTR, the council of domain registries, agrees.",
                '"A rush to new browsers is a mistake," the organisation said in a statement.',
            ],
            "the organisation",
        ),
        (
            ["On Thursday, Tom Reed from the Marlow Office of Drug Safety told the panel the drug was not needed."],
            "Tom Reed",
        ),
        (["The tobacco companies denied the charges, saying they never conspired."], "The tobacco companies"),
        (
            ["The Marlow Ferry Corp was fined last week.", '"We have always obeyed the law," it said.'],
            "The Marlow Ferry Corp",
        ),
        # held-out 38's constructions
        (
            [
                '"We were robbed," said Tom Reed.',
                "Pedro Weir's shot crossed the line.",
                "Weir could not believe the goal was not given.",
                'He said: "My reaction was to celebrate."',
            ],
            None,
        ),
        (
            ['She said a comeback was unlikely, but speaking in Marlow Ida Brandt admitted: "I was wrong."'],
            None,
        ),
        (
            ["President Reed's advisers have repeatedly denied that the climate is warming."],
            "President Reed's advisers",
        ),
        (
            [
                "Ida Brandt is an Indian blogger who helps with the relief effort.",
                "She says the blog is not meant for first-person accounts.",
            ],
            "Ida Brandt",
        ),
        (
            [
                "Dr Tom Reed, associate director of the Marlow Centre, moved to reassure parents.",
                '"Games are a cultural form," he said.',
            ],
            "Dr Tom Reed",
        ),
        (['Speaking in Marlow Mr Reed said: "People want a credible party."'], "Mr Reed"),
        (
            ["Last month, the firm warned it may move 700 jobs, with Mr Reed quoted as saying it had no choice."],
            "the firm",
        ),
        (
            [
                '"We lost," said Tom Reed.',
                "Volvex did not want to use e-mail, said Mr Weir.",
                '"That would be wrong," he said.',
            ],
            "Mr Weir",
        ),
        # held-out 39's constructions
        (["No details of the new ferry timetable have been confirmed."], None),
        (["Nobody has confirmed the closure of the Marlow depot."], None),
        (["Accountancy firm Weir & Brandt said tax revenues were lower than forecast."], "Weir & Brandt"),
        (
            [
                "Volvex confirmed the tie-up would take place soon.",
                "Ferry & General Workers' Union general secretary Tom Reed repeated his view that mergers cut jobs.",
                '"This is a delicate time," he said.',
            ],
            "Tom Reed",
        ),
        # held-out 40's constructions
        (
            [
                "Souness dropped Tom Weir for the game, claiming he had feigned injury.",
                '"When I heard it I was in shock," Weir said.',
                '"He is lying," he said in response to Souness\' remarks.',
            ],
            "Weir",
        ),
        (["A survey by Incomes Data Services' (IDS) said contributions had risen."], "Incomes Data Services'"),
        # held-out 42's constructions
        (['"I will be back in the spring," the 24-year-old told Radio Marlow.'], "the 24-year-old"),
        (["Mr Weir last week said the ferry would sail on time."], "Mr Weir"),
        (['Mr Weir promised a "fair deal" for crews and said the union would back him.'], "Mr Weir"),
        (
            ["Volvex's creditors, including Marlow Bank, the local lender have said they will not back the plan."],
            "Volvex's creditors",
        ),
        (["Other ferry firms, including Weir Lines and Brandt, continued to trade strongly."], None),
    ],
)
def test_real_news_constructions(sentences: list[str], expected: str | None) -> None:
    assert attribute_sentences(sentences)[-1] == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        # a person introduced by their role
        (
            [
                "Friends said Tomas Weir loved the sea.",
                "Ida Brandt is organizing director of the ferry workers' union.",
                "She said the crews had saved lives.",
            ],
            "Ida Brandt",
        ),
        # a person the sentence before describes
        (
            [
                "Tomas Weir spoke to the crew.",
                "The skipper Ida Brandt was delighted with the catch.",
                '"It was the best day of the year," she said.',
            ],
            "Ida Brandt",
        ),
        # a person glad of the result
        (
            [
                '"We had our first chance after ten minutes," said Tomas Weir.',
                "Scrum-half Ida Brandt was also glad that the team won.",
                '"All credit to them," she told the Marlow Gazette.',
            ],
            "Ida Brandt",
        ),
        # "the Harbour Ground" and "the Wessex Cup" are places and events, not someone "she" may be
        (
            [
                "Ada Quist insists the final will be different this time.",
                "The Marlow star was in the side beaten at the Harbour Ground in the Wessex Cup in 2000.",
                '"Things will be different," she told Radio Marlow.',
            ],
            "Ada Quist",
        ),
        # a person the article introduces by their life, not their words
        (
            [
                "The former manager of the Harriers band, Saul Brand, has died at the age of 79.",
                "Mr Brand, who was also a promoter, managed the band between 1960 and 1973.",
                '"I underestimated them," he once said.',
            ],
            "Mr Brand",
        ),
        # the last speaker is Weir, but the sentence before names Brandt: "he" may be either
        (
            [
                '"We sail at nine," said Tomas Weir.',
                "Harbour master Ida Brandt was quick to back the decision.",
                '"Safety comes first," he said.',
            ],
            None,
        ),
        # the sentence before has "he" for its subject: the names it also holds are no rivals
        (
            [
                "Oskar Lind was slightly disappointed with his run.",
                "He won his heat but was slower in the final against Petra Vogel's club-mate Ian Hale.",
                '"I should have done better," he said.',
            ],
            "Oskar Lind",
        ),
        # a competition is no one "he" may mean
        (
            [
                '"I need a rest," said Ruiz.',
                "The 2001 Marlow Open champion is keen to make an impact at the big events.",
                '"I have set tough goals," he said.',
            ],
            "Ruiz",
        ),
        # a subject set off by an appositive ("who ...", "the ...") is the person "he" or "she" means
        (
            [
                '"We sail at nine," said Tomas Weir.',
                "Ada Quist, who also works in the harbour office, had been due to skipper the boat.",
                "She says the decision was hers.",
            ],
            "Ada Quist",
        ),
        (
            [
                '"We sail at nine," said Tomas Weir.',
                "Weir beat Quist in last year's final.",
                "Quist, the first woman to win the Marlow regatta, will now face the champion.",
                "But she is remaining confident.",
                '"She is a great sailor," she said.',
            ],
            "Quist",
        ),
        # a name first seen in a sentence that has a speaker is still a name known later
        (
            [
                '"We sail at nine," said Tomas Weir, who beat Quist last year.',
                "Quist, the first woman to win the Marlow regatta, will now face the champion.",
                '"She is a great sailor," she said.',
            ],
            "Quist",
        ),
        # a person described as the subject of the sentence before may be whom "he" means
        (
            [
                "Tomas Weir, a 31-year-old harbour pilot who lost his boat, says he will sail again.",
                "The father came to Marlow from Norway years ago.",
                "He says his son should stay ashore.",
            ],
            None,
        ),
    ],
)
def test_who_a_pronoun_refers_to(article: list[str], expected: str | None) -> None:
    assert attribute_sentences(article)[-1] == expected
