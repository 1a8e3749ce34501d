"""The reporting constructions of news prose, compiled from `lexicon`: one regex each, named for
what it finds ("according to X", "X, head of Y, said", "the spokesman said", "he said")."""

from __future__ import annotations

import re

from index.ingest.attribution.lexicon import (
    A_ROLE,
    ANAPHOR_NOUNS,
    AUX,
    BODY_NAME,
    BODY_ROLES,
    GROUP_WORDS,
    HUMAN_VERBS,
    NAME,
    OUTLET_NOUNS,
    PERSON_ROLES,
    REPORT_NOUNS,
    REPORT_VERBS,
    REPORTING_VERB,
    SPEECH,
    SPEECH_AFTER,
    TITLE_ABBREVIATION,
    VERBS,
)

# "said a prayer", "said goodbye": saying that reports no claim.
NO_CLAIM = re.compile(
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
ACCORDING_TO = re.compile(
    r"(?<!listed )(?<!sorted )(?<!ranked )(?<!arranged )(?<!classified )(?<!varies )(?<!vary )"
    r"\b(?:[Aa]ccording to(?!\s+(?:whether|how|what|which|where|when|who|plan|schedule|"
    r"rules?|guidelines|regulations)\b)|"
    rf"[Aa]s reported by|[Rr]eported by)\s+(?P<src>(?:{TITLE_ABBREVIATION}|[^,;:.!?()\"“”])+)"
)
NAMED_VERB = re.compile(
    rf"(?P<src>{NAME}(?:\s+(?:{OUTLET_NOUNS}|management|members))?)(?:(?:['’]s)?\s+(?:{REPORT_NOUNS}))?(?:\s+\([A-Z][\w.&-]{{1,20}}\))?,?\s+"
    rf"{AUX}(?:{VERBS})\b"
)
# "X, head of Y at Z, said" / "X, who chairs the committee, told the BBC": the name before the
# appositive speaks. The appositive holds no quotation and no other clause's verb.
APPOSITIVE_VERB = re.compile(
    rf"(?:^|(?<=[:;,]\s)|(?<=[\"”]\s)|(?<=\bBut\s)|(?<=\bAnd\s))(?P<src>{NAME}),\s+"
    rf"(?:(?:[^,\"“”()]|\([A-Z]{{2,8}}\)|,\s+[A-Z][a-z]+,|,\s+(?:an?|one|the)\s+(?=[A-Za-z][^,\"“”()]{{2,80}},)){{2,110}}?),?\s+"
    rf"(?<!\bbeen\s){AUX}(?<!\bbeen\s){REPORTING_VERB}"  # "have all been added": passive
)
# "..., said X" / '"...," says X, title' / "..., said a Fox spokesman."
AFTER_VERB = re.compile(
    rf"(?:[,\"”]|[,\"”]\s*[\"”])\s*(?:{SPEECH_AFTER}|thinks|believes)\s+(?P<src>(?:{TITLE_ABBREVIATION}|\b[A-Z]\.(?=\s[A-Z])|[^,;:.!?()\"“”])+)"
)
LIST_AFTER = re.compile(r"(?:,\s+[A-Z][^,;:!?\"“”]*)*,?\s+and\s+[A-Z][^,;:!?\"“”]*?(?=[.!?]?\s*$)")
WARNED_TO = re.compile(r"\W*(?:warned|warns)\s+(?:[\w'’.-]+\s+){1,4}?to\s+[a-z]+")
FINITE = re.compile(r"\b(?:was|is|were|are|has|had|have|will|would|could|should|did|does|can|may|might)\b")
# "One dissenting opinion came from X", "Said Mr Fogg: ...": the speaker, named without a "said X" clause.
CAME_FROM = re.compile(
    rf"\b(?:opinion|view|comment|criticism|warning|support|praise|response|reaction|objection)s?\s+"
    rf"came\s+from\s+(?P<src>{NAME})"
)
# "US bankruptcy judge Letitia Clark, who issued an injunction in December, has said": the subject
# before the relative clause speaks (the name it ends in, or a described group).
WHO_CLAUSE = re.compile(
    rf"^(?:(?:But|And)\s+)?(?P<src>[^,;:\"“”]{{2,80}}?),(?:\s+[a-z\d][^,;:\"“”]{{1,80}},)?\s+(?P<rel>who|which)\s+[^\"“”]{{2,160}}?,\s+"
    rf"{AUX}(?:{SPEECH})\b"
)
# "Mr Glazer's financial backers, including JP Morgan, the US investment bank, have said": the
# subject before the list speaks, not a member of it or that member's description.
INCLUDING_SUBJECT = re.compile(
    r"^\W*(?:(?:But|And)\s+)?(?P<src>[A-Z][^,;:\"“”]{1,60}?),\s+(?:including|such\s+as)\s+[^,;:\"“”]{2,60}"
    r"(?:,\s+(?:the|an?)\s+[^,;:\"“”]{2,60})?,?\s+"
    rf"{AUX}(?:said|says?|told|tells?|added|warn(?:s|ed)?|argu(?:es?|ed)|claim(?:s|ed)?|insist(?:s|ed)?|"
    r"stated|announced|den(?:y|ies|ied)|admit(?:s|ted)?|confirm(?:s|ed)?|believes?)\b"  # not "continued to perform"
)
# "The figures were given by economics minister X who said", "by the Conservatives who said": the agent speaks.
BY_WHO_SAID = re.compile(
    rf"\b(?:by|from|including)\s+(?P<src>(?:the\s+)?(?:[a-z-]+\s+){{0,2}}?{NAME})\s+who\s+(?:also\s+|later\s+)?"
    r"(?:said|says|told|added|warned|argued)\b"
)
SAID_FIRST = re.compile(rf"^(?:Said|Says|Added|Adds)\s+(?P<src>{NAME})\s*[:,]")
PLACE_THEN_NAME = re.compile(r",\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*,\s+[A-Z]")
# "A study by analysts X suggested": the study opens the clause, so its author speaks
# "Their president, Gustavo Sanchez" before ", says": the subject of the verb, set off, not a clause
DESCRIBED_SUBJECT_BEFORE = re.compile(rf"\s*(?:[\w'’-]+\s+){{0,4}}?[\w'’-]+,\s+{NAME}\s*")
SUNDAY_PAPER = re.compile(r"(?:[Tt]he\s+)?(?:Mail|Independent|Scotland|Wales|Sunday\s+Times)\s+on\s+Sunday\b")
# "But a recent report from Continental Research reflects …": the body a report comes from, for "it said"
REPORT_FROM = re.compile(
    rf"^\W*(?:(?:But|And|However),?\s+)?(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+\s+){{0,2}}(?:report|study|survey|poll)\s+"
    rf"(?:from|by)\s+(?:the\s+)?(?P<name>{NAME})(?=\s*(?:[,.;:]|$)|\s+(?:has|have|had|is|was|{REPORT_VERBS})\b)"
)
STUDY_SUBJECT = re.compile(
    r"^(?:(?:But|And|However),?\s+)?(?:[Aa]n?|[Tt]he)\s+(?:[a-z-]+\s+)?(?:poll|survey|study)\s+by\s"
)
AGE = re.compile(r"\d+-year-old")
FORMER = re.compile(r"\b[Tt]he\s+ex-$")  # "the ex-Wallaby": the former player, described
POLL_FOR = re.compile(r"\b(?:poll|survey|study)\s+(?:for|by|commissioned\s+by)\s+(?:[a-z-]+\s+){0,3}$")
# A sentence that opens with a full name and its past-tense verb, when the words after say it is a
# person ("Michael Owen revelled in his return"): the sentence's subject, for a "he" to come.
LEAD_SUBJECT = re.compile(
    rf"^\W*(?:{NAME}\s+(?:[a-z-]+\s+){{1,2}})?(?P<name>{NAME})\s+(?:(?:has\s+|had\s+)?[a-z]+ed|was|is)\b"
)
PARTICIPLE = re.compile(r"\s+(?:in|into|to|by|as|from|for|after|on|at|with)\b")
ROLE_WORD = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)+")  # "Scrum-half Peter Stringer", "Man-of-the-match Duff"
FULL_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)+")
DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|ch|i)")
# "Georgette Ganon of Human Rights Watch", "Bishop John Magee of the diocese of Cloyne": the person.
PERSON_OF = re.compile(r"((?:[A-Z][\w'’.-]+\s+)+[A-Z][\w'’.-]+)\s+(?:of|from)\s")
AFTER_VERB_STOP = re.compile(
    r"\s+(?:-|--|–|—)\s.*$|(?<=[a-z])\s+an?\s+[A-Za-z].*$|\s+(?:on|in|at|to|during|after|before|from|when|who|as|with|while|of\s+the|in\s+a|"
    r"though|although|but|and\s+(?:that|said|added)|adding|speaking|referring|last|this|yesterday|afterwards|later)\b.*$"
)
DESCRIBED_VERB = re.compile(
    r"\b(?P<src>(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Oo]ur|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|(?:[A-Z][\w-]+\s+)?[A-Z][\w-]+['’]s|[Tt]he\s+[\w-]+['’]s)\s+"
    # not "a charge the company denies": one description, no article inside it but after a preposition
    r"(?:(?!(?:which|who|that|as|when|while|after|before|because|since|if|until|though|although|where|"
    r"(?<!\bfor\s)(?<!\bat\s)(?<!\bof\s)(?<!\bto\s)(?<!\bin\s)(?<!\bby\s)(?<!\bwith\s)(?<!\bfrom\s)(?<!\bon\s)(?<!\band\s)"
    r"(?:the|a|an))\b)[A-Za-z][\w'’.&-]*\s+){0,5}?"
    rf"(?:{PERSON_ROLES}|{BODY_ROLES}|\d+-year-old)s?"  # '"…," the 21-year-old told Radio Marlow'
    rf"(?:\s+for\s+(?:the\s+)?(?:{BODY_NAME}|[\w'’-]+))?)(?:,\s+(?:filed|issued|published|based|released)\s[^,\"“”]{{2,80}},)?"
    r"\s+(?:has\s+|have\s+|had\s+|also\s+|already\s+|later\s+|once\s+|meanwhile\s+|repeatedly\s+|consistently\s+)*"
    r"(?:said|says|told|tells|added|adds|confirmed|announced|claimed|warned|insisted|stated|admitted|admits|suggest|"
    r"argued|argues|explained|explains|conceded|concedes|acknowledged|reported|reports|criticised|criticized|denied|denies)\b"
)
PRONOUN_VERB = re.compile(
    r"(?<!\b[Ii]f\s)(?<!\b[Uu]nless\s)(?<!\balthough\s)(?<!\bthough\s)"  # "If he believes in X, he should resign"
    r"(?<!\banything\s)(?<!\beverything\s)(?<!\bsomething\s)(?<!\bnothing\s)(?<!\bwhatever\s)(?<!\bwhat\s)(?<!\bthat\s)"
    rf"\b(?P<pronoun>[Hh]e|[Ss]he|[Ii]t)\s+{AUX}(?:{SPEECH}|announced(?=\s+that\b))\b"
    r"(?!\s+(?:very\s+little|little|nothing|much)\b)"
    r"(?!(?<=told)\s+(?:\w+\s+){1,3}?(?:about|of)\b)"
)
# The sentence's own claim is a pronoun's: "She said Cain suggested ..." (Cain is what she said).
LEADING_PRONOUN = re.compile(
    rf"^(?:(?:But|And|Yet|So|Later|Earlier|However|Now),?\s+)?(?P<pronoun>[Hh]e|[Ss]he|[Ii]t)\s+{AUX}"
    rf"(?:{SPEECH}|denied|denies|announced(?=\s+that\b))\b"
    r"(?!\s+(?:very\s+little|little|nothing|much)\b)(?!(?<=told)\s+(?:\w+\s+){1,3}?(?:about|of)\b)"
)
# The subject did something "but said" / "and he said": "F-Secure issued a warning but said",
# "O'Leary has been in talks over a new deal and he said" (the sentence's own subject is "he").
SUBJECT_THEN_SAID = re.compile(
    rf"^\s*(?:(?:[a-z][\w-]*|[A-Z][a-z]+)\s+){{0,3}}?(?:(?P<name>{NAME})|(?P<described>(?:A|An|The)\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?:{PERSON_ROLES}|{BODY_ROLES})(?:\s+for\s+(?:the\s+)?[\w'’-]+)?))\s+(?:has\s+|had\s+|have\s+)?(?:not\s+)?"
    r"(?:[a-z]+ed|been|is|was|saw|made|took|gave|cut|kept|sold|won|lost|rose|fell|grew|began|held|bought|spent|"
    r"paid|became|left|met|hit|had|set|put)\b(?:[^;:\"“”]|[\"“]\s*[\"”]){0,120}?,?\s+(?:(?:but|and)\s+(?:also\s+)?"
    r"(?P<pronoun>[Hh]e\s+|[Ss]he\s+)?|after\s+(?P<after>it\s+))(?:has\s+|have\s+|had\s+)?"
    r"(?:said|says|told|warned|insisted)\b"
)
# A name seen before leading a sentence with an active verb ("Mendes could not believe …", not
# "Mutu was sacked by Chelsea"): "he" next may be that person.
NAMED_LEAD = re.compile(r"^\W*([A-Z][a-z'’-]+)\s+(?:could|would|did|[a-z]+ed)\b")
# A sentence whose subject is a pronoun: "he" next is the same person whoever else it names.
PRONOUN_SUBJECT = re.compile(r"^\W*(?:[A-Z]\w+,\s+)?(?P<pronoun>[Hh]e|[Ss]he)\s")
# A sentence whose subject is a person described, not named: "The father came to Germany years ago."
DESCRIBED_SUBJECT = re.compile(
    r"^\W*(?:But\s+|And\s+)?The\s+(?:[a-z0-9-]+\s+){0,2}?(?:father|mother|son|daughter|"
    r"brother|sister|wife|husband|[\w-]*-year-old|man|woman|boy|girl|teenager|player|actor|actress|singer)\s+[a-z]"
)
# A dateline is no speaker: "LONDON, England (CNN) -- ", "Lisbon, Portugal (CNN)  -- ".
DATELINE = re.compile(r"^[^\n]{0,80}?\((?:CNN|AP|AFP|Reuters)\)\s*(?:--|—|–)\s*")
ANAPHOR = re.compile(
    rf"\b(?P<noun>(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Ii]ts|[Tt]heir)\s+(?:{ANAPHOR_NOUNS}))\s+{AUX}(?:{VERBS})\b"
    rf"|\b[Aa]s\s+(?:was\s+|had\s+been\s+|previously\s+|earlier\s+)?reported\b(?!\s+by)"
)
ANAPHORIC_SOURCE = re.compile(rf"^(?:the|this|that|these|those|its|their)\s+(?:{ANAPHOR_NOUNS})$", re.I)
POSSESSIVE_START = re.compile(r"^(?:their|his|her|its|our|my|your)(?:\s|$)", re.I)
GROUP = re.compile(
    r"\b(?P<src>(?:[Ss]ome\s+|[Mm]any\s+|[Ss]everal\s+|[Oo]ther\s+|[Bb]oth\s+)?"
    r"(?:(?!(?:And|But|So|Yet|Or|Then|Now|When|While|As|If)\s|[A-Z][a-z]+ly\s)(?:[A-Z][a-z]+|[A-Z]{2,3})\s+|local\s+|state\s+|(?:party|government|diplomatic|intelligence|military|security)\s+)?"
    rf"(?:{GROUP_WORDS}))"
    r"(?:\s+(?!(?:are|were|is|was|be|been|being|to)\b)[a-z]+){0,3}?\s+(?:argue|argued|arguing|say|said|saying|claim|claimed|claiming|"
    r"warn|warned|warning|note|noted|noting|contend|contended|contending|suggest|suggested|"
    r"suggesting|believe|believed|insist|insisted|insisting|allege|alleged|alleging|told|tell|reported)\b"
)
GROUP_END = re.compile(rf"\b(?:{GROUP_WORDS})$")  # a subject that is a group: "Some analysts"
COMPOUND_GROUP = re.compile(r"[A-Z][\w'’-]+\s+[A-Z][\w'’-]+\s+and\s+(?:the\s+)?(?:[\w-]+['’]s\s+)?(?:[a-z-]+\s+)?$")
INTRODUCTION = re.compile(
    r"^(?:[\"“]\s*)?(?:In|After|Before|Speaking|Asked|Responding|Earlier|Later|Writing|Commenting|On|At|"
    r"Following|Despite|Unveiling|Explaining|Interviewed|However|Meanwhile|Separately|Elsewhere)\b"
)
PREPOSITION_BEFORE = re.compile(r"\b(?:in|of|at|from|for|with|across|over|throughout|around)\s+(?:the\s+)?$")
CLAUSE_START = re.compile(r"(?:^|[,;:]\s+|\b(?:But|And|However)\s+)(?=[^,;:]*$)")
ROLE_END = re.compile(rf"\b(?:{PERSON_ROLES}|{BODY_ROLES})s?$", re.I)
ROLE_OF_BEFORE = re.compile(rf"(?:^|(?<=\s)){A_ROLE}\s+of\s+(?:[\w'’&.-]+\s+){{0,4}}$")
NAME_THEN_ROLE = re.compile(
    rf"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)\s+(?:[a-z-]+\s+){{0,3}}?(?:{PERSON_ROLES})\s+(?:for|of|at)\b"
)
ROLE_THEN_NAME = re.compile(rf"\b(?i:{PERSON_ROLES}|dj|host)\s+[A-Z][\w'’-]+\s+[A-Z][\w'’-]+$")
ROLE_AFTER = re.compile(rf",\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){{0,3}}?(?:{PERSON_ROLES})\s+(?:at|of|for|with)\s")
ROLE_FOR_BEFORE = re.compile(
    rf"\b(?:{PERSON_ROLES})\s+for\s+(?:the\s+)?(?:[A-Z][\w'’&-]*(?:,\s+|\s+(?:and|for|of|on)\s+|\s+))+$"
)
# "A spokesman for X", "the director behind X": a person described by what they are of or for
DESCRIBED_PERSON = re.compile(rf"^{A_ROLE}\s+(?:for|of|at|behind|in)\s")
PERSON_ROLE_END = re.compile(rf"\b(?:{PERSON_ROLES})$", re.I)
BODY_ROLE_END = re.compile(rf"\b(?:{BODY_ROLES})$", re.I)
KIND_CUE = re.compile(r"\W*(?:\w+\s+){0,3}?(he|she|his|her|who|it|its|which)\b", re.I)
SUBJECT = re.compile(
    rf"(?P<name>{NAME})(?<!['’]s)(?<!['’])(?:\s+\([A-Z][\w.&-]{{1,20}}\))?(?:,[^,\"“”]{{2,110}},)?"
    r"\s+(?:has\s+|had\s+|also\s+|later\s+|twice\s+)*"
    rf"(?:{HUMAN_VERBS})\b"
)
# A name set off by an appositive, then its verb: "Danny Kruger, who works for the party, had been
# due to ...", "Mirza, the first Indian woman to ..., will now face ...": the sentence's subject.
WHO_SUBJECT = re.compile(
    rf"(?:^|(?<=[.,;:-]\s))(?P<name>{NAME})(?:,\s+(?:who|whose|which|the|an?|part|one|\d+|[a-z]+ed|"
    rf"(?:[a-z-]+\s+){{0,2}}?(?:{PERSON_ROLES})\s+(?:of|at|for))\s+[^,\"“”]{{0,110}},"
    r"|\s+[-–—]\s+(?:who|the|an?)\s+[^-–—\"“”]{0,110}\s[-–—])\s+[a-z]"
)
# "X's sentiments were echoed by Y, director of Z": Y speaks next
ECHOED_BY = re.compile(rf"\b(?:echoed|repeated|shared|seconded)\s+by\s+(?P<name>{NAME})")
# "One of the jilted bidders, Netherlands-based group LNM, said": the name set off after a
# description (not "The letter, from the Home Office, says")
DESCRIBED_THEN_NAMED = re.compile(
    r"^(?:(?:But|And)\s+)?(?:One|A|An|The|Another)\s+(?:of\s+(?:the|its|their|his|her)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?P<head>[a-z]+),"
    rf"\s+(?P<src>(?:(?!(?:by|of|in|at|on|for|from|with|to)\b)[\w-]+\s+){{0,3}}?(?P<name>{NAME})),\s+"
)
# "One woman, Victoria Lapete, found her sister": a person so described is who "she" is next
PERSON_HEADS = re.compile(
    r"(?:woman|man|girl|boy|mother|father|wife|husband|son|daughter|sister|brother|survivor|victim|"
    rf"{PERSON_ROLES})s?$"
)
REPORTING = re.compile(rf"{AUX}{REPORTING_VERB}")
# "For his part, Adam Curry's pressing ahead": "'s" for "is", then what he is doing
CONTRACTED_IS = re.compile(
    r"(?:^|,\s+)(?P<name>[A-Z][\w'’-]+\s+[A-Z][\w'’-]+)['’]s\s+[a-z]+ing\s+"
    r"(?:ahead|on|off|up|out|to|with|for|into|in|at|the|a|his|her|its|their)\b"
)
INTRODUCED = re.compile(
    rf"(?P<name>{NAME}),?\s+(?:is|was|who\s+is|who\s+was)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}?"
    r"(?:spokes(?:man|woman|person)|official|mayor|minister|president|chancellor|researcher|lawyer|"
    r"attorney|prosecutor|judge|chairman|chairwoman|chief|director|manager|coach|secretary|governor|"
    r"senator|editor|correspondent|executive|expert|analyst|leader|head|founder|owner|officer|"
    r"professor|teacher|doctor|author|writer|player|singer|actor|actress|organi[sz]er|member|blogger)\b"
)
POSSESSIVE_END = re.compile(r"['’]s?$")
CAPITALIZED_INSIDE = re.compile(r"(?<=[a-z,;]\s)[A-Z][a-z][\w'’-]*")
PERSON_TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame|Prof|Rev)\b\.?")
FEMALE_TITLE = re.compile(r"^(?:Mrs|Ms|Miss|Lady|Dame)\b")
MALE_TITLE = re.compile(r"^(?:Mr|Sir|Lord)\b")
ORGANISATION_WORD = re.compile(
    r"\b(?:Inc|Ltd|Corp|Group|Bank|Agency|Ministry|Office|Department|Council|Commission|Association|"
    r"Times|News|Post|Herald|Journal|Radio|TV|Television|Reuters|Press|University|Party|Police|Court|"
    r"Organization|Organisation|Institute|Service|Board|Committee|Federation|Union)\b"
)
# A capitalized office after a lowercase description: "the outgoing European Commissioner said".
TITLE_END = re.compile(
    r"\b(?:Commissioner|Secretary|Minister|President|Chancellor|Governor|Ambassador|Envoy|Commander|Chairman)$"
)
DESCRIBED_TITLE = re.compile(r"(?:^|(?<=\s))((?:[Tt]he|[Aa]n?)\s+(?:(?!said\b|says\b)[a-z-]+\s+){1,2})$")
HOLDER = re.compile(rf"({NAME}),\s*$")
# Competitions and prizes: no one "he" may mean ("the 1998 French Open champion").
EVENT_WORD = re.compile(
    r"\b(?:Open|Cup|Prix|Championships?|Games|Olympics|League|Trophy|Masters|Awards?|Prize|Festival|Series)\b"
)
TITLED_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sir|Lord|Lady)\s+[A-Z][\w'’-]+$")
CUT_POSSESSOR = re.compile(rf"[A-Z][\w-]*['’]s\s+(?P<name>{NAME})$")
NAME_CUT_BEFORE = re.compile(r"(?:^|\s)[A-Z][\w'’-]*\s+[a-z]+\s+$")  # "War on ": a body's name went on
LIST_BEFORE = re.compile(rf"(?:^|(?<=,\s))(?:{NAME},\s+)+$")
# The rest of a clause that ends "X and [title]": the subject is X and the name after it.
COMPOUND_BEFORE = re.compile(r"(?:(?<=[\"”,;:]\s)|^)[^\"”,;:]*\band\s+(?:[a-z-]+\s+){0,4}$")
