"""The English words that name a risk to the relationship: churn threats, escalations and complaints, missed
deadlines, budget cuts, a champion leaving, a new owner. Each kind is one pattern in one table a reviewer
can read.
A call's and an account's risks are read through copilot/tools/account_risks.py, which reads this
vocabulary more strictly (a complaint told apart from an escalation, a missed deadline only when a
deadline passed); other languages have their own words (copilot/tools/risk_words.py).
"""

from __future__ import annotations

import re

from copilot.tools.risk_words import foreign_risk_cue

# Each risk kind a manager acts on, with the wording that names it. Kept as one table so a reviewer can
# read what counts as what; order matters (the first kind that matches names the risk).
RISK_KINDS: dict[str, re.Pattern[str]] = {
    "churn_threat": re.compile(
        # "the course was cancelled" is something that happened to them, not them leaving us; "the churn
        # report" and "our churn dashboard" are things the product makes.
        r"\b(?:(?<!was )(?<!were )(?<!been )(?<!is )(?<!got )(?<!be )cancel\w*|"
        r"churn\w*(?! (?:report|dashboard|model|rate|analysis|analytics|score|prediction|metric|data)s?\b)|"
        r"terminat\w*|competitor\w*|switch(?:ing)? to|"
        r"move to (?:another|a different|a new) (?:vendor|provider|supplier|tool)|"
        r"(?:other|another|alternative) (?:vendors?|providers?|suppliers?)|"
        r"(?:evaluat\w*|look\w* at|consider\w*|explor\w*) (?:the )?alternatives|"
        r"not (?:going to )?(?:recommend (?:that )?(?:we )?)?renew\w*|won'?t (?:be )?renew\w*|walk away|"
        # Putting the contract up for bids: "we are going out to tender", "we'll run an RFP".
        r"go(?:ing|es)? out to tender|"
        r"(?:put|putting) (?:it|this|the (?:contract|account|renewal)) out to tender|"
        r"(?:run|issue|start)(?:ning)? an? (?:RFP|tender)|"
        # A competitor shown the account: "We've had Sigma in for a demo".
        r"(?:had|have|having|brought|bringing|invited) \w+ in (?:for|to give us) a demo|"
        r"take our business|"
        # Withholding a signature: "If it isn't fixed by Tuesday, we won't sign the expansion."
        r"(?:won'?t|will not|(?:are|'re) not going to|do not|don'?t) sign (?:the |a |any |our )?"
        r"(?:renewal|contract|expansion|extension|order form|order|deal|amendment)|"
        # "we have a Looker demo scheduled", "Their quote came in well below yours" (a manager's reading,
        # 2026-12-07: the competitor was missing from a renewal call).
        r"(?:have|had|got|booked|scheduled) an? (?-i:[A-Z])[\w-]+ demo\b|"
        r"(?:had|have|got|saw) (?:a|the) demo (?:from|by|of|with) (?-i:[A-Z])[\w-]+|"
        r"their (?:quote|offer|price|bid|proposal) (?:came in |is |was )?(?:\w+ )?"
        r"(?:below|lower than|cheaper than|under) (?:yours|ours)|"
        # "If this happens again before the renewal, we are out." (a manager's reading, 2026-12-07).
        r"we(?:'re| are| will be|'ll be) (?:out|gone|done with you)(?=\s*(?:[.!;]|$)))",
        re.IGNORECASE,
    ),
    # The customer asking not to be contacted: an obligation on every later call and mail, not a mood.
    "do_not_contact": re.compile(
        r"\b(?:stop (?:calling|contacting|e-?mailing|texting|messaging|phoning) (?:me|us)|"
        r"(?:don'?t|do not|never) (?:call|contact|e-?mail|text|phone|message) (?:me|us) (?:again|any ?more)|"
        r"remove (?:me|us|my \w+|our \w+|all of us|everyone(?: at [^,.;!?]{1,60}?)?) from (?:your|the|all) "
        r"(?:[\w-]+ ){0,3}?(?:lists?|database|records|system|outreach|mailing lists?|mailings?|campaigns?|"
        r"newsletters?)|"
        r"(?:don'?t|do not|never) (?:call|contact|e-?mail|phone)(?: or (?:call|e-?mail|phone|text))? "
        r"(?:our|any of our) (?:staff|employees|people|team)|"
        r"take (?:me|us) off (?:your|the) (?:[\w-]+ )?list|unsubscribe|do[- ]not[- ]contact)\b",
        re.IGNORECASE,
    ),
    # A complaint is also what the customer says of being ignored or having to chase us: nobody answers,
    # the n-th time they ask, what they ordered never came.
    # Legal counts when it acts on the dispute ("legal action", "bring in our legal team", "our legal
    # department will review the contract"); "our legal team asked that mail goes through the portal"
    # routes mail, and escalates nothing to give an owner and a fix date.
    "escalation": re.compile(
        # A complaint is made by people: "my knees are still complaining" is small talk (a manager's reading,
        # 2026-12-07), "the users keep complaining" and "I complained to support" are complaints.
        r"\b(?:escalat\w*|P[12]\b|sev(?:erity)? ?[12]\b|complaints?\b|"
        r"complain(?:ed|ing|s)? (?:about|to|that|of)\b|"
        r"(?:I|we|they|people|users|customers|staff|clients|guests|everyone|employees|team)"
        r"(?:'re|'ve| are| were| have| had| keep| kept)?(?: been)?(?: \w+)? complain\w*|"
        r"formal complaint|lawyer\w*|"
        r"legal (?:action|steps|proceedings|dispute|claim)|"
        r"(?:involv\w*|bring\w* in|brought in|loop\w* in|get\w*(?: in)?|hand\w* (?:it |this )?(?:over )?to|"
        r"pass\w* (?:it |this )?(?:on )?to|refer\w* (?:it |this )?to) (?:our |the |my )?legal\b|"
        r"legal (?:team|department|counsel) (?:will|is going to|are going to|is reviewing|are reviewing|"
        r"(?:has|have) been (?:involved|informed|brought in))|"
        r"(?:nobody|no one|no-one) (?:ever |has |have |had )?(?:ever |yet )?"
        r"(?:answer|repl|respond|call|gets? back|got back|told|informed|warned|notified)\w*|"
        # An outage the customer lived through: "your platform was down for six hours".
        r"(?:was|were|has been|have been|went) down for (?:\w+ ){0,2}(?:hours?|days?)|"
        r"no (?:answer|reply|response) (?:to|on|from)|"
        r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time (?:I|we|that I|that we)\b|"
        r"keep (?:asking|chasing|calling|writing)|never (?:arrived|came|showed up|got back)|"
        # Payment withheld as a lever: "or we won't pay the invoice", "we'll withhold payment".
        r"(?:won'?t|will not|(?:are|'re) not going to|refuse to|stop) pay(?:ing)? "
        r"(?:the |your |this |that |any |another )?(?:invoices?|bills?|fees?|renewal)|"
        r"withhold\w* (?:the |our |any |all )?payments?|(?:holding|hold) (?:back )?(?:the )?payments?)",
        re.IGNORECASE,
    ),
    "missed_deadline": re.compile(
        r"\b(?:missed (?:the |our |a )?(?:deadline|date)|overdue|past due|"
        r"(?:still|again) (?:not|hasn'?t|isn'?t|broken|failing|waiting)|"
        r"delay\w*|late again|has failed|keeps? failing|"
        # "since last week" dates a failure ("it has been broken since Monday"), not a festive market.
        r"(?:not|n't|never|nothing|no longer|broken|fail\w*|down|stuck|missing|wrong)\b[^.;!?]{0,60}?"
        r"\bsince (?:monday|tuesday|wednesday|thursday|friday|last week))\b",
        re.IGNORECASE,
    ),
    # Our own reading of their mood falling, as an account note records it: "Sentiment dropped after the
    # last outage." (on three of six pages a manager read, 2026-12-07, beside a trend that said "improving").
    "sentiment_drop": re.compile(
        r"\b(?:sentiment|mood|morale|satisfaction|NPS|CSAT)\b[^.;!?]{0,30}?\b(?:dropped|has dropped|fell|"
        r"has fallen|declined|has declined|is down|went down|worsened|has worsened|soured|cooled)\b",
        re.IGNORECASE,
    ),
    # "cut our tooling budget": one word may say which budget was cut.
    "budget_cut": re.compile(
        r"\b(?:budget (?:cut|freeze|reduc)\w*|cut(?:ting|s)? (?:our |the |their )?(?:[\w-]++ )?budget|"
        # "Our 2027 budget came back and every software line got cut thirty percent".
        r"budget (?:(?!\b(?:not|nothing|no|never)\b)[^.;!?]){0,40}?"
        r"\b(?:got|was|were|has been|have been|is being) (?:\w+ )?cut\b|"
        r"spend(?:ing)? freeze|hiring freeze|too expensive|can'?t afford|price increase)\b",
        re.IGNORECASE,
    ),
    "champion_leaving": re.compile(
        # "My last day is January 29"; "that's the last day before our finance team goes on break" is a date.
        r"\b(?:(?:is|am|'m|are) leaving|leaving the (?:company|team)|(?:my|his|her|their) last day|"
        r"last day (?:here|at|with)|resign\w*|"
        r"new (?:job|role) (?:at|with)|handing over|moving on|stepping down|replac\w* (?:me|him|her)|"
        # "I'm moving to the parent's ops team": the champion leaves the relationship, if not the company.
        r"(?:I'm|I am|(?:s?he|they)(?:'s|'re| is| are)) (?:being )?mov(?:ing|ed) (?:over )?to "
        r"(?:the |a |an |our |another |their )?[\w'-]+(?: [\w'-]+){0,3}? "
        r"(?:team|role|job|department|division|group|unit|company))\b",
        re.IGNORECASE,
    ),
    # A new owner decides the renewal: "We've been acquired", "we're merging with Brightline", "the new parent
    # company uses another platform". "We acquired three stores" is their growth, not a new owner.
    "ownership_change": re.compile(
        r"\b(?:(?:been|were|was|got|are being|is being|getting) (?:just |recently )?acquired|"
        r"acquired by|(?:bought|taken over) by|(?:an?|the) (?:acquisition|takeover|buyout) of (?:us|our)|"
        r"merg(?:er|ing) with|new (?:parent|holding) (?:company|group)|new owners?)\b",
        re.IGNORECASE,
    ),
    # A slow purchasing process the renewal must get through: "Procurement is slow", "procurement needs 30
    # days", "our new procurement lead will want to see the contract" (on every sample page a manager read).
    "procurement_delay": re.compile(
        r"\b(?:procurement (?:is|are|has been|was|can be) (?:\w+ )?(?:slow|backed up|stuck|strict)|"
        r"procurement (?:needs|takes|requires|wants) (?:\w+ ){0,2}?(?:\d+|a few|several|two|three|four|six|"
        r"thirty|sixty|ninety) (?:business )?(?:days|weeks|months)|"
        # "our new procurement lead will want to see the contract"; "whoever the new procurement contact is"
        # only names a person to meet.
        # "…, but I make the call" takes it back: the champion still decides (three managers' readings,
        # 2026-12-07, read it as reassurance).
        r"new (?:head of procurement|procurement (?:lead|manager|director|team|head))"
        r"(?![^.;!?]*\bbut I (?:make|have|get) the (?:call|final say|last word|decision)\b)|"
        r"(?:stuck|held up|sitting|waiting) (?:in|with|on) procurement)\b",
        re.IGNORECASE,
    ),
    # A concern the speaker flags in so many words: "One thing to flag: our billing team is in an audit until
    # mid-January", "I do see one risk, though." (a manager's reading, 2026-12-07: both calls said "Risks:
    # none recorded"); least severe, as the classifier's warning signs are.
    "warning_sign": re.compile(
        r"\b(?:one (?:thing|risk|concern) (?:to|I'd like to|I want to) (?:flag|mention|raise)|"
        r"(?:I|we) (?:do )?see (?:one|a|some|two) (?:risks?|concerns?)|one (?:risk|concern) (?:is|I see)|"
        r"my (?:one |main |biggest |only )?concern is|heads[- ]up\s*:|"
        # "If the sign-off slips past January 15th, we risk a lapse in service."
        r"(?:we|they|you) (?:could |might |would )?risk (?:a|an|losing|missing|delaying)\b|\bat risk of\b)",
        re.IGNORECASE,
    ),
}
# Any of the kinds, for callers that only ask "does this name a risk" (the account summary's sections).
RISK_CUES = re.compile("|".join(f"(?:{p.pattern})" for p in RISK_KINDS.values()), re.IGNORECASE)
# "no complaints there", "not going to cancel", "without any delay": the cue is denied, not raised.
_DENIED = re.compile(
    # "I'm not going to a competitor" denies twice over: "going to" and "a" both stand before the cue.
    r"\b(?:no|not|never|without|nothing|zero|hardly any)\s+"
    r"(?:(?:going|want|wanting|plan|planning|intend|intending|about|need) to\s+)?"
    r"(?:(?:any|a|an|one|single|formal|real|major|further|the)\s+)?$",
    re.IGNORECASE,
)


def first_cue(pattern: re.Pattern[str], text: str) -> str | None:
    """The first words of `text` that `pattern` finds and the sentence does not deny, or None."""
    for match in pattern.finditer(text):
        if not _DENIED.search(text[: match.start()]):
            return match[0]
    return None


def risk_kind(text: str) -> tuple[str, str] | None:
    """The kind of relationship risk a sentence names and the words that name it, or None; a sentence
    in another language is read with its own language's words ("nous allons résilier" is a churn threat)."""
    for kind, pattern in RISK_KINDS.items():
        cue = first_cue(pattern, text)
        if cue is not None:
            return kind, cue
    foreign = foreign_risk_cue(text)
    if foreign is None or foreign[0] == "complaint_tone":
        return None
    # This vocabulary's "escalation" covers complaints too.
    return ("escalation" if foreign[0] == "complaint" else foreign[0]), foreign[1]
