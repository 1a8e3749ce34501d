"""The words of reporting: verbs of saying, roles of people and bodies, openers, groups, and the
regex fragments (a capitalized name, a title) the patterns are built from."""

from __future__ import annotations

TITLE_ABBREVIATION = r"(?:Capt|Gen|Lt|Col|Sgt|Cpl|Maj|Adm|Dr|Mr|Mrs|Ms|Sen|Rep|Gov|St|Jr|Prof|Rev)\."
CAP = r"[A-Z][\w'’.&-]*"
LINK = r"(?:of|the|for|and|&|de|del|al|el|van|von|bin|da|di|le|la)"  # "Ernst & Young"
LINK_WORDS = {"of", "for", "and"}  # lowercase links a name may not start with ("the" may: "the Greens")
NAME = rf"(?:\b\d{{1,3}}\s+)?{CAP}(?:\s+(?:{LINK}\s+)*{CAP})*"  # "50 Cent" too
VERBS = (
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
SPEECH_AFTER = (  # "..., said X": never "told" or "asked", whose object is the listener
    r"said|says|added|adds|explained|explains|insisted|insists|warned|warns|claimed|claims|noted|"
    r"notes|stated|states|remarked|remarks|recalled|recalls|continued|admitted|admits|argued|"
    r"argues|confirmed|confirms|conceded|concedes|wrote|writes"
)
SPEECH = rf"{SPEECH_AFTER}|told|tells|believes|thinks|agreed(?!\s+to\b)"
REPORTING_VERB = rf"(?:{SPEECH}|reported|announced|speculated)\b"  # after a subject set off by commas
REPORT_NOUNS = r"report|reports|article|story|investigation|analysis|statement|broadcast|account|coverage"
AUX = (
    r"(?:(?:had|has|have|also|already|later|previously|earlier|first|publicly|separately|further|recently|"
    r"always|again|once|repeatedly|reportedly|still|now|yesterday|today|himself|herself|afterwards|on\s+(?:Monday|Tuesday|"
    # "Mr X last week said"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)|(?:last|this)\s+(?:week|month|year|weekend|night|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)|(?!(?:family|daily|weekly|monthly|early|only)\b)[a-z]{3,}ly)\s+)*"
)
ANAPHOR_NOUNS = (
    r"report|article|story|outlet|broadcaster|channel|newspaper|paper|publication|network|"
    r"agency|statement|broadcast|coverage|reports|sources?"
)
OUTLET_NOUNS = r"magazine|newspaper|website|news agency|agency|channel|network|reporter"
# what a report does when its source's name has ended ("a report from X reflects", not "a report
# by the Commons work and pensions committee")
REPORT_VERBS = (
    r"found|finds|shows?|showed|suggests?|suggested|says|said|warns?|warned|claims?|claimed|reveals?|revealed|"
    r"reflects?|published|predicts?|predicted|estimates?|estimated|concludes?|concluded"
)
WEAK_VERBS = r"believes|believed|thinks|expects"
PERSON_ROLES = (
    r"spokes(?:man|woman|person)|official|mayor|minister|president|chancellor|researcher|lawyer|"
    r"prosecutor|coroner|chairman|chief|director|manager|coach|secretary|governor|senator|editor|"
    r"correspondent|critic|executive|auctioneer|expert|analyst|source|boss|publicist|student|resident|witness|participant|"
    r"passenger|neighbou?r|relative|friend|fan|customer|diplomat|agent|comedian|actor|actress|singer|musician|"
    r"politician|attorney(?:\s+general)?|solicitor\s+general|consultant|"
    r"(?!(?:list|prayer|number|letter|paper|order|matter|answer|water|power|border|error|factor|sector|"
    r"manner|chapter|quarter|corner|dinner|member|motor|mirror|color|colour|river|tower|never|ever|other|"
    r"over|under|after|either|neither|whether|rather|later|together|however|for|or|nor)\b)\w+(?:er|or|ist)"
)
BODY_ROLES = (
    r"company|companies|firm|club|college|university|bank|exchange|government|ministry|paper|newspaper|court|"
    r"indictment|military|statement|agency|council|committee|union|board|department|regulator|"
    r"watchdog|commission|organisers|organizers|group|party|automaker|carmaker|retailer|airline|"
    r"insurer|studio|label|network|broadcaster|website|site|magazine|motion|administration|center|"
    r"centre|report|survey|study|lawsuit|suit|complaint|letter|memo|filing|petition|ruling|document|station|office|army|navy|embassy|hospital|airline|team|"
    r"brewery|giant|industry|organisation|organization"
)
# A body's capitalized name, commas and links included: "the Department for Culture, Media and Sport".
BODY_NAME = r"[A-Z][\w'’&-]*(?:(?:,\s+|\s+(?:and|for|of|on)\s+|\s+)[A-Z][\w'’&-]*){0,6}"
GROUP_NOUNS = (
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
GROUP_WORDS = "|".join(
    ["[Mm]edia reports", "[Mm]edia", "[Pp]olice chiefs", "[Pp]olice officers"]
    + [f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in GROUP_NOUNS]
)
# "The head", "a spokesman", "the film's executive producer": a person by role, before what they are of
A_ROLE = rf"(?:[Tt]he|[Aa]n?)\s+(?:[\w-]+\s+){{0,2}}?(?:{PERSON_ROLES}|head)"
HUMAN_VERBS = (
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
# Letters after a name ("Richard Mawrey, QC told"): the name before them speaks.
POST_NOMINALS = {"QC", "KC", "MP", "MEP", "MSP", "OBE", "CBE", "MBE", "Jr", "Sr", "PhD"}
# Words that open a sentence or date it, capitalized only for that reason.
DATE_WORDS = {
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    *("january", "february", "march", "april", "may", "june", "july", "august", "september"),
    *("october", "november", "december"),
}
OPENERS = {
    *("on", "in", "at", "yesterday", "today", "earlier", "later", "meanwhile", "meantime", "however", "also"),
    *("then", "now", "previously", "last", "and", "but", "separately", "still", "moreover"),
    *DATE_WORDS,
    *("speaking", "asked", "writing", "as", "having", "initially"),
    *("originally", "finally", "eventually", "subsequently", "ultimately", "instead", "overall", "afterwards"),
    *("indeed", "clearly", "surely", "perhaps", "certainly", "nevertheless", "nonetheless", "similarly"),
}
GIVEN_NAME_MONTHS = {"april", "may", "june", "august"}  # "June Carter Cash said": a name, not a date
TIME_WORDS = OPENERS - {"and", "but", "also", "then", "still", "moreover", "however", "speaking", "asked"}
# Capitalized job titles before a full name: "Chief Joseph Zikuski" is Joseph Zikuski.
ROLE_TITLES = {
    *("chief", "president", "minister", "secretary", "director", "judge", "captain", "general"),
    *("senator", "governor", "commissioner", "coach", "professor", "chairman", "spokesman"),
    *("mayor", "ambassador", "sheriff", "boss", "manager", "skipper", "striker", "ceo", "executive"),
}
SUBORDINATORS = {
    *("that", "when", "after", "before", "while", "as", "because", "since", "until", "although"),
    *("though", "if", "where", "which", "who", "whom"),
}
PREPOSITIONS = {"for", "from", "with", "among", "by", "of", "to", "under", "within", "across", "despite"}
NON_NAMES = {
    *("other", "some", "many", "several", "most", "both", "all", "each"),
    *("no", "nobody", "none", "neither", "nothing"),  # "No details … have been confirmed": no one
}
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "the"}
MAX_SOURCE_WORDS = 8
CLAUSE_WORDS = {"who", "which", "that", "had", "has", "have", "was", "were", "is", "are", "but", "and", "speaking",
                 "led", *PREPOSITIONS, "against", "at", "in", "on", "like", "than"}  # fmt: skip
MAX_COMPOUND_WORDS = 14
MAX_NAME_WORDS = 4
