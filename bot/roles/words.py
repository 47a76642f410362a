"""The word lists of the turn logic and the resolver, each written once as people type and normalised on load.

Every list is compared with words in the form `title_words` gives them (singular, short forms expanded), so it is
normalised here the same way: "does" is kept as "doe", "pls" as "pl", and nobody has to write those stems.
"""
from __future__ import annotations

from bot.roles.names import STOP_WORDS, title_words


def forms(text: str) -> frozenset[str]:
    """The words of a list, as `title_words` turns each of them."""
    return frozenset(form for word in text.split() for form in title_words(word))


# Words that frame a question or a conversation rather than name a role: taken off both ends of "what is a
# blockchain evangelist?" to guess the title, and never a role name on their own.
QUESTION_WORDS = STOP_WORDS | forms(
    """what whats what's wat who whom whose whos who's which how why when where is are was be do does did can could
    would should will need mean means meaning meant explain define describe tell me about please pls plz you u your
    i i'd id my we our us it its they them their there that this these those he she him her his hers but vs versus
    as via per hi hey hello thank thanks yes no ok okay so then actually really exactly like know kind sort type one
    two first second other else same own new now out all any get got has had not too yet way heard saw seen see keep
    ad ads posting postings listing abbreviation acronym short term word called stand stands supposed company
    companies business organisation organization firm startup corporate world more help job jobs role roles
    position positions title post hmm hm hmmm um umm uh erm ah oh yeah yep lol"""
)
# Words common in questions that start many role names but are none alone: "who is the head of sales?", "what
# does the team do?".
NEVER_ALONE = QUESTION_WORDS | forms("skill skills work report reports boss head lead chief top team staff member "
                                     "people person duty duties task tasks responsibility responsibilities degree "
                                     "qualification qualifications superior superiors subordinate subordinates")
# Words that may stand around a role's name in an answer to "which one do you mean?": "I mean the CPO, sorry".
ANSWER_WORDS = forms("i mean meant the a an one ok okay oh sorry yes no please pls that this it is then so well "
                     "just")
# Words that ask about pay ("what's the salary?", "do they make good money?").
PAY_WORDS = forms("salary salaries pay paid pays paying paycheck earn earns earning earnings wage wages income "
                  "money compensation")
NEVER_ALONE |= PAY_WORDS
# Words that say a title's rank, not its field: a suggestion needs more in common than these.
RANK_WORDS = forms("chief senior junior head lead vice deputy assistant associate principal executive general "
                   "director manager officer supervisor specialist worker")

# Words that say where, for whom or on what terms a job is done, not what it is: "hotel bartender", "freelance
# content writer", "live-in nanny". A title that is a known name once they are dropped is that name, unless
# another role's names join the word to the same kind of job ("hospital porter" is an orderly, by name).
# Industries that decide the occupation of a manager or a cook ("restaurant", "retail") are not among them.
SETTING_PHRASES = tuple(title_words(phrase) for phrase in (
    "freelance", "freelancing", "in-house", "inhouse", "bilingual", "multilingual", "travel", "traveling",
    "travelling", "floater", "float", "mobile", "live-in", "live-out", "virtual", "on-call", "agency",
    "self-employed", "hotel", "motel", "resort", "hospital", "clinic", "school", "elementary", "gym",
    "supermarket", "grocery", "outpatient", "inpatient", "hospice", "corporate",
    "fine dining", "casual dining",
))


# Countries, regions and cities outside the United States people ask about pay in ("salary of a nurse in the UK"),
# by their usual names: the pay figures are American only, and the assistant says so.
ABROAD = (
    "UK", "United Kingdom", "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland",
    "Ireland", "Canada", "Mexico", "Brazil", "Argentina", "Colombia", "Peru", "Australia", "New Zealand",
    "India", "Pakistan", "Bangladesh", "Sri Lanka", "Nepal", "China", "Hong Kong", "Taiwan", "Japan", "Korea",
    "South Korea", "Singapore", "Malaysia", "Indonesia", "Philippines", "Thailand", "Vietnam", "Germany", "France",
    "Spain", "Portugal", "Italy", "Netherlands", "Holland", "Belgium", "Luxembourg", "Switzerland", "Austria",
    "Poland", "Czechia", "Czech Republic", "Slovakia", "Hungary", "Romania", "Bulgaria", "Greece",
    "Ukraine", "Russia", "Sweden", "Norway", "Denmark", "Finland", "Iceland", "Estonia", "Latvia", "Lithuania",
    "Croatia", "Serbia", "Slovenia", "Israel", "Egypt", "Morocco", "Nigeria", "Ghana", "Kenya", "Ethiopia",
    "South Africa", "Saudi Arabia", "UAE", "United Arab Emirates", "Dubai", "Abu Dhabi", "Qatar", "Kuwait",
    "Bahrain", "Oman", "Lebanon", "Iran", "Iraq", "Europe", "European Union", "EU", "Asia", "Africa",
    "Latin America", "South America", "Middle East", "Scandinavia", "London", "Manchester", "Edinburgh", "Dublin",
    "Paris", "Berlin", "Munich", "Madrid", "Barcelona", "Lisbon", "Rome", "Milan", "Amsterdam", "Brussels",
    "Zurich", "Geneva", "Vienna", "Warsaw", "Prague", "Stockholm", "Oslo", "Copenhagen", "Helsinki", "Toronto",
    "Vancouver", "Montreal", "Sydney", "Melbourne", "Auckland", "Mumbai", "Delhi", "Bangalore", "Bengaluru",
    "Hyderabad", "Karachi", "Lagos", "Nairobi", "Cairo", "Tokyo", "Seoul", "Beijing", "Shanghai", "Manila",
    "Jakarta", "Bangkok", "Mexico City", "Sao Paulo", "Buenos Aires",
)
ABROAD_NAMES = {" ".join(title_words(name)): name for name in ABROAD}
# The longest place name, in words.
ABROAD_WORDS = max(len(key.split()) for key in ABROAD_NAMES)


def place_abroad(text: str) -> str | None:
    """The first place outside the United States a message names ("how much do nurses make in the UK?")."""
    words = title_words(text)
    for start in range(len(words)):
        for length in range(ABROAD_WORDS, 0, -1):
            name = ABROAD_NAMES.get(" ".join(words[start:start + length]))
            if name:
                return name
    return None
