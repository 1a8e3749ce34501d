"""Who a sentence says made its claim: "according to X", "X reported", "..., said X", "he said"...

Rules, not a model: each pattern below is a reporting construction of news prose, tried in
order on the sentence with its quotations and its dateline (`LONDON, England (CNN) --`)
blanked out (a name inside a quote is not its speaker):

1. "according to X", "as reported by X" (`the Wim report`, not `the Wim`);
2. a pronoun that opens the sentence: `She said Cain suggested …` is her claim, not Cain's;
3. a speaker after the verb: `"...," said X, title of Y.` / `..., says one researcher.`;
4. a named speaker before the verb, with an appositive (`X, head of Y, said`), a title
   (`Open chief Paul McNamee had said`), a place (`music industry bosses in Norway said`),
   initials (`the Copper Commission (Cochilco) has reported`), a role of a body (`The head of
   US TV network Fox has admitted`: the head, not Fox) or a second speaker
   (`chief executive X and chief operating officer Y said`: both, as one phrase) or a list
   (`Last month, Paramount, Universal and Warner Brothers said`: all three), or a subject before
   what it includes (`X's backers, including A, the B, have said`: the backers, not B);
5. a described speaker: `the spokesman said`, `An Interior Ministry official said`,
   `the lawsuit says`, `its designers have said`, `The firm reported`; or one before a
   relative clause: `US judge Letitia Clark, who issued an injunction, has said`;
6. a pronoun: `he said`, `she told CNN` take the last named person of the article (who spoke,
   or was the subject of a sentence, or was introduced by a role: `X is organizing director`),
   `it said` the last named organisation ("the report said" the last named reporter, or "the
   report" itself when the last named source is a person), but no one when the sentence
   before names another person of that surname (`Nigel Weir said`, then `Matt Weir will`);
7. groups: `critics argue`, `analysts said`, `some users said`;
8. a speaker named without a reporting clause: `Said Mr Fogg: "…"`, `One dissenting opinion
   came from X`, `The figures were given by minister X who said`.

Never a speaker: a name in a subordinate or relative clause (`after referee X had told`,
`the crash that killed X has told`), `said a prayer`, `he has said very little`, a pronoun
in a condition or concession (`If he believes in X, he should resign`, `although it claimed`).

Quotations: a sentence that is all quotation and names no speaker continues the quote of the
sentence before. The segmenter cuts a quotation of several sentences between them, so the
sentences of one quotation (followed by their marks) share the one speaker any of them names,
when the quotation closes; one that never closes is a stray mark and shares nothing.

Anything else gets None: a wrong speaker is worse than none. Measured against hand labels of
news sentences by `benchmarks/attribution.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# The rules' version, recorded in each index's manifest. A change of the rules bumps it, and the
# next `qabot index` recomputes the speakers of the index it has, without embedding anything
# again (`build.build_index`). 34 was the index format of the rules of 2026-11-27 (round 42).
ATTRIBUTION_VERSION = 34

_TITLE_ABBREVIATION = r"(?:Capt|Gen|Lt|Col|Sgt|Cpl|Maj|Adm|Dr|Mr|Mrs|Ms|Sen|Rep|Gov|St|Jr|Prof|Rev)\."
_CAP = r"[A-Z][\w'’.&-]*"
_LINK = r"(?:of|the|for|and|&|de|del|al|el|van|von|bin|da|di|le|la)"  # "Ernst & Young"
_LINK_WORDS = {"of", "for", "and"}  # lowercase links a name may not start with ("the" may: "the Greens")
# "said a prayer", "said goodbye": saying that reports no claim.
_NO_CLAIM = re.compile(
    r"\s+(?:a\s+prayer|prayers|grace|goodbye|hello|farewell|a\s+few\s+words|thanks|sorry)\b"
    r"|(?<=told)\s+(?:\w+\s+){1,3}?(?:about|of)\b|(?<=told)\s+(?:him|her|them|us|me)\s+to\b"
    r"|(?<=tells)\s+(?:(?:the\s+)?(?:story|tale)|of)\b"
    # "added four conversions", "added the relay crown to his title": adding things, not words
    r"|(?<=added)\s+(?:a|an|another|\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten)\s"
    r"|(?<=added)\s+the\s+(?:[\w-]+\s+){0,5}?to\b"
    r"|(?<=added)\s+(?:the|a|his|her|their)\s+(?:second\s+|third\s+|final\s+)?(?:conversion|penalty|try|goal|points?|runs?)\b"
    r"|(?<=reported)\s+to\s+(?:be|have)\b"  # "X widely reported to have resigned": said of X, not by X
    r"|(?<=sa(?:id|ys))\s+nothing\b|(?<=say)\s+or\b"  # "ministers said nothing about", "could not say or"
    # "was denied his chance", "denied them a win": something kept from someone, not a claim denied
    r"|(?<=denied)\s+(?:him|her|them|his|their|its|a|an|the)\s+(?:first\s+|second\s+)?"
    r"(?:chance|place|try|goal|win|victory|title)"
    # "Martyn denied the England striker": a save, not a denial
    r"|(?<=denied)\s+(?:him|her|them|the|a|his|their)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:striker|forward|keeper|goalkeeper|midfielder|defender|winger|visitors|hosts|substitute|player|shot|effort)\b"
    # "Roddick claims the vital first break": a break won, not a claim
    r"|(?:(?<=claims)|(?<=claimed))\s+(?:the|a|his|her|their)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:break|set|title|lead|win|victory|points?|game|match|place|prize|medal|crown|record)\b"
)
_NAME = rf"(?:\b\d{{1,3}}\s+)?{_CAP}(?:\s+(?:{_LINK}\s+)*{_CAP})*"  # "50 Cent" too
_VERBS = (
    r"reported|reports|said|says|stated|states|told|tells|announced|announces|claimed|claims|"
    r"detailed|details|noted|notes|emphasi[sz]ed|emphasi[sz]es|wrote|writes|revealed|reveals|"
    r"confirmed|confirms|argued|argues|added|adds|explained|explains|warned|warns|disclosed|"
    r"discloses|alleged|alleges|asserted|asserts|observed|acknowledged|insisted|insists|"
    r"described|describes|highlighted|highlights|quoted|cited|cites|published|remarks|remarked|"
    r"believes|believed|thinks|expects|predicted|predicts|denied|denies|admitted|admits|recalled|"
    r"conceded|concedes|maintained|maintains|suggested|suggests|recalls|speculated|speculates|"
    r"branded(?=\s+(?:him|her|them|it|the|his|their|its|Mr|Mrs|Ms|Dr|Sir)\b)|"  # not "Sony branded TVs"
    # "The EU estimates that", "X estimates sales will", not "an estimated 300" or "Early estimates from"
    r"(?<![Aa]n\s)(?:estimates|estimated)(?=\s+(?:that|the|its|some|around|about|more|[\d£$€]|[a-z]+\s+(?:will|would|could|may|"
    r"might|has|have|had|is|are|was|were)\b))"
)
# Verbs that introduce a speaker placed after them ("..., said X") or a pronoun speaker.
_SPEECH_AFTER = (  # "..., said X": never "told" or "asked", whose object is the listener
    r"said|says|added|adds|explained|explains|insisted|insists|warned|warns|claimed|claims|noted|"
    r"notes|stated|states|remarked|remarks|recalled|recalls|continued|admitted|admits|argued|"
    r"argues|confirmed|confirms|conceded|concedes|wrote|writes"
)
_SPEECH = rf"{_SPEECH_AFTER}|told|tells|believes|thinks|agreed(?!\s+to\b)"
_REPORTING_VERB = rf"(?:{_SPEECH}|reported|announced|speculated)\b"  # after a subject set off by commas
_REPORT_NOUNS = r"report|reports|article|story|investigation|analysis|statement|broadcast|account|coverage"
_AUX = (
    r"(?:(?:had|has|have|also|already|later|previously|earlier|first|publicly|separately|further|recently|"
    r"always|again|once|repeatedly|reportedly|still|now|yesterday|today|himself|herself|afterwards|on\s+(?:Monday|Tuesday|"
    # "Mr X last week said"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)|(?:last|this)\s+(?:week|month|year|weekend|night|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)|(?!(?:family|daily|weekly|monthly|early|only)\b)[a-z]{3,}ly)\s+)*"
)
_ANAPHOR_NOUNS = (
    r"report|article|story|outlet|broadcaster|channel|newspaper|paper|publication|network|"
    r"agency|statement|broadcast|coverage|reports|sources?"
)

_ACCORDING_TO = re.compile(
    r"(?<!listed )(?<!sorted )(?<!ranked )(?<!arranged )(?<!classified )(?<!varies )(?<!vary )"
    r"\b(?:[Aa]ccording to(?!\s+(?:whether|how|what|which|where|when|who|plan|schedule|"
    r"rules?|guidelines|regulations)\b)|"
    rf"[Aa]s reported by|[Rr]eported by)\s+(?P<src>(?:{_TITLE_ABBREVIATION}|[^,;:.!?()\"“”])+)"
)
_OUTLET_NOUNS = r"magazine|newspaper|website|news agency|agency|channel|network|reporter"
_NAMED_VERB = re.compile(
    rf"(?P<src>{_NAME}(?:\s+(?:{_OUTLET_NOUNS}|management|members))?)(?:(?:['’]s)?\s+(?:{_REPORT_NOUNS}))?(?:\s+\([A-Z][\w.&-]{{1,20}}\))?,?\s+"
    rf"{_AUX}(?:{_VERBS})\b"
)
# "X, head of Y at Z, said" / "X, who chairs the committee, told the BBC": the name before the
# appositive speaks. The appositive holds no quotation and no other clause's verb.
_APPOSITIVE_VERB = re.compile(
    rf"(?:^|(?<=[:;,]\s)|(?<=[\"”]\s)|(?<=\bBut\s)|(?<=\bAnd\s))(?P<src>{_NAME}),\s+"
    rf"(?:(?:[^,\"“”()]|\([A-Z]{{2,8}}\)|,\s+[A-Z][a-z]+,|,\s+(?:an?|one|the)\s+(?=[A-Za-z][^,\"“”()]{{2,80}},)){{2,110}}?),?\s+"
    rf"(?<!\bbeen\s){_AUX}(?<!\bbeen\s){_REPORTING_VERB}"  # "have all been added": passive
)
# "..., said X" / '"...," says X, title' / "..., said a Fox spokesman."
_AFTER_VERB = re.compile(
    rf"(?:[,\"”]|[,\"”]\s*[\"”])\s*(?:{_SPEECH_AFTER}|thinks|believes)\s+(?P<src>(?:{_TITLE_ABBREVIATION}|\b[A-Z]\.(?=\s[A-Z])|[^,;:.!?()\"“”])+)"
)
_LIST_AFTER = re.compile(r"(?:,\s+[A-Z][^,;:!?\"“”]*)*,?\s+and\s+[A-Z][^,;:!?\"“”]*?(?=[.!?]?\s*$)")
_WARNED_TO = re.compile(r"\W*(?:warned|warns)\s+(?:[\w'’.-]+\s+){1,4}?to\s+[a-z]+")
_FINITE = re.compile(r"\b(?:was|is|were|are|has|had|have|will|would|could|should|did|does|can|may|might)\b")
# "One dissenting opinion came from X", "Said Mr Fogg: ...": the speaker, named without a "said X" clause.
_CAME_FROM = re.compile(
    rf"\b(?:opinion|view|comment|criticism|warning|support|praise|response|reaction|objection)s?\s+"
    rf"came\s+from\s+(?P<src>{_NAME})"
)
# "US bankruptcy judge Letitia Clark, who issued an injunction in December, has said": the subject
# before the relative clause speaks (the name it ends in, or a described group).
_WHO_CLAUSE = re.compile(
    rf"^(?:(?:But|And)\s+)?(?P<src>[^,;:\"“”]{{2,80}}?),(?:\s+[a-z\d][^,;:\"“”]{{1,80}},)?\s+(?P<rel>who|which)\s+[^\"“”]{{2,160}}?,\s+"
    rf"{_AUX}(?:{_SPEECH})\b"
)
# "Mr Glazer's financial backers, including JP Morgan, the US investment bank, have said": the
# subject before the list speaks, not a member of it or that member's description.
_INCLUDING_SUBJECT = re.compile(
    r"^\W*(?:(?:But|And)\s+)?(?P<src>[A-Z][^,;:\"“”]{1,60}?),\s+(?:including|such\s+as)\s+[^,;:\"“”]{2,60}"
    r"(?:,\s+(?:the|an?)\s+[^,;:\"“”]{2,60})?,?\s+"
    rf"{_AUX}(?:said|says?|told|tells?|added|warn(?:s|ed)?|argu(?:es?|ed)|claim(?:s|ed)?|insist(?:s|ed)?|"
    r"stated|announced|den(?:y|ies|ied)|admit(?:s|ted)?|confirm(?:s|ed)?|believes?)\b"  # not "continued to perform"
)
# "The figures were given by economics minister X who said", "by the Conservatives who said": the agent speaks.
_BY_WHO_SAID = re.compile(
    rf"\b(?:by|from|including)\s+(?P<src>(?:the\s+)?(?:[a-z-]+\s+){{0,2}}?{_NAME})\s+who\s+(?:also\s+|later\s+)?"
    r"(?:said|says|told|added|warned|argued)\b"
)
_SAID_FIRST = re.compile(rf"^(?:Said|Says|Added|Adds)\s+(?P<src>{_NAME})\s*[:,]")
_PLACE_THEN_NAME = re.compile(r",\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*,\s+[A-Z]")
# "A study by analysts X suggested": the study opens the clause, so its author speaks
# "Their president, Gustavo Sanchez" before ", says": the subject of the verb, set off, not a clause
_DESCRIBED_SUBJECT_BEFORE = re.compile(rf"\s*(?:[\w'’-]+\s+){{0,4}}?[\w'’-]+,\s+{_NAME}\s*")
# what a report does when its source's name has ended ("a report from X reflects", not "a report
# by the Commons work and pensions committee")
_REPORT_VERBS = (
    r"found|finds|shows?|showed|suggests?|suggested|says|said|warns?|warned|claims?|claimed|reveals?|revealed|"
    r"reflects?|published|predicts?|predicted|estimates?|estimated|concludes?|concluded"
)
_SUNDAY_PAPER = re.compile(r"(?:[Tt]he\s+)?(?:Mail|Independent|Scotland|Wales|Sunday\s+Times)\s+on\s+Sunday\b")
# "But a recent report from Continental Research reflects …": the body a report comes from, for "it said"
_REPORT_FROM = re.compile(
    rf"^\W*(?:(?:But|And|However),?\s+)?(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+\s+){{0,2}}(?:report|study|survey|poll)\s+"
    rf"(?:from|by)\s+(?:the\s+)?(?P<name>{_NAME})(?=\s*(?:[,.;:]|$)|\s+(?:has|have|had|is|was|{_REPORT_VERBS})\b)"
)
_STUDY_SUBJECT = re.compile(
    r"^(?:(?:But|And|However),?\s+)?(?:[Aa]n?|[Tt]he)\s+(?:[a-z-]+\s+)?(?:poll|survey|study)\s+by\s"
)
_AGE = re.compile(r"\d+-year-old")
_FORMER = re.compile(r"\b[Tt]he\s+ex-$")  # "the ex-Wallaby": the former player, described
_POLL_FOR = re.compile(r"\b(?:poll|survey|study)\s+(?:for|by|commissioned\s+by)\s+(?:[a-z-]+\s+){0,3}$")
# A sentence that opens with a full name and its past-tense verb, when the words after say it is a
# person ("Michael Owen revelled in his return"): the sentence's subject, for a "he" to come.
_LEAD_SUBJECT = re.compile(
    rf"^\W*(?:{_NAME}\s+(?:[a-z-]+\s+){{1,2}})?(?P<name>{_NAME})\s+(?:(?:has\s+|had\s+)?[a-z]+ed|was|is)\b"
)
_PARTICIPLE = re.compile(r"\s+(?:in|into|to|by|as|from|for|after|on|at|with)\b")
_ROLE_WORD = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)+")  # "Scrum-half Peter Stringer", "Man-of-the-match Duff"
_FULL_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)+")
_WEAK_VERBS = r"believes|believed|thinks|expects"
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|ch|i)")
# "Georgette Ganon of Human Rights Watch", "Bishop John Magee of the diocese of Cloyne": the person.
_PERSON_OF = re.compile(r"((?:[A-Z][\w'’.-]+\s+)+[A-Z][\w'’.-]+)\s+(?:of|from)\s")
_AFTER_VERB_STOP = re.compile(
    r"\s+(?:-|--|–|—)\s.*$|(?<=[a-z])\s+an?\s+[A-Za-z].*$|\s+(?:on|in|at|to|during|after|before|from|when|who|as|with|while|of\s+the|in\s+a|"
    r"though|although|but|and\s+(?:that|said|added)|adding|speaking|referring|last|this|yesterday|afterwards|later)\b.*$"
)
_PERSON_ROLES = (
    r"spokes(?:man|woman|person)|official|mayor|minister|president|chancellor|researcher|lawyer|"
    r"prosecutor|coroner|chairman|chief|director|manager|coach|secretary|governor|senator|editor|"
    r"correspondent|critic|executive|auctioneer|expert|analyst|source|boss|publicist|student|resident|witness|participant|"
    r"passenger|neighbou?r|relative|friend|fan|customer|diplomat|agent|comedian|actor|actress|singer|musician|"
    r"politician|attorney(?:\s+general)?|solicitor\s+general|consultant|"
    r"(?!(?:list|prayer|number|letter|paper|order|matter|answer|water|power|border|error|factor|sector|"
    r"manner|chapter|quarter|corner|dinner|member|motor|mirror|color|colour|river|tower|never|ever|other|"
    r"over|under|after|either|neither|whether|rather|later|together|however|for|or|nor)\b)\w+(?:er|or|ist)"
)
_BODY_ROLES = (
    r"company|companies|firm|club|college|university|bank|exchange|government|ministry|paper|newspaper|court|"
    r"indictment|military|statement|agency|council|committee|union|board|department|regulator|"
    r"watchdog|commission|organisers|organizers|group|party|automaker|carmaker|retailer|airline|"
    r"insurer|studio|label|network|broadcaster|website|site|magazine|motion|administration|center|"
    r"centre|report|survey|study|lawsuit|suit|complaint|letter|memo|filing|petition|ruling|document|station|office|army|navy|embassy|hospital|airline|team|"
    r"brewery|giant|industry|organisation|organization"
)
# A body's capitalized name, commas and links included: "the Department for Culture, Media and Sport".
_BODY_NAME = r"[A-Z][\w'’&-]*(?:(?:,\s+|\s+(?:and|for|of|on)\s+|\s+)[A-Z][\w'’&-]*){0,6}"
_DESCRIBED_VERB = re.compile(
    r"\b(?P<src>(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Oo]ur|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|(?:[A-Z][\w-]+\s+)?[A-Z][\w-]+['’]s|[Tt]he\s+[\w-]+['’]s)\s+"
    # not "a charge the company denies": one description, no article inside it but after a preposition
    r"(?:(?!(?:which|who|that|as|when|while|after|before|because|since|if|until|though|although|where|"
    r"(?<!\bfor\s)(?<!\bat\s)(?<!\bof\s)(?<!\bto\s)(?<!\bin\s)(?<!\bby\s)(?<!\bwith\s)(?<!\bfrom\s)(?<!\bon\s)(?<!\band\s)"
    r"(?:the|a|an))\b)[A-Za-z][\w'’.&-]*\s+){0,5}?"
    rf"(?:{_PERSON_ROLES}|{_BODY_ROLES}|\d+-year-old)s?"  # '"…," the 21-year-old told Radio Marlow'
    rf"(?:\s+for\s+(?:the\s+)?(?:{_BODY_NAME}|[\w'’-]+))?)(?:,\s+(?:filed|issued|published|based|released)\s[^,\"“”]{{2,80}},)?"
    r"\s+(?:has\s+|have\s+|had\s+|also\s+|already\s+|later\s+|once\s+|meanwhile\s+|repeatedly\s+|consistently\s+)*"
    r"(?:said|says|told|tells|added|adds|confirmed|announced|claimed|warned|insisted|stated|admitted|admits|suggest|"
    r"argued|argues|explained|explains|conceded|concedes|acknowledged|reported|reports|criticised|criticized|denied|denies)\b"
)
_PRONOUN_VERB = re.compile(
    r"(?<!\b[Ii]f\s)(?<!\b[Uu]nless\s)(?<!\balthough\s)(?<!\bthough\s)"  # "If he believes in X, he should resign"
    r"(?<!\banything\s)(?<!\beverything\s)(?<!\bsomething\s)(?<!\bnothing\s)(?<!\bwhatever\s)(?<!\bwhat\s)(?<!\bthat\s)"
    rf"\b(?P<pronoun>[Hh]e|[Ss]he|[Ii]t)\s+{_AUX}(?:{_SPEECH}|announced(?=\s+that\b))\b"
    r"(?!\s+(?:very\s+little|little|nothing|much)\b)"
    r"(?!(?<=told)\s+(?:\w+\s+){1,3}?(?:about|of)\b)"
)
# The sentence's own claim is a pronoun's: "She said Cain suggested ..." (Cain is what she said).
_LEADING_PRONOUN = re.compile(
    rf"^(?:(?:But|And|Yet|So|Later|Earlier|However|Now),?\s+)?(?P<pronoun>[Hh]e|[Ss]he|[Ii]t)\s+{_AUX}"
    rf"(?:{_SPEECH}|denied|denies|announced(?=\s+that\b))\b"
    r"(?!\s+(?:very\s+little|little|nothing|much)\b)(?!(?<=told)\s+(?:\w+\s+){1,3}?(?:about|of)\b)"
)
# The subject did something "but said" / "and he said": "F-Secure issued a warning but said",
# "O'Leary has been in talks over a new deal and he said" (the sentence's own subject is "he").
_SUBJECT_THEN_SAID = re.compile(
    rf"^\s*(?:(?:[a-z][\w-]*|[A-Z][a-z]+)\s+){{0,3}}?(?:(?P<name>{_NAME})|(?P<described>(?:A|An|The)\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?:{_PERSON_ROLES}|{_BODY_ROLES})(?:\s+for\s+(?:the\s+)?[\w'’-]+)?))\s+(?:has\s+|had\s+|have\s+)?(?:not\s+)?"
    r"(?:[a-z]+ed|been|is|was|saw|made|took|gave|cut|kept|sold|won|lost|rose|fell|grew|began|held|bought|spent|"
    r"paid|became|left|met|hit|had|set|put)\b(?:[^;:\"“”]|[\"“]\s*[\"”]){0,120}?,?\s+(?:(?:but|and)\s+(?:also\s+)?"
    r"(?P<pronoun>[Hh]e\s+|[Ss]he\s+)?|after\s+(?P<after>it\s+))(?:has\s+|have\s+|had\s+)?"
    r"(?:said|says|told|warned|insisted)\b"
)
# A name seen before leading a sentence with an active verb ("Mendes could not believe …", not
# "Mutu was sacked by Chelsea"): "he" next may be that person.
_NAMED_LEAD = re.compile(r"^\W*([A-Z][a-z'’-]+)\s+(?:could|would|did|[a-z]+ed)\b")
# A sentence whose subject is a pronoun: "he" next is the same person whoever else it names.
_PRONOUN_SUBJECT = re.compile(r"^\W*(?:[A-Z]\w+,\s+)?(?P<pronoun>[Hh]e|[Ss]he)\s")
# A sentence whose subject is a person described, not named: "The father came to Germany years ago."
_DESCRIBED_SUBJECT = re.compile(
    r"^\W*(?:But\s+|And\s+)?The\s+(?:[a-z0-9-]+\s+){0,2}?(?:father|mother|son|daughter|"
    r"brother|sister|wife|husband|[\w-]*-year-old|man|woman|boy|girl|teenager|player|actor|actress|singer)\s+[a-z]"
)
# A dateline is no speaker: "LONDON, England (CNN) -- ", "Lisbon, Portugal (CNN)  -- ".
_DATELINE = re.compile(r"^[^\n]{0,80}?\((?:CNN|AP|AFP|Reuters)\)\s*(?:--|—|–)\s*")
_ANAPHOR = re.compile(
    rf"\b(?P<noun>(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Ii]ts|[Tt]heir)\s+(?:{_ANAPHOR_NOUNS}))\s+{_AUX}(?:{_VERBS})\b"
    rf"|\b[Aa]s\s+(?:was\s+|had\s+been\s+|previously\s+|earlier\s+)?reported\b(?!\s+by)"
)
_ANAPHORIC_SOURCE = re.compile(rf"^(?:the|this|that|these|those|its|their)\s+(?:{_ANAPHOR_NOUNS})$", re.I)
_POSSESSIVE_START = re.compile(r"^(?:their|his|her|its|our|my|your)(?:\s|$)", re.I)
_GROUP_NOUNS = (
    *("critics", "officials", "analysts", "experts", "observers", "witnesses", "residents", "activists"),
    *("sources", "journalists", "diplomats", "lawmakers", "scientists", "researchers", "commentators"),
    *("opponents", "supporters", "police", "authorities", "doctors", "investigators", "prosecutors"),
    *("users", "fans", "voters", "consumers", "friends", "relatives", "neighbours", "neighbors"),
    *("colleagues", "economists", "campaigners", "traders", "bankers", "customers", "students"),
    *("watchdogs", "regulators", "retailers", "staff", "workers", "bosses", "executives", "unions"),
    *("ministers", "leaders", "investors", "shareholders"),
    "newspapers",
    "papers",
    "parents",
    "reports",
)
_GROUP_WORDS = "|".join(
    ["[Mm]edia reports", "[Mm]edia", "[Pp]olice chiefs", "[Pp]olice officers"]
    + [f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _GROUP_NOUNS]
)
_GROUP = re.compile(
    r"\b(?P<src>(?:[Ss]ome\s+|[Mm]any\s+|[Ss]everal\s+|[Oo]ther\s+|[Bb]oth\s+)?"
    r"(?:(?!(?:And|But|So|Yet|Or|Then|Now|When|While|As|If)\s|[A-Z][a-z]+ly\s)(?:[A-Z][a-z]+|[A-Z]{2,3})\s+|local\s+|state\s+|(?:party|government|diplomatic|intelligence|military|security)\s+)?"
    rf"(?:{_GROUP_WORDS}))"
    r"(?:\s+(?!(?:are|were|is|was|be|been|being|to)\b)[a-z]+){0,3}?\s+(?:argue|argued|arguing|say|said|saying|claim|claimed|claiming|"
    r"warn|warned|warning|note|noted|noting|contend|contended|contending|suggest|suggested|"
    r"suggesting|believe|believed|insist|insisted|insisting|allege|alleged|alleging|told|tell|reported)\b"
)
_GROUP_END = re.compile(rf"\b(?:{_GROUP_WORDS})$")  # a subject that is a group: "Some analysts"
_COMPOUND_GROUP = re.compile(r"[A-Z][\w'’-]+\s+[A-Z][\w'’-]+\s+and\s+(?:the\s+)?(?:[\w-]+['’]s\s+)?(?:[a-z-]+\s+)?$")
_MARK = re.compile(r"[\"“”]")
_CLOSES = re.compile(r"(?:\s|$|[,.;:!?)])")
_MAX_QUOTATION_SENTENCES = 8  # longer runs are more likely a mark gone missing than one quotation
_QUOTED = re.compile(r"[\"“][^\"“”]*(?:[\"”]|$)")
_INTRODUCTION = re.compile(
    r"^(?:[\"“]\s*)?(?:In|After|Before|Speaking|Asked|Responding|Earlier|Later|Writing|Commenting|On|At|"
    r"Following|Despite|Unveiling|Explaining|Interviewed|However|Meanwhile|Separately|Elsewhere)\b"
)
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|of|at|from|for|with|across|over|throughout|around)\s+(?:the\s+)?$")
_CLAUSE_START = re.compile(r"(?:^|[,;:]\s+|\b(?:But|And|However)\s+)(?=[^,;:]*$)")
_ROLE_END = re.compile(rf"\b(?:{_PERSON_ROLES}|{_BODY_ROLES})s?$", re.I)
# "The head", "a spokesman", "the film's executive producer": a person by role, before what they are of
_A_ROLE = rf"(?:[Tt]he|[Aa]n?)\s+(?:[\w-]+\s+){{0,2}}?(?:{_PERSON_ROLES}|head)"
_ROLE_OF_BEFORE = re.compile(rf"(?:^|(?<=\s)){_A_ROLE}\s+of\s+(?:[\w'’&.-]+\s+){{0,4}}$")
_NAME_THEN_ROLE = re.compile(
    rf"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)\s+(?:[a-z-]+\s+){{0,3}}?(?:{_PERSON_ROLES})\s+(?:for|of|at)\b"
)
_ROLE_THEN_NAME = re.compile(rf"\b(?i:{_PERSON_ROLES}|dj|host)\s+[A-Z][\w'’-]+\s+[A-Z][\w'’-]+$")
_ROLE_AFTER = re.compile(rf",\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){{0,3}}?(?:{_PERSON_ROLES})\s+(?:at|of|for|with)\s")
_ROLE_FOR_BEFORE = re.compile(
    rf"\b(?:{_PERSON_ROLES})\s+for\s+(?:the\s+)?(?:[A-Z][\w'’&-]*(?:,\s+|\s+(?:and|for|of|on)\s+|\s+))+$"
)
# "A spokesman for X", "the director behind X": a person described by what they are of or for
_DESCRIBED_PERSON = re.compile(rf"^{_A_ROLE}\s+(?:for|of|at|behind|in)\s")
_PERSON_ROLE_END = re.compile(rf"\b(?:{_PERSON_ROLES})$", re.I)
_BODY_ROLE_END = re.compile(rf"\b(?:{_BODY_ROLES})$", re.I)
_KIND_CUE = re.compile(r"\W*(?:\w+\s+){0,3}?(he|she|his|her|who|it|its|which)\b", re.I)
_HUMAN_VERBS = (
    r"agreed|agrees|denied|denies|admitted|admits|downplayed|insisted|insists|issued|issues|sees|saw|"
    r"believes|believed|thinks|thought|wants|wanted|hopes|hoped|expects|refused|defended|rejected|"
    r"dismissed|conceded|recalled|urged|called|accused|predicted|suggested|pointed|described|praised|"
    r"criticised|criticized|blamed|vowed|pledged|spoke|signed|took|told|said|says|added|wrote|apologised|"
    r"apologized|backed|welcomed|warned|argued|explained|acknowledged|announced|confirmed|declined|"
    r"feels|felt|knew|knows|laid|made|gave|went|joined|launched|tried|died|managed|resigned|retired|married|demanded|"
    r"starred|declared|challenged|given|hailed|held|was\s+at\s+a\s+loss|yet\s+to|is\s+\w+ing|was\s+\w+ing|"
    r"(?:is|was)\s+(?:(?:\w+ly|also|still|not)\s+){0,2}(?:inspired|lost\s+for\s+words|delighted|pleased|worried|"
    r"disappointed|upset|angry|confident|happy|proud|shocked|surprised|keen|determined|adamant|unhappy|"
    r"furious|thrilled|glad|relieved|satisfied|frustrated|optimistic|hopeful)"
)
_SUBJECT = re.compile(
    rf"(?P<name>{_NAME})(?<!['’]s)(?<!['’])(?:\s+\([A-Z][\w.&-]{{1,20}}\))?(?:,[^,\"“”]{{2,110}},)?"
    r"\s+(?:has\s+|had\s+|also\s+|later\s+|twice\s+)*"
    rf"(?:{_HUMAN_VERBS})\b"
)
# A name set off by an appositive, then its verb: "Danny Kruger, who works for the party, had been
# due to ...", "Mirza, the first Indian woman to ..., will now face ...": the sentence's subject.
_WHO_SUBJECT = re.compile(
    rf"(?:^|(?<=[.,;:-]\s))(?P<name>{_NAME})(?:,\s+(?:who|whose|which|the|an?|part|one|\d+|[a-z]+ed|"
    rf"(?:[a-z-]+\s+){{0,2}}?(?:{_PERSON_ROLES})\s+(?:of|at|for))\s+[^,\"“”]{{0,110}},"
    r"|\s+[-–—]\s+(?:who|the|an?)\s+[^-–—\"“”]{0,110}\s[-–—])\s+[a-z]"
)
# "X's sentiments were echoed by Y, director of Z": Y speaks next
_ECHOED_BY = re.compile(rf"\b(?:echoed|repeated|shared|seconded)\s+by\s+(?P<name>{_NAME})")
# "One of the jilted bidders, Netherlands-based group LNM, said": the name set off after a
# description (not "The letter, from the Home Office, says")
_DESCRIBED_THEN_NAMED = re.compile(
    r"^(?:(?:But|And)\s+)?(?:One|A|An|The|Another)\s+(?:of\s+(?:the|its|their|his|her)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?P<head>[a-z]+),"
    rf"\s+(?P<src>(?:(?!(?:by|of|in|at|on|for|from|with|to)\b)[\w-]+\s+){{0,3}}?(?P<name>{_NAME})),\s+"
)
# "One woman, Victoria Lapete, found her sister": a person so described is who "she" is next
_PERSON_HEADS = re.compile(
    r"(?:woman|man|girl|boy|mother|father|wife|husband|son|daughter|sister|brother|survivor|victim|"
    rf"{_PERSON_ROLES})s?$"
)
_REPORTING = re.compile(rf"{_AUX}{_REPORTING_VERB}")
# "For his part, Adam Curry's pressing ahead": "'s" for "is", then what he is doing
_CONTRACTED_IS = re.compile(
    r"(?:^|,\s+)(?P<name>[A-Z][\w'’-]+\s+[A-Z][\w'’-]+)['’]s\s+[a-z]+ing\s+"
    r"(?:ahead|on|off|up|out|to|with|for|into|in|at|the|a|his|her|its|their)\b"
)
_INTRODUCED = re.compile(
    rf"(?P<name>{_NAME}),?\s+(?:is|was|who\s+is|who\s+was)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}?"
    r"(?:spokes(?:man|woman|person)|official|mayor|minister|president|chancellor|researcher|lawyer|"
    r"attorney|prosecutor|judge|chairman|chairwoman|chief|director|manager|coach|secretary|governor|"
    r"senator|editor|correspondent|executive|expert|analyst|leader|head|founder|owner|officer|"
    r"professor|teacher|doctor|author|writer|player|singer|actor|actress|organi[sz]er|member|blogger)\b"
)
_POSSESSIVE_END = re.compile(r"['’]s?$")
_CAPITALIZED_INSIDE = re.compile(r"(?<=[a-z,;]\s)[A-Z][a-z][\w'’-]*")
_PERSON_TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame|Prof|Rev)\b\.?")
_FEMALE_TITLE = re.compile(r"^(?:Mrs|Ms|Miss|Lady|Dame)\b")
_MALE_TITLE = re.compile(r"^(?:Mr|Sir|Lord)\b")
_ORGANISATION_WORD = re.compile(
    r"\b(?:Inc|Ltd|Corp|Group|Bank|Agency|Ministry|Office|Department|Council|Commission|Association|"
    r"Times|News|Post|Herald|Journal|Radio|TV|Television|Reuters|Press|University|Party|Police|Court|"
    r"Organization|Organisation|Institute|Service|Board|Committee|Federation|Union)\b"
)
# A capitalized office after a lowercase description: "the outgoing European Commissioner said".
_TITLE_END = re.compile(
    r"\b(?:Commissioner|Secretary|Minister|President|Chancellor|Governor|Ambassador|Envoy|Commander|Chairman)$"
)
_DESCRIBED_TITLE = re.compile(r"(?:^|(?<=\s))((?:[Tt]he|[Aa]n?)\s+(?:(?!said\b|says\b)[a-z-]+\s+){1,2})$")
# Letters after a name ("Richard Mawrey, QC told"): the name before them speaks.
_POST_NOMINALS = {"QC", "KC", "MP", "MEP", "MSP", "OBE", "CBE", "MBE", "Jr", "Sr", "PhD"}
_HOLDER = re.compile(rf"({_NAME}),\s*$")
# Competitions and prizes: no one "he" may mean ("the 1998 French Open champion").
_EVENT_WORD = re.compile(
    r"\b(?:Open|Cup|Prix|Championships?|Games|Olympics|League|Trophy|Masters|Awards?|Prize|Festival|Series)\b"
)
# Words that open a sentence or date it, capitalized only for that reason.
_DATE_WORDS = {
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    *("january", "february", "march", "april", "may", "june", "july", "august", "september"),
    *("october", "november", "december"),
}
_OPENERS = {
    *("on", "in", "at", "yesterday", "today", "earlier", "later", "meanwhile", "meantime", "however", "also"),
    *("then", "now", "previously", "last", "and", "but", "separately", "still", "moreover"),
    *_DATE_WORDS,
    *("speaking", "asked", "writing", "as", "having", "initially"),
    *("originally", "finally", "eventually", "subsequently", "ultimately", "instead", "overall", "afterwards"),
    *("indeed", "clearly", "surely", "perhaps", "certainly", "nevertheless", "nonetheless", "similarly"),
}
_TITLED_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sir|Lord|Lady)\s+[A-Z][\w'’-]+$")
_GIVEN_NAME_MONTHS = {"april", "may", "june", "august"}  # "June Carter Cash said": a name, not a date
_TIME_WORDS = _OPENERS - {"and", "but", "also", "then", "still", "moreover", "however", "speaking", "asked"}
# Capitalized job titles before a full name: "Chief Joseph Zikuski" is Joseph Zikuski.
_ROLE_TITLES = {
    *("chief", "president", "minister", "secretary", "director", "judge", "captain", "general"),
    *("senator", "governor", "commissioner", "coach", "professor", "chairman", "spokesman"),
    *("mayor", "ambassador", "sheriff", "boss", "manager", "skipper", "striker", "ceo", "executive"),
}
_SUBORDINATORS = {
    *("that", "when", "after", "before", "while", "as", "because", "since", "until", "although"),
    *("though", "if", "where", "which", "who", "whom"),
}
_PREPOSITIONS = {"for", "from", "with", "among", "by", "of", "to", "under", "within", "across", "despite"}
_NON_NAMES = {
    *("other", "some", "many", "several", "most", "both", "all", "each"),
    *("no", "nobody", "none", "neither", "nothing"),  # "No details … have been confirmed": no one
}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "the"}
_MAX_SOURCE_WORDS = 8
_CLAUSE_WORDS = {"who", "which", "that", "had", "has", "have", "was", "were", "is", "are", "but", "and", "speaking",
                 "led", *_PREPOSITIONS, "against", "at", "in", "on", "like", "than"}  # fmt: skip
_MAX_COMPOUND_WORDS = 14
_MAX_NAME_WORDS = 4
_CUT_POSSESSOR = re.compile(rf"[A-Z][\w-]*['’]s\s+(?P<name>{_NAME})$")
_NAME_CUT_BEFORE = re.compile(r"(?:^|\s)[A-Z][\w'’-]*\s+[a-z]+\s+$")  # "War on ": a body's name went on
_LIST_BEFORE = re.compile(rf"(?:^|(?<=,\s))(?:{_NAME},\s+)+$")
# The rest of a clause that ends "X and [title]": the subject is X and the name after it.
_COMPOUND_BEFORE = re.compile(r"(?:(?<=[\"”,;:]\s)|^)[^\"”,;:]*\band\s+(?:[a-z-]+\s+){0,4}$")


@dataclass
class _Speakers:
    """Who has spoken so far in one article, for the pronouns and anaphora that point back."""

    named: str | None = None  # the last named source of any kind ("according to the report")
    person: str | None = None  # the last named person ("he said")
    organisation: str | None = None  # the last named organisation ("it said")
    previous: str | None = None  # the sentence before's speaker, when it quoted them
    names: set[str] = field(default_factory=set)  # capitalized words seen inside sentences so far
    before: str = ""  # the sentence before, its quotations blanked
    people: set[str] = field(default_factory=set)  # sources a "he" or "she" was resolved to

    def heard(self, source: str, sentence: str, named: bool, cue: bool = True) -> None:
        """`cue`: the words after the source may say what it is ("X said it would", "X, who ...")."""
        kind = _kind(source, sentence if cue else "")
        at = sentence.find(source)
        if at > 0 and _ROLE_THEN_NAME.search(sentence[:at] + source):
            kind = "person"  # "Party leader X said it had received": "it" is what he said
        # "he" is one person, "it" one body: not "X and Y", but "A Department for A and B spokeswoman",
        # "A spokesman for the Department for A and B"
        one = " and " not in source or bool(_PERSON_ROLE_END.search(source) or _DESCRIBED_PERSON.match(source))
        if named:
            self.named = source
            if kind in {"person", "either"} and one:
                self.person = source
            if kind in {"organisation", "either"} and one:
                self.organisation = source
        elif kind == "person":  # "the spokesman said": "he said" next is the spokesman
            self.person = source

    def report(self, phrase: str) -> str | None:
        """Who "the report" or "the newspaper" is: the last named source, unless that was a person
        (known as one by a title or role, or because "he" or "she" was said of them), who is no
        report: then "the report" itself ("its statement": no one)."""
        person = self.named is not None and self.named == self.person
        if person and (self.named in self.people or self.named != self.organisation):
            return phrase if phrase.lower().startswith("the ") else None
        return self.named

    def read(self, unquoted: str) -> None:
        """Remember the sentence's subject when it is a person ("Mr Telford agreed, but ...") or,
        for "it", an organisation ("Mitsubishi Motors issued its third profits warning").
        `unquoted`: the sentence with its quotations blanked (a name inside one is no subject)."""
        match = (
            _ECHOED_BY.search(unquoted)
            or _described_person(unquoted)
            or _CONTRACTED_IS.search(unquoted)
            or _SUBJECT.search(unquoted)
            or _INTRODUCED.search(unquoted)
            or _WHO_SUBJECT.search(unquoted)
        )
        report = None if match else _REPORT_FROM.match(unquoted)
        if report:
            self.organisation = report.group("name")
            return
        lead = None if match else _LEAD_SUBJECT.match(unquoted)
        if lead and len(lead.group("name").split()) > 1 and _kind(lead.group("name"), unquoted) == "person":
            match = lead
        elif lead and _ORGANISATION_WORD.search(lead.group("name")):
            self.organisation = lead.group("name")  # "The China Three Gorges Project Corp could now face …"
            return
        if match:
            name = _strip_openers(match.group("name"))
            known = len(name.split()) > 1 or _PERSON_TITLE.match(name) or name in self.names
            kind = _kind(name, unquoted)
            if name and known and not name.startswith("The ") and kind in {"person", "either"}:
                self.person = name
            elif name and kind == "organisation":
                self.organisation = name

    def remember_names(self, sentence: str) -> None:
        """The capitalized words inside the sentence, names a later single-word subject may be."""
        self.names.update(_POSSESSIVE_END.sub("", w) for w in _CAPITALIZED_INSIDE.findall(sentence))


def attribute_sentences(sentences: Iterable[str]) -> list[str | None]:
    """Attribute each sentence of one article, in order (pronouns and anaphora need the earlier ones).

    A quotation of several sentences (`"It is late. We are sorry," she said.`) is one claim: its
    speaker, named in one of its sentences, is every one of its sentences' speaker."""
    speakers = _Speakers()
    result: list[str | None] = []
    quotes: list[tuple[bool, bool, bool]] = []
    inside = False
    for text in sentences:
        opens_inside, ends_inside = _quotation_state(text, inside)
        quotes.append((opens_inside, ends_inside, _MARK.match(text.lstrip()) is not None))
        closes_here = opens_inside and _MARK.search(text) is not None
        inside = ends_inside
        sentence = '"' + text if closes_here else text  # read `…," said X` with its opening mark
        source, named = _attribute(sentence)
        quoting = _all_quotation(sentence)
        if source is not None and source.startswith(_INHERIT):
            source = speakers.report(source[len(_INHERIT) :])
        elif source is not None and source.startswith(_PRONOUN):
            pronoun = source[len(_PRONOUN) :]
            source = _resolve(pronoun, speakers)
            if source is not None and pronoun != "it":
                speakers.people.add(source)
        elif source is None and quoting:
            source = speakers.previous  # a quote that goes on from the sentence before
        elif source is not None:
            speakers.heard(source, sentence, named, cue=_ACCORDING_TO.search(sentence) is None)
        unquoted = _QUOTED.sub(_blank, sentence)
        if source is None:
            speakers.read(unquoted)
        speakers.remember_names(sentence)
        speakers.before = unquoted
        has_quote = any(mark in sentence for mark in '"“”')
        if not (opens_inside and ends_inside and source is None):  # inside a quotation: it goes on
            speakers.previous = source if source is not None and has_quote else None
        result.append(source)
    return _share_within_quotations(result, quotes)


def _quotation_state(sentence: str, inside: bool) -> tuple[bool, bool]:
    """(opens inside a quotation, ends inside one). A sentence without marks stays where the one
    before ended (`inside`). Otherwise its own marks decide: its first mark closes a quotation
    when it is `”` or a straight quote right after a word or punctuation and before a space
    ("…device," said); straight marks alternate from there. So one stray mark flips no more than
    the sentences up to the next mark."""
    marks = [(m.start(), m.group()) for m in _MARK.finditer(sentence)]
    if not marks:
        return inside, inside
    first_at, first = marks[0]
    closing_first = first == "”" or (
        first == '"'
        and first_at > 0
        and not sentence[first_at - 1].isspace()
        and _CLOSES.match(sentence, first_at + 1) is not None
    )
    inside = closing_first
    for _, mark in marks:
        inside = mark == "“" or (mark == '"' and not inside)
    return closing_first, inside


def _share_within_quotations(sources: list[str | None], quotes: list[tuple[bool, bool, bool]]) -> list[str | None]:
    """Sentences joined by one quotation (each ends inside it, the next opens inside it) take the
    speaker one of them names, when they name exactly one and the quotation ends: with a closing
    mark, or where the next sentence starts with an opening one (a quote that goes on into the
    next paragraph). A quotation that just stops is a mark gone missing, and shares nothing.
    `quotes`: (opens inside, ends inside, starts with a mark) per sentence."""
    result = list(sources)
    start = 0
    for index in range(1, len(quotes) + 1):
        if index < len(quotes) and quotes[index - 1][1] and quotes[index][0]:
            continue  # the quotation goes on into the next sentence
        run = range(start, index)
        closes = not quotes[index - 1][1]
        reopened = quotes[index - 1][1] and index < len(quotes) and quotes[index][2]
        named = {sources[i] for i in run if sources[i] is not None}
        if (closes or reopened) and 1 < len(run) <= _MAX_QUOTATION_SENTENCES and len(named) == 1:
            speaker = named.pop()
            for i in run:
                result[i] = speaker
        start = index
    return result


_INHERIT = "\x00inherit"
_PRONOUN = "\x00pronoun:"


def _attribute(sentence: str) -> tuple[str | None, bool]:
    """(source, is_named) for one sentence; `_INHERIT` or `_PRONOUN…` when it points back."""
    text = _QUOTED.sub(_blank, _DATELINE.sub(_spaces, sentence))  # a name inside a quotation is not its speaker
    speaker = _after_verb(text)
    if speaker and _QUOTED.search(sentence):  # '"...," said X, as reported by Reuters': X spoke
        return speaker, _is_named(speaker)
    match = _ACCORDING_TO.search(text)
    if match:
        return _according_to(text, match)
    for finder in (
        _leading_pronoun,
        _after_verb,
        _including,
        _appositive,
        _described_then_named,
        _named_verb,
        _described,
        _before_who,
        _named_otherwise,
        _subject_then_said,
    ):
        found = finder(text)
        if found and finder is _named_verb and re.search(rf"{re.escape(found)}\s+(?:{_WEAK_VERBS})\b", text):
            found = _described(text) or found  # "The US believes X, a US official told CNN": the official
        if found:
            return found, _is_named(found)
    pronoun = _PRONOUN_VERB.search(text)
    if pronoun:
        return _PRONOUN + pronoun.group("pronoun").lower(), False
    anaphor = _ANAPHOR.search(text)
    if anaphor:
        return _INHERIT + (anaphor.group("noun") or ""), False
    return _group(text), False


def _group(text: str) -> str | None:
    """`analysts said`, `Many investors believe`: a group; not one that told someone of something
    ("X bosses told counterparts of"), nor the end of a named compound subject ("President X and
    the country's legal authorities said")."""
    group = _GROUP.search(text)
    if group is None or _NO_CLAIM.match(text, group.end()) or _COMPOUND_GROUP.search(text[: group.start()]):
        return None
    return group.group("src")


def _according_to(text: str, match: re.Match[str]) -> tuple[str | None, bool]:
    speaker = _named_verb(text[: match.start()])  # "Garcia said, according to the news agency"
    if speaker:
        return speaker, _is_named(speaker)
    if _PLACE_THEN_NAME.match(text, match.end()):  # "according to Nassau County, New York, DA X"
        return None, False
    source = _clean_source(match.group("src"))
    if source == "":
        return None, False
    if source is None or _ANAPHORIC_SOURCE.match(source):
        return _INHERIT + (source or ""), False  # "according to the report"
    if _POSSESSIVE_START.match(source) and not any(w[:1].isupper() for w in source.split()[1:]):
        # "according to their last known voting intention": no one; "According to its latest
        # accounts, Media Lab Europe said": the name that says it
        after = _named_verb(text[match.end() :])
        return (after, _is_named(after)) if after else (None, False)
    return source, _is_named(source)


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _blank(quoted: re.Match[str]) -> str:
    """A quotation with its words blanked out and its marks kept: `"…," said X` still reads."""
    text = quoted.group(0)
    closes = text[-1] in {'"', "”"} and len(text) > 1
    return text[0] + " " * (len(text) - 1 - closes) + (text[-1] if closes else "")


def _leading_pronoun(text: str) -> str | None:
    """ "She said Cain suggested ...": the claim is hers, not Cain's (resolved later)."""
    stripped = text.strip()
    match = _LEADING_PRONOUN.match(stripped)
    if not match or (match.group(0).endswith(("denied", "denies")) and _NO_CLAIM.match(stripped, match.end())):
        return None  # "He denied him a second goal"
    return _PRONOUN + match.group("pronoun").lower()


def _after_verb(text: str) -> str | None:
    """`"...," said X` -> X (see `_after_verb_phrase`), a person without the place or body they
    are "of" ("iReporter Joel Vetsch of New Haven" -> "Joel Vetsch")."""
    phrase = _after_verb_phrase(text)
    return phrase and (_person_of(phrase) or phrase)


def _after_verb_phrase(text: str) -> str | None:
    """`"...," said X` -> X: the name it ends in ("chief executive Todd Stitzer" -> "Todd Stitzer"),
    a capitalized phrase ("Le Figaro newspaper"), or a described speaker ("a Fox spokesman")."""
    match = _AFTER_VERB.search(text)
    # ", warned the BBC to steer away": the listener; "Their president, X, says Juninho …": X speaks,
    # Juninho is what he speaks of
    if not match or _WARNED_TO.match(match.group(0)) or _DESCRIBED_SUBJECT_BEFORE.fullmatch(text[: match.start()]):
        return None
    phrase = _AFTER_VERB_STOP.sub("", " ".join(match.group("src").split())).strip()
    phrase = re.sub(r"\s+(?:said|says)$", "", phrase)  # "said X chairman Peter Sanders said": a doubled verb
    described = _NAME_THEN_ROLE.match(phrase)  # "X mobile industry specialist for analysts Y": X
    phrase = described.group(1) if described else phrase
    words = phrase.split()
    too_long = not words or len(words) > _MAX_SOURCE_WORDS
    if too_long or words[0].lower() in (_PRONOUNS - {"the"}) | _TIME_WORDS or _FINITE.search(phrase):
        return None  # _FINITE: ", said Charles was one of his heroes" is what was said, not who
    tail = re.search(rf"(?:^|\s)({_NAME})$", phrase)
    if tail and tail.start(1) > 0 and phrase[: tail.start(1)].split()[-1][:1].islower():
        return _name_at_end(phrase, tail, text[match.end() :])
    if words[0][:1].isupper():
        # ", though, believes Williams fits the bill": what is believed, not who believes it
        weak = re.match(r"\W*(?:thinks|believes)\b", match.group(0))
        return None if weak and any(w[:1].islower() for w in words) else phrase
    role = bool(_ROLE_END.search(phrase) or _AGE.fullmatch(words[-1]) or words[-1] in {"champion", "seed"})
    if words[0].lower() in {"the", "a", "an", "one", "our"} and role:
        return phrase  # "said a Fox spokesman", "said our correspondent", "said the 22-year-old", "said the champion"
    return None


def _name_at_end(phrase: str, tail: re.Match[str], rest: str) -> str | None:
    """`said X` where X ends in a name after a lowercase word: "chief executive Todd Stitzer" ->
    the name; "the head of Marlow Ferries" -> the head, not the firm, and "the director behind JFK,
    Platoon and Nixon" the whole list (`rest`: the sentence after the match); "the star of X" -> no
    one known."""
    head = phrase[: tail.start(1)]
    lowercase = phrase[:1].islower()
    if lowercase and head.split()[-1] in {"of", "for", "at", "behind"}:
        if not _DESCRIBED_PERSON.match(head):
            return None
        listed = _LIST_AFTER.match(rest)
        return " ".join((phrase + (listed.group(0) if listed else "")).split())
    role = _PERSON_ROLE_END.search(head.rstrip())  # "Villa boss David O'Leary"
    return tail.group(1) if lowercase or role else phrase


def _appositive(text: str) -> str | None:
    """`X, head of Y, said` -> X. After a comma only when an introductory phrase precedes it
    ("In response to ..., X, leader of Y, said"), not in a list ("..., Ambuja Cement India Ltd,
    a Holcim statement said") or a place ("Casablanca, Morocco, she said")."""
    pos = 0
    while match := _APPOSITIVE_VERB.search(text, pos):
        pos = match.start("src") + 1  # overlapping: "However, X, the chairman of Y, said" after "However"
        if _NO_CLAIM.match(text, match.end()):
            continue
        source = _strip_openers(match.group("src"))
        removed = match.group("src")[: len(match.group("src")) - len(source)].split()
        if not source or any(w not in {"And", "But"} for w in removed) or source.lower() in _PRONOUNS:
            continue  # "In London, police said": the opener is no name
        if source.split()[0].lower() in _PREPOSITIONS:
            continue  # "For the Liberal Democrats, Sir Menzies Campbell said": the name after it speaks
        before = text[: match.start("src")]
        if before.endswith(", ") and not _INTRODUCTION.match(before):
            continue
        appositive = match.group(0)[len(match.group("src")) :].strip(" ,").split()
        if appositive and appositive[0].lower() in {"he", "she", "it", "they", "we", "i", "you"}:
            continue
        named = re.match(rf"({_NAME}),", match.group(0)[len(match.group("src")) :].lstrip(" ,"))
        office = source.startswith("The ") or _TITLE_END.search(source) or _PERSON_ROLE_END.search(source)
        if office and named and len(named.group(1).split()) <= _MAX_NAME_WORDS:
            return named.group(1)  # "The Lord Chancellor, Lord Falconer, agreed": the name
        return source
    return None


def _named_verb(text: str) -> str | None:
    for match in _NAMED_VERB.finditer(text):
        source = _strip_openers(match.group("src"))
        before = text[: match.start("src")]
        if _not_its_speaker(text, match, source, before):
            continue
        if "," in text[match.end("src") : match.end()]:  # "..., Jim McDonnell, said": post-posed only
            return source
        compound = _COMPOUND_BEFORE.search(before)
        first = compound.group(0).split(" and ")[0] if compound else ""
        clause = re.search(r"\b[a-z]{3,}(?:ed|ly)\b", first)  # "But the pair chatted amicably and Mr Brown insisted"
        if compound and re.search(r"[A-Z]", first) and not clause:
            # "chief executive X and chief operating officer Y said": both, or none; but "The Tories
            # say X and Labour says Y" is two claims, and this verb reports Labour's
            phrase = " ".join((compound.group(0) + source).split())
            if re.search(rf"\b(?:{_VERBS}|say)\b", first):
                phrase = source
            else:
                phrase = _listed_before(before[: compound.start()]) + phrase
            return phrase if len(phrase.split()) <= _MAX_COMPOUND_WORDS else None
        fuller = _fuller_source(before, source, match.group("src"))
        if fuller:
            return fuller
        if _PREPOSITION_BEFORE.search(before):  # "music industry bosses in Norway said"
            start = list(_CLAUSE_START.finditer(before))[-1].end() if _CLAUSE_START.search(before) else 0
            phrase = " ".join((before[start:] + match.group("src")).split())
            person = _person_of(phrase)  # "Bishop John Magee of the diocese of Cloyne said"
            opener = phrase.split()[0].lower()
            if not person and opener in _PREPOSITIONS | {"but", "and", "speaking", "writing"}:
                # "…, with Mr Dixon quoted as saying", "but speaking in Thailand Hingis admitted": no
                # speaker, but "Speaking in Harrogate Mr Kennedy said": the titled name
                titled = opener in {"speaking", "writing"} and _TITLED_END.search(phrase)
                if not titled:
                    continue
                person = titled.group(0)
            return person or (phrase if len(phrase.split()) <= _MAX_SOURCE_WORDS else None)
        return _whole_source(before, source)
    return None


def _whole_source(before: str, source: str) -> str:
    """The named speaker with the names listed before it ("Paramount, Universal and Warner said"),
    or without a possessor cut from its name ("War on Want's John Hilary said": John Hilary)."""
    possessor = _CUT_POSSESSOR.match(source) if _NAME_CUT_BEFORE.search(before) else None
    if possessor:
        return possessor.group("name")
    return _listed_before(before) + source if " and " in source else source


def _listed_before(before: str) -> str:
    """The names listed before "X and Y said" ("Last month, Paramount, Universal and Warner
    said": all three), when the sentence opens with them or with a time or place phrase; else ""."""
    listed = _LIST_BEFORE.search(before)
    if not listed:
        return ""
    opener = before[: listed.start()].strip()
    names = [name.strip() for name in listed.group(0).split(",") if name.strip()]
    words = {word.lower() for name in names for word in name.split()}
    if words & (_OPENERS | _PREPOSITIONS) or any(_strip_openers(name) != name for name in names):
        return ""  # "In Tokyo, Sony and NEC said", "By September, ...": a place or a time is no speaker
    if opener and not (opener.endswith(",") and opener.split()[0].lower() in _OPENERS and len(opener) <= 40):
        return ""
    return listed.group(0)


def _not_its_speaker(text: str, match: re.Match[str], source: str, before: str) -> bool:
    """The name before a reporting verb that did not make the claim: a pronoun or a group word, a
    name in a subordinate clause, a description ("the Australian said"), the client of a poll ("a
    poll for X said"), a possessive object ("cast doubt on Campbell's claims"), a participle after
    a comma ("X, recalled in place of Y, was denied"), or a claim that is no claim ("added the
    conversion")."""
    lowered = source.lower()
    nobody = not source or lowered in _PRONOUNS or lowered in {*_GROUP_NOUNS, "media", *_NON_NAMES, *_SUBORDINATORS}
    demonym = source.removeprefix("The ")
    described = _DEMONYM.fullmatch(demonym) and (before.endswith(("the ", "The ")) or demonym != source)
    described = described or bool(re.search(r"\b[Tt]he\s+\d+-year-old\s+$", before))  # "the 24-year-old Swiss added"
    # "ex-Wallaby" alone is no name; "the ex-Wallaby" names the former player (_fuller_source)
    bare_former = re.search(r"\b[Ee]x-$", before) and not _FORMER.search(before)
    report = re.match(rf"\s+(?:{_REPORT_NOUNS})\b", text[match.end("src") :])
    # "cast doubt on Campbell's claims", "in response to Souness' remarks"
    owner = re.search(r"['’]s$", source) or (
        re.search(r"s['’]$", source) and re.match(r"\s+[a-z]", text[match.end("src") :])
    )
    possessive = owner and not report and re.search(r"\b[a-z]+\s+$", before)
    if nobody or described or bare_former or possessive:
        return True
    poll = _POLL_FOR.search(before) and not _STUDY_SUBJECT.match(before)
    if _NO_CLAIM.match(text, match.end()) or _subordinate(before) or poll:
        return True
    continued = " and " in source and "," not in text[match.end("src") : match.end()]
    if continued and _ROLE_FOR_BEFORE.search(before):
        return True  # "A spokesman for the Department for Culture, Media and Sport said": the spokesman
    if "," in text[match.end("src") : match.end()]:  # post-posed: "..., Jim McDonnell, said"
        participle = _PARTICIPLE.match(text, match.end()) and not match.group(0).endswith(("said", "says", "told"))
        return bool(before and not before.endswith(", ") and not _role_before(before)) or bool(participle)
    return False


def _role_before(before: str) -> bool:
    """The clause before a name is a role that the name holds ("The men's lawyer Jim McDonnell, said":
    a stray comma, not a name set off), not a clause that names someone else ("led by chief
    executive X, said", "speaking to correspondent X, said", "who had fewer MPs, believed")."""
    clause = before.rsplit(", ", 1)[-1]
    words = clause.split()
    return (
        bool(_PERSON_ROLE_END.search(clause.rstrip()))
        and len(words) <= 6
        and not any(w.lower() in _CLAUSE_WORDS for w in words)
    )


def _fuller_source(before: str, source: str, raw: str) -> str | None:
    """The speaker when the words before the name are part of it or hold it: "Judge Richard
    Mawrey, QC told" (not "QC"), "the outgoing European Commissioner said", "The head of US TV
    network Fox has admitted" (the head, not Fox)."""
    holder = _HOLDER.search(before) if source in _POST_NOMINALS else None
    if holder:
        return _strip_openers(holder.group(1))
    former = _FORMER.search(before)  # "the ex-Wallaby added": the former player
    if former:
        return former.group(0) + source
    described = _DESCRIBED_TITLE.search(before) if _TITLE_END.search(source) else None
    if described:
        return " ".join((described.group(1) + source).split())
    role_of = _ROLE_OF_BEFORE.search(before)
    return " ".join((role_of.group(0) + raw).split()) if role_of else None


def _before_who(text: str) -> str | None:
    """`X, who …, said` -> X: the full name the subject ends in, or a described subject ("The
    remaining members of Korn"); nothing else (a place, an event)."""
    match = _WHO_CLAUSE.search(text)
    if not match or _NO_CLAIM.match(text, match.end()):  # "Marlow, which lies on the coast, said goodbye"
        return None
    subject = " ".join(match.group("src").split())
    if match.group("rel") == "which":  # "The firm, which …, said": a body, described or named
        body = re.match(r"(?:The|A|An)\s", subject) and _BODY_ROLE_END.search(subject)
        named = re.fullmatch(_NAME, subject) and _kind(subject, "") != "person"
        return subject if (body or named) and len(subject.split()) <= _MAX_SOURCE_WORDS else None
    name = re.search(rf"(?:^|\s)({_NAME})$", subject)
    if name and len(name.group(1).split()) >= 2 and not _ORGANISATION_WORD.search(name.group(1)):
        return _strip_openers(name.group(1)) or None
    age = subject.startswith("The ") and _AGE.fullmatch(subject[4:])  # "The 27-year-old, who ..., said"
    described = _ROLE_END.search(subject.split(" of ")[0]) or age
    if re.match(r"(?:The|A|An)\s", subject) and described:
        return subject if len(subject.split()) <= _MAX_SOURCE_WORDS else None
    return None


def _including(text: str) -> str | None:
    """`X, including A, the B, have said` -> X, when X is a name or describes people or bodies
    ("Cash-strapped firms"); not "Prices, including fuel, ..." (no one)."""
    match = _INCLUDING_SUBJECT.match(text)
    if not match or _NO_CLAIM.match(text, match.end()):
        return None
    subject = _strip_openers(" ".join(match.group("src").split()))
    if not subject or len(subject.split()) > 6 or subject.split()[0].lower() in _PRONOUNS - {"the"}:
        return None
    named = re.fullmatch(_NAME, subject) is not None
    return subject if named or _ROLE_END.search(subject) or _GROUP_END.search(subject) else None


def _described_person(text: str) -> re.Match[str] | None:
    """ "One woman, Victoria Lapete, found her sister": the subject named after a person's description."""
    match = _DESCRIBED_THEN_NAMED.match(text)
    return match if match and _PERSON_HEADS.match(match.group("head")) else None


def _described_then_named(text: str) -> str | None:
    """`One of the jilted bidders, Netherlands-based group LNM, said` -> the named one, with the
    words that describe it."""
    match = _DESCRIBED_THEN_NAMED.match(text)
    verb = _REPORTING.match(text, match.end()) if match else None
    if not match or not verb or _NO_CLAIM.match(text, verb.end()):  # "The chaplain, Father X, said a prayer"
        return None
    return _strip_openers(match.group("src")) or None


def _named_otherwise(text: str) -> str | None:
    """A speaker named without a reporting clause: "Said Mr Fogg: ...", "criticism came from X", "given
    by X who said"."""
    match = _SAID_FIRST.search(text) or _CAME_FROM.search(text) or _BY_WHO_SAID.search(text)
    return _strip_openers(match.group("src")) or None if match else None


def _subject_then_said(text: str) -> str | None:
    """The sentence's subject did something "but said" or "and said", or "and he said": "F-Secure
    issued a warning but said …", "A spokesman for the firm refused to comment, but said …",
    "O'Leary has been in talks over a new deal and he said" (O'Leary is the "he")."""
    match = _SUBJECT_THEN_SAID.match(text)
    if not match:
        return None
    if not match.group("name"):
        return match.group("described")
    name = _strip_openers(match.group("name"))
    if match.group("after"):  # "Electrolux saw its shares rise on Monday after it said …": the subject is "it"
        between = text[match.end("name") : match.start("after")]
        others = [w for w in re.findall(r"\b[A-Z][\w'’-]*", between) if w.lower() not in _DATE_WORDS]
        return name if name and not others and _kind(name, "") != "person" else None
    pronoun = (match.group("pronoun") or "").strip().lower()
    if name.lower() in {"he", "she", "it"} or (pronoun and _kind(name, "") == "organisation"):
        return _PRONOUN + (pronoun or name.lower())  # "He called it an occupation and said …": resolved later
    return name or None


def _person_of(phrase: str) -> str | None:
    """The person a phrase names before the place or body they are "of", when it names one: a name
    of two or more words that is not itself an organisation's ("Bank of England" stays whole)."""
    person = _PERSON_OF.search(phrase)
    if person and not _ORGANISATION_WORD.search(person.group(1).split()[-1]):
        return person.group(1)
    return None


def _described(text: str) -> str | None:
    for match in _DESCRIBED_VERB.finditer(text):
        if not _subordinate(text[: match.start("src")]) and not _NO_CLAIM.match(text, match.end()):
            source = " ".join(match.group("src").split())
            parts = re.split(r"\s+and\s+(?=(?:the|a|an)\s)", source, maxsplit=1)
            first, second = parts[0], parts[1] if len(parts) > 1 else ""
            # "the doctors and the family's lawyer said": both; "helped the relief effort and the
            # prime minister has said": the second clause's subject only
            return source if not second or _ROLE_END.search(first) else second
    return None


def _resolve(pronoun: str, speakers: _Speakers) -> str | None:
    """he/she: the last named person, unless a title says otherwise; it: the last organisation."""
    if pronoun == "it":
        return speakers.organisation
    person = speakers.person
    if person is None:
        return None
    if (pronoun == "he" and _FEMALE_TITLE.match(person)) or (pronoun == "she" and _MALE_TITLE.match(person)):
        return None
    before = speakers.before
    same = _PRONOUN_SUBJECT.match(before)
    if same and same.group("pronoun").lower() == pronoun:
        return person  # "He won his heat in the Grand Prix. '…,' he said": the same subject goes on
    # "Mendes could not believe it …" (a name seen before, leading the sentence): "he" may be Mendes
    lead = _NAMED_LEAD.match(before)
    if (
        lead
        and lead.group(1) in speakers.names
        and lead.group(1) not in person.split()
        and person.split()[-1] not in before
    ):
        return None
    return None if _someone_else(person, before) else person


def _someone_else(person: str, before: str) -> bool:
    """The sentence before may be about someone else, whom "he" may mean: a person it describes
    as its subject ("The father came to Germany."), a full name other than the person's surname's,
    or another person of the same surname ("Nigel Williams said …" then "Matt Williams will …")."""
    if _DESCRIBED_SUBJECT.match(before):
        return True
    surname = person.rsplit(maxsplit=1)[-1]
    rivals = list(_rivals(before))
    namesake = person not in before and any(_namesakes(person, rival) for rival in rivals)
    return namesake or (surname not in before and any(surname not in rival for rival in rivals))


def _namesakes(person: str, other: str) -> bool:
    """Two people of one surname and different given names: "Nigel Williams", "Matt Williams"."""
    mine, theirs = person.split(), other.split()
    if len(mine) < 2 or len(theirs) < 2 or mine[-1] != theirs[-1]:
        return False
    given = [mine[-2], theirs[-2]]
    return given[0] != given[1] and not any(
        _PERSON_TITLE.match(g) or g.lower() in _ROLE_TITLES or _PERSON_ROLE_END.search(g) for g in given
    )


def _rivals(text: str) -> Iterable[str]:
    """Full names in `text` that may be people: not organisations, not "the Nou Camp"."""
    for match in _FULL_NAME.finditer(text):
        name, before = match.group(0), text[: match.start()]
        if _ORGANISATION_WORD.search(name) or _EVENT_WORD.search(name) or before.endswith(("the ", "The ")):
            continue
        yield name


def _kind(source: str, sentence: str) -> str:
    """ "person", "organisation" or "either", from the name and the pronouns the sentence uses."""
    # "Virgin Radio DJ Pete Mitchell" (_ROLE_THEN_NAME): a person, whatever body the role is of
    described = _PERSON_ROLE_END.search(source) or _DESCRIBED_PERSON.match(source) or _ROLE_THEN_NAME.search(source)
    if _PERSON_TITLE.match(source) or described:
        return "person"
    if _ORGANISATION_WORD.search(source) or source.isupper() or _BODY_ROLE_END.search(source):
        return "organisation"
    at = sentence.find(source)
    before, after = (sentence[:at], sentence[at + len(source) :]) if at >= 0 else ("", "")
    if before.endswith(", ") and _ROLE_OF_BEFORE.search(before[:-2] + " "):
        return "person"  # "The head of that tribunal, X, said it had ...": "it" is what he said
    if _ROLE_AFTER.match(after):
        return "person"  # "X, senior consultant at Sophos, told the BBC that it was": "it" is what he said
    cue = _KIND_CUE.match(after)
    if cue:
        return "organisation" if cue.group(1).lower() in {"it", "its", "which"} else "person"
    return "either"


def _all_quotation(sentence: str) -> bool:
    """The sentence is a quotation from its first character to its last."""
    stripped = sentence.strip()
    return stripped[:1] in {'"', "“"} and not _QUOTED.sub("", stripped).strip(" .,;:!?")


def _is_named(source: str) -> bool:
    """A proper name ("the Pentagon", "Reuters"), not a group ("Officials", "journalists")."""
    if _GROUP.match(source.lower() + " said"):
        return False
    return any(word[:1].isupper() for word in source.split())


def _clean_source(raw: str) -> str | None:
    """Trim "according to X ..." down to X: a leading name, or a short phrase; "" when what follows
    "according to" is a clause that names no source."""
    raw = " ".join(raw.split())
    if not raw:
        return None
    sunday = _SUNDAY_PAPER.match(raw)  # "The Mail on Sunday": a paper's name, not a day
    if sunday:
        return sunday.group(0)
    brand = re.match(rf"[a-z]{{1,2}}[A-Z][\w'’&-]*(?:\s+{_CAP})*", raw)  # "eBay UK", "iTunes"
    if brand:
        return brand.group(0)
    named = re.match(rf"(?:[Tt]he\s+)?{_NAME}(?:\s+(?:{_REPORT_NOUNS}|{_OUTLET_NOUNS})\b)?", raw)
    if named and (raw[0].isupper() or (raw.lower().startswith("the ") and raw[4:5].isupper())):
        return _named_after(named.group(0), raw[named.end() :]) or named.group(0)
    # "figures revealed by the Electoral Commission", "figures released by CES organisers the CEA"
    owner = rf"(?:\s+(?:organi[sz]ers|owners?|operators?)\s+(?:the\s+)?{_NAME})?"
    analysts = r"(?:(?:the\s+)?(?:analysts|researchers|consultants|consultancy|research\s+firm|pollsters?)\s+)?"
    by = re.search(rf"\bby\s+{analysts}((?:the\s+)?{_NAME}{owner})", raw)
    if by:
        return by.group(1)
    phrase = " ".join(raw.split()[:_MAX_SOURCE_WORDS])
    # "analysts Gartner More than 167 million handsets were …" (two sentences run together), "an
    # expert panel which gathered at …": a clause, not a source
    return "" if _FINITE.search(phrase) or re.search(r"\b(?:which|who|that)\b", phrase) else phrase


def _named_after(named: str, rest: str) -> str | None:
    """The name after a leading one that only introduces it: "Q magazine editor Paul Rees" (the
    editor), "Hollywood newspaper Daily Variety" (the paper's own name)."""
    role = re.match(rf"\s+((?:[a-z-]+\s+){{1,3}})({_NAME})", rest)
    if role and _PERSON_ROLE_END.search(role.group(1).strip()):
        return role.group(2)
    title = re.match(rf"\s+({_NAME})", rest) if re.search(rf"\s(?:{_OUTLET_NOUNS})$", named) else None
    return title.group(1) if title else None


def _strip_openers(name: str) -> str:
    """Without the capitalized words that open a sentence or date it, or a job title before a
    full name: "Wednesday Mr Straw" -> "Mr Straw", "Chief Joseph Zikuski" -> "Joseph Zikuski"."""
    words = name.split()
    given = len(words) >= 3 and words[0].lower() in _GIVEN_NAME_MONTHS and not _PERSON_TITLE.match(words[1])
    while not given and words and (words[0].lower().strip(",") in _OPENERS or words[0].lower() in _LINK_WORDS):
        words.pop(0)  # "But for Allen Weiner": neither "But" nor "for" is part of the name
    for i in range(1, len(words) - 1):  # "Dr. Rajiv Shah President Obama": a caption ran into the name
        if words[i].lower() in _ROLE_TITLES and words[i + 1][:1].isupper() and words[i - 1][:1].isupper():
            words = words[i:]
            break
    while (
        (len(words) > 2 or (len(words) == 2 and _ROLE_WORD.fullmatch(words[0])))
        and (_ROLE_WORD.fullmatch(words[0]) or words[0].lower() in _ROLE_TITLES)
        and words[1][:1].isupper()
    ):
        words.pop(0)
    return " ".join(words)


def _subordinate(before: str) -> bool:
    """A subject in a subordinate or relative clause, not the sentence's claim: "that", "when",
    "as"... among the three words before it, in the same clause ("after referee Honiss had told",
    "the crash that killed Princess Diana has told")."""
    clause = re.split(r"[,;:\"“”]", before)[-1]
    return any(word.lower() in _SUBORDINATORS for word in clause.split()[-3:])
