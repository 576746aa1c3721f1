"""The word tables of reported speech: how each first- and second-person word is retold, and which words
tell a subject, a clause start or another person apart. copilot/tools/reported_speech.py applies them.
"""

from __future__ import annotations

# Contractions first, so "I'm" is never read as "I" + "m".
CONTRACTIONS = {
    "i'm": "{s} is",
    "i've": "{s} has",
    "i'll": "{s} will",
    "i'd": "{s} would",
    "you're": "{a} is",
    "you've": "{a} has",
    "you'll": "{a} will",
    "you'd": "{a} would",
    "we're": "they are",
    "we've": "they have",
    "we'll": "they will",
    "we'd": "they would",
    "let's": "they will",
}
WORDS = {
    "i": "{s}",
    "me": "{s}",
    "my": "{sp}",
    "mine": "{sp}",
    "myself": "{s}",
    "you": "{a}",
    "your": "{a}'s",
    "yours": "{a}'s",
    "yourself": "{a}",
    "we": "they",
    "us": "them",
    "our": "their",
    "ours": "theirs",
}
# Once a reported sentence has named its speaker ("Maya Chen says ..."), the speaker's own later
# mentions are pronouns, as a person retelling it would say them: "Maya Chen says what they really
# need is a heads-up before their users notice", never the full name three times. "They" is used for
# everyone, names and roles alike: a summary cannot know anyone's gender and must not guess it.
# Placeholder labels ("#Person1#", "Speaker 2") get the same rule: a reader follows "they" back to
# "#Person1# says" as easily as to a name. (DialogSum's references repeat the label, so this costs
# ROUGE there; that is a property of the references, not of what reads well.)
LATER_SELF = {
    "i": "they",
    "me": "them",
    "my": "their",
    "mine": "theirs",
    "myself": "themselves",
    "i'm": "they are",
    "i've": "they have",
    "i'll": "they will",
    "i'd": "they would",
}
# A pronoun for the speaker is clear only while they are the last person the sentence mentioned: after
# "the agent" or another "they/she/him" a "they" could mean either, so the speaker is named again.
OTHER_PEOPLE = frozenset(
    [
        "you",
        "your",
        "yours",
        "yourself",
        "you're",
        "you've",
        "you'll",
        "you'd",
        "we",
        "us",
        "our",
        "ours",
        "ourselves",
        "we're",
        "we've",
        "we'll",
        "we'd",
        "let's",
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "himself",
        "herself",
        "he's",
        "she's",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "they're",
        "they've",
        "they'll",
        "they'd",
    ]
)
# After a first/second-person subject these words are not the verb to agree ("I just want", "I can").
SKIP_AFTER_SUBJECT = frozenset(
    [
        "just",
        "really",
        "also",
        "still",
        "only",
        "never",
        "always",
        "already",
        "actually",
        "probably",
        "even",
        "totally",
        "certainly",
        "definitely",
        "simply",
        "usually",
        "often",
        "sometimes",
        "honestly",
        "kindly",
    ]
)
# "you" is a subject only at the start of a clause; elsewhere ("I'll send you") it is an object.
CLAUSE_STARTS = frozenset(
    [
        "and",
        "but",
        "so",
        "if",
        "when",
        "because",
        "that",
        "as",
        "or",
        "then",
        "while",
        "once",
        "since",
        "though",
        "what",
        "where",
        "why",
        "who",
        "which",
        "how",
        "before",
        "after",
        "until",
        "unless",
        "whether",
        "although",
    ]
)
# The person spoken to, once named in the sentence ("asks Ana to send ..."), is "they/them/their"
# while nobody else has been mentioned since: "asks Ana to send their report", never "Ana's report".
LATER_ADDRESSEE = {
    "your": "their",
    "yours": "theirs",
    "yourself": "themselves",
    "you're": "they are",
    "you've": "they have",
    "you'll": "they will",
    "you'd": "they would",
}
ADDRESSEE_WORDS = frozenset(["you", *LATER_ADDRESSEE])
# Auxiliaries that come before their subject in a question ("how can I use", "where do I send").
INVERTING = frozenset(
    ["can", "could", "will", "would", "shall", "should", "may", "might", "must", "do", "does", "did"]
)
PRONOUN_SUBJECTS = frozenset(["i", "you", "we", "they", "he", "she", "it", "there"])
# A clause is told after "says ... and that" only when it has a verb; a fragment ("Every single Monday.",
# "Probably their VP.") has none. Without a tagger, a verb is read from the words that only verbs are: the
# auxiliaries, modals and copulas below (closed classes, so the list is complete), their contractions, a
# past form, a word after a subject pronoun, an "-s" or "-ing" word where no noun phrase runs. The list of
# verbs itself is open and not held here.
_FINITE_AUXILIARY_WORDS = """
    am is are was were be been being has have had do does did will would shall should can could may might
    must isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't didn't won't wouldn't can't
    couldn't shouldn't mustn't let's
"""
FINITE_AUXILIARIES = frozenset(_FINITE_AUXILIARY_WORDS.split())
# Words after which an "-s" word is a plural noun ("two more seats", "of the exports"), not a verb: the
# determiners, quantifiers, numbers and prepositions that open or sit inside a plural noun phrase. The
# singular ones are left out: after "either", "each" or "this" an "-s" word is the verb ("either works").
_NOUN_PHRASE_WORD_LIST = """
    the these those my your our their his her its all some any no many more most few several both other
    such two three four five six seven eight nine ten twenty thirty forty fifty hundred of in on at by for
    with from to into onto about over under after before during since until per across around between
    through without within than and or
"""
NOUN_PHRASE_WORDS = frozenset(_NOUN_PHRASE_WORD_LIST.split())
# Words that end in "-ing" and are no verb form ("during", "every morning").
NOT_PARTICIPLES = frozenset(
    ["during", "morning", "evening", "thing", "nothing", "something", "anything", "everything", "ceiling"]
)
