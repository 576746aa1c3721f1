"""The pattern rules behind the injection detector, one category per group, in en/de/fr/es."""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE


@dataclass(frozen=True)
class Rule:
    """One pattern; a match is reported under `category` with `detail` as the reason.

    `unless` drops a match whose text also matches it; `negatable` drops a match right after "never",
    "not" or "don't" ("never share passwords by email" is advice, not a request).
    """

    category: str
    detail: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None
    negatable: bool = False


def _rule(
    category: str,
    detail: str,
    pattern: str,
    flags: int = _I,
    *,
    unless: re.Pattern[str] | None = None,
    negatable: bool = False,
) -> Rule:
    return Rule(category, detail, re.compile(pattern, flags), unless, negatable)


# Any run of text within one sentence: dots inside "www.example.com" do not end it, nor does a
# quoted exclamation that the sentence goes on after ('Add "Wow!" to your reply').
_CLAUSE = r"(?:[^.!?\n]|[.!?](?=[^\s\"'\u201d])|[.!?][\"'\u201d](?=\s+[a-z]))"
# What an assistant's output is called; attacks address "your answer" rather than the human reader.
_TARGET = r"(?:answers?|responses?|repl(?:y|ies)|outputs?|messages?|summar(?:y|ies)|drafts?|completions?)"
_LANG = (
    r"(?:English|French|German|Spanish|Italian|Portuguese|Russian|Chinese|Mandarin|Japanese|Korean|"
    r"Arabic|Hindi|Dutch|Swedish|Polish|Turkish|Greek|Latin|Hebrew)"
)
_CODE_LANG = r"(?:Python|JavaScript|Java|C\+\+|C#|PHP|Ruby|Go|Rust|SQL|Bash|TypeScript|Kotlin|Swift)"
# Verbs that tell a model what to put into, or how to shape, its own output.
_SHAPE_VERB = (
    r"(?:add|include|insert|append|prepend|integrate|incorporate|embed|mention|use|introduce|place|put|"
    r"weave|suggest|tease|promote|recommend|advertise|express|invite|encourage|urge|stress|emphasi[sz]e|"
    r"highlight|hint|offer|share|replace|convert|substitute|render|remove|group|combine|scramble|jumble|"
    r"misspell|rearrange|translate|encode|encrypt|reverse|respond|answer|reply|write|end|begin|start|"
    r"conclude|sign|format|spell|direct|link|claim|state|say|tell|insist|warn|assert|praise|endorse|"
    r"anagram|feature)"
)
_STRONG_SHAPE_VERB = (
    r"(?:modify|augment|enhance|alter|rewrite|format|structure|render|encode|encrypt|reverse|scramble|"
    r"jumble|misspell|translate|convert|replace|substitute|anagram|group|combine|obfuscate|cipher|garble)"
)
# Business identifiers customers legitimately ask to see in a reply ("include the PO number in your reply").
BUSINESS_ASK = re.compile(
    r"\b(?:PO|purchase\s+order|order|invoice|ticket|case|reference|account|booking|confirmation|customer|"
    r"contract|quote)\s*(?:number|no\.?|#|ID|reference)\b|\bPO\b|Bestellnummer|Rechnungsnummer|"
    r"Kundennummer|Referenz|numéro\s+de\s+(?:commande|facture|client)|"
    r"número\s+de\s+(?:pedido|factura|cliente)",
    _I,
)
_SEND = (
    r"(?:send|forward|e-?mail|export|upload|share|post|transfer|leak|copy|transmit|submit|dump|include|"
    r"attach|reveal|disclose|list|output|bcc|cc)"
)
# Data no customer email has a reason to ask for, wherever it is to be sent.
_PROTECTED = (
    r"(?:passwords?|credentials|api\s+keys?|access\s+tokens?|(?:conversation|chat)\s+history|"
    r"internal\s+(?:notes|documents|data|pricing)|"
    r"(?:every|all)\s+(?:of\s+)?(?:the\s+)?other\s+(?:customers?|clients?|accounts?)|"
    r"other\s+(?:customers?|clients?|accounts?)['\u2019]?s?\s+(?:\w+\s+)?(?:pricing|prices|data|contracts|"
    r"details|information|names|emails|records|deals))"
)
# Data that is only suspicious when it is to go to an address.
_BULK = (
    r"(?:(?:customer|client|contact|user|account)s?\s+(?:list|database|data\s*base|records|data|contacts)|"
    r"(?:all|every|the\s+(?:entire|whole|full|complete))\s+(?:of\s+)?(?:the\s+|our\s+|your\s+)?"
    r"(?:\w+\s+){0,2}(?:documents|files|contracts|emails|messages|data|records|attachments|database|"
    r"crm|list|history|inbox|mailbox|customers|contacts))"
)
_BULK_SEND = r"(?:send|forward|export|upload|dump|leak|copy|transfer|transmit|e-?mail|post)"
_ADDRESS = r"(?:(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+)"
_SECRET = (
    r"(?:password|passcode|passphrase|credentials|login\s+details|sign[- ]in\s+details|2FA\s+codes?|"
    r"two[- ]factor\s+(?:authentication\s+)?codes?|one[- ]time\s+(?:pass)?codes?|OTP|MFA\s+codes?|"
    r"verification\s+codes?|security\s+codes?|PIN|social\s+security\s+number|CVV|card\s+details)"
)

OVERRIDE_RULES = (
    _rule("instruction_override", "asks to ignore earlier instructions",
          r"\b(?:ignore|disregard|forget|skip|override|bypass|neglect|abandon)\s+(?:all\s+|any\s+|every\s+|"
          r"the\s+|your\s+|my\s+|these\s+|those\s+|of\s+|previous\s+|prior\s+|above\s+|earlier\s+|"
          r"preceding\s+|original\s+|initial\s+|system\s+|existing\s+|other\s+|safety\s+)*(?:instructions?|"
          r"prompts?|rules|directions|guidelines|directives|commands|constraints|programming|guardrails|"
          r"polic(?:y|ies)|restrictions)\b"),
    _rule("instruction_override", "asks to ignore the text above",
          r"\b(?:ignore|disregard|forget)\s+(?:all\s+(?:of\s+)?|everything\s+)?(?:the\s+|that\s+is\s+|"
          r"written\s+)?(?:above|foregoing|preceding)\b(?!\s+(?:email|message|mail|note|attachment|invoice|"
          r"address|number))|\b(?:forget|ignore)\s+everything\b"),
    _rule("instruction_override", "announces new instructions",
          r"\b(?:new|updated|real|actual|revised)\s+(?:instructions|task|directive)s?\s*:|"
          r"\byour\s+new\s+(?:task|instructions|goal)\b|\bdo\s+not\s+follow\s+(?:the|your|any)\s+"
          r"(?:previous\s+|original\s+)?(?:instructions|rules|guidelines)\b|\bfrom\s+now\s+on,?\s+(?:you\s+"
          r"(?:are|will\s+be|must|should)\s+(?:an?\s+)?(?:assistant|AI|bot|model|DAN)\b|you\s+(?:must|will|"
          r"should)\s+(?:always|only|never|respond|reply|answer|ignore)\b|(?:always|only)\s+(?:respond|reply|"
          r"answer)\b)"),
    _rule("instruction_override", "asks to ignore earlier instructions (de)",
          r"\b(?:ignorier(?:e|en)?|vergiss|vergessen|missachte(?:n)?)\s+(?:Sie\s+)?(?:bitte\s+)?(?:alle\s+)?"
          r"(?:die\s+)?(?:vorherigen|bisherigen|obigen|vorigen|früheren|bisher\s+gegebenen)?\s*"
          r"(?:Anweisungen|Instruktionen|Befehle|Regeln|Vorgaben)|\bvergiss\s+alles\b"),
    _rule("instruction_override", "asks to ignore earlier instructions (fr)",
          r"\b(?:ignore[rz]?|oublie[rz]?|ne\s+tiens\s+pas\s+compte\s+de)\s+(?:toutes\s+)?(?:les|tes|vos)\s+"
          r"(?:instructions|consignes|règles|directives)|\boublie[rz]?\s+tout\b"),
    _rule("instruction_override", "asks to ignore earlier instructions (es)",
          r"\b(?:ignora|ignore|ignoren|olvida|olvide|omite)\s+(?:todas\s+)?(?:las|tus|sus)\s+"
          r"(?:instrucciones|indicaciones|reglas|órdenes)|\bolvida\s+todo\b"),
)  # fmt: skip

ROLE_RULES = (
    _rule("role_play", "tries to give the model a new identity",
          r"\byou\s+are\s+now\s+(?:an?\s+|the\s+|my\s+)?(?:\w+\s+){0,2}(?:assistant|AI|bot|chatbot|model|"
          r"persona|character|hacker|agent|DAN|GPT)\b|\byou\s+are\s+now\s+(?:free|unrestricted|unfiltered|"
          r"jailbroken|no\s+longer)\b|\b(?:act|behave|respond)\s+as\s+(?:if\s+you\s+were\s+)?(?:an?\s+)?"
          r"(?:unrestricted|unfiltered|jailbroken|evil|uncensored|DAN)\b|\bpretend\s+(?:to\s+be|that\s+you\s+"
          r"are|you\s+are)\b|\brole[- ]?play\s+as\b|\blet['\u2019]?s\s+role[- ]?play\b|"
          r"\bjailbr(?:eak|oken)\b|"
          r"\bdo\s+anything\s+now\b|\b(?:enable|enter|activate|switch\s+to)\s+developer\s+mode\b|"
          r"\bdeveloper\s+mode\s+(?:enabled|activated|on)\b|\bstay\s+in\s+character\b|\bwithout\s+(?:any\s+)?"
          r"(?:ethical|moral|safety|content)\s+(?:restrictions|filters|guidelines|limits)\b|\bwithout\s+"
          r"censorship\b|\bno\s+longer\s+bound\s+by\b"),
    _rule("role_play", "tries to give the model a new identity (de/fr/es)",
          r"\bdu\s+bist\s+(?:jetzt|nun|ab\s+sofort)\b|\bab\s+jetzt\s+bist\s+du\b|\btu\s+so,?\s+als\s+"
          r"(?:ob|wärst)\b|\btu\s+es\s+(?:maintenant|désormais)\b|\bvous\s+êtes\s+(?:maintenant|désormais)\s+"
          r"(?:un|une)\s+(?:assistant|IA|robot|bot|modèle)\b|\bfais\s+semblant\b|\bahora\s+eres\b|"
          r"\bfinge\s+(?:ser|que)\b"),
)  # fmt: skip

SYSTEM_RULES = (
    _rule("system_prompt", "imitates a system prompt or chat template",
          r"\bsystem\s+(?:prompt|instructions?|override)\b|\[/?(?:system|INST|SYS)\]|<\|?(?:im_start|im_end|"
          r"system|endoftext)\|?>|<<\s*/?SYS\s*>>|###\s*(?:instruction|system|new\s+task)\b|"
          r"\b(?:reveal|show|print|output|repeat|leak)\s+(?:me\s+)?(?:your|the)\s+(?:system\s+)?(?:prompt|"
          r"instructions|configuration)\b|\bSystemanweisung\b|\bSystemprompt\b|\binvite\s+système\b|"
          r"\binstructions?\s+système\b|\binstrucciones\s+del\s+sistema\b"),
    _rule("system_prompt", "imitates a system or assistant turn",
          r"^[ \t>]*(?:SYSTEM|ASSISTANT)\s*:", re.MULTILINE),
    _rule("system_prompt", "addresses the AI model directly",
          r"\b(?:note|message|instructions?|reminder)\s+(?:for|to)\s+(?:the\s+|any\s+)?(?:AI|model|LLM|"
          r"chatbot|copilot|bot|language\s+model)\b|\b(?:dear|hey|hi|attention|hello)\s+"
          r"(?:AI|ChatGPT|GPT|LLM|"
          r"chatbot|copilot)\b|\bif\s+you\s+are\s+an?\s+(?:AI|language\s+model|LLM|assistant|bot)\b|"
          r"(?:^[ \t]*|[.!?]\s+)(?:(?:hey|dear)\s+)?(?:AI(?:\s+assistant)?|assistant|copilot|chatbot|"
          r"language\s+model)\s*[,:]\s*(?:please\s+)?\w+|"
          r"\bHinweis\s+für\s+(?:den|die)\s+(?:KI|Assistenten)\b|"
          r"\bnote\s+pour\s+l['\u2019](?:IA|assistant)\b|\bnota\s+para\s+(?:la\s+IA|el\s+asistente)\b",
          _I | re.MULTILINE),
)  # fmt: skip

OUTPUT_RULES = (
    _rule("output_manipulation", "tells the model what to put in its answer",
          rf"\b{_SHAPE_VERB}\b{_CLAUSE}{{0,140}}?\b(?:in|into|to|within|throughout|from|of|with|"
          rf"at\s+the\s+end\s+of)\s+your\s+(?:next\s+|final\s+|entire\s+|whole\s+)?{_TARGET}\b",
          unless=BUSINESS_ASK),
    _rule("output_manipulation", "tells the model what to put in its answer",
          rf"\b(?:in|within|throughout|at\s+the\s+end\s+of)\s+your\s+(?:next\s+|final\s+)?{_TARGET}\s*,?\s*"
          rf"(?:please\s+)?{_SHAPE_VERB}\b{_CLAUSE}{{0,100}}", unless=BUSINESS_ASK),
    _rule("output_manipulation", "asks to encode or garble text",
          r"\b(?:replace|substitute|swap|convert|exchange)\s+(?:every|each|all|the)?\s*(?:\w+\s+)?"
          r"(?:letters?|"
          r"vowels?|consonants?|characters?|alphabets?)\s+(?:with|by|to|into|for)\b"),
    _rule("output_manipulation", "tells the model how to shape its answer",
          rf"\b{_STRONG_SHAPE_VERB}\s+(?:all\s+|each\s+|every\s+)?(?:of\s+)?(?:the\s+\w+\s+(?:of|in)\s+)?"
          rf"your\s+(?:next\s+|final\s+|entire\s+|whole\s+)?{_TARGET}|\byour\s+{_TARGET}['\u2019]?s?\s+"
          rf"(?:words|letters|text|sentences)\b|\b(?:provide|give|write|deliver|present|keep|begin|start|end|"
          rf"make)\s+your\s+{_TARGET}\s+(?:using|without|with\s+(?:intentional|random|no|all|every|only|"
          rf"emojis?)|in\s+(?:code|cipher|base64|emojis?|reverse|uppercase|lowercase|all\s+caps|anagrams?|"
          rf"pig\s+latin|morse|binary|hex|leetspeak|{_LANG}))"),
    _rule("output_manipulation", "tells the model which form to answer in",
          r"\b(?:respond|reply|answer|write)\s+(?:only\s+)?(?:in|using|with)\s+(?:base64|emojis?|code|"
          r"ciphers?|reverse|all\s+caps|uppercase|pig\s+latin|morse|binary|hex|leetspeak|rot13|a\s+poem|"
          r"rhymes?)\b"),
    _rule("output_manipulation", "asks to hide something from the reader",
          r"\b(?:do\s+not|don['\u2019]t|never)\s+(?:tell|mention|inform|reveal\s+to|alert|notify)\s+"
          r"(?:this\s+to\s+|this\s+in\s+)?(?:the\s+|your\s+)?(?:user|reviewer|human|operator|recipient|"
          r"reply|summary|response)\b|\bwithout\s+(?:telling|mentioning|informing|alerting|notifying)\s+"
          r"(?:this\s+to\s+)?(?:the\s+)?(?:user|reviewer|human|operator)\b"),
    _rule("output_manipulation", "tells the model what to put in its answer (de/fr/es)",
          r"\b(?:füge|fügen\s+Sie|schreibe|schreiben\s+Sie|erwähne|erwähnen\s+Sie|nenne|baue|ergänze|"
          r"antworte)\b[^.!?\n]{0,100}?\b(?:in|zu|am\s+Ende)\s+(?:deine[rnm]?|Ihre[rnm]?)\s+Antwort\b|"
          r"\b(?:ajoute[rz]?|inclu[se]z?|mentionne[rz]?|écri[sv]e?z?|réponds|répondez|intègre[rz]?)\b"
          r"[^.!?\n]{0,100}?\b(?:dans|à)\s+(?:ta|votre)\s+réponse\b|\b(?:añade|agrega|incluye|menciona|"
          r"escribe|responde|integra)\b[^.!?\n]{0,100}?\ben\s+(?:tu|su)\s+respuesta\b",
          unless=BUSINESS_ASK),
)  # fmt: skip

TASK_RULES = (
    _rule("task_injection", "asks for unrelated creative writing",
          r"\b(?:write|compose|draft|create|generate|produce|develop|provide|give\s+me|craft|pen|"
          r"tell\s+me)\s+"
          r"(?:me\s+)?(?:an?\s+|the\s+|some\s+)?(?:\w+\s+){0,3}?(?:poem|story|essay|speech|song|haiku|"
          r"limerick|joke|sonnet|novel|screenplay|rap|lyrics|riddle|fairy\s*tale|fable|tweet|slogan|"
          r"introduction\s+for\s+an\s+essay)s?\b"),
    _rule("task_injection", "asks an unrelated general-knowledge question",
          r"\bwhat\s+is\s+the\s+capital\s+of\b|\bwho\s+(?:wrote|invented|discovered|painted|composed)\b|"
          r"\bexplain\s+the\s+(?:theory|concept|process|principles?|history|basics)\s+of\b|"
          r"\bexplain\s+(?:how|what|why)\b[^.?!\n]{0,60}\b(?:with\s+an?\s+example|in\s+simple\s+terms|"
          r"to\s+a\s+(?:child|beginner|five[- ]year[- ]old))|\bdescribe\s+the\s+(?:life\s*cycle|history|"
          r"process|origins?|plot|causes)\s+of\b|\bwhat\s+are\s+the\s+(?:main|primary|key|major)\s+"
          r"(?:causes|functions|principles)\s+of\b|\bbreak\s+down\s+the\s+(?:plot|story|concept|history)\b|"
          r"\bhow\s+do\s+I\s+(?:solve|calculate|compute|prove|derive)\b"),
    _rule("task_injection", "asks for an unrelated translation",
          rf"\btranslate\s+(?:the\s+following|this|these)\s+(?:sentence|phrase|word|text|paragraph)s?\b|"
          rf"\btranslate\s+['\"\u2018\u201c]|\bhow\s+do\s+(?:you|I)\s+say\s+[^?\n]{{1,60}}\s+in\s+{_LANG}\b|"
          rf"\bwhat(?:\s+is|['\u2019]s)\s+['\"\u2018\u201c][^'\"\u2019\u201d]{{1,40}}['\"\u2019\u201d]\s+"
          rf"in\s+{_LANG}\b|\b{_LANG}\s+(?:equivalent|translation)\s+(?:for|of)\b"),
    _rule("task_injection", "asks for unrelated programming help",
          rf"\b(?:write|show\s+me|give\s+me|create)\s+(?:me\s+)?an?\s+(?:simple\s+|short\s+|basic\s+)"
          rf"{_CODE_LANG}\s+(?:function|script|program|snippet|class)\b|\bdifferences?\s+between\s+"
          rf"['\"\u2018\u201c]?[=!<>]{{2,3}}|\bconnect\s+to\s+an?\s+\w+\s+database\s+using\s+{_CODE_LANG}\b|"
          rf"\bdifferences?\s+between\s+{_CODE_LANG}\s*\d\s+and\s+{_CODE_LANG}\s*\d\b"),
)  # fmt: skip

EXFIL_RULES = (
    _rule("data_exfiltration", "asks to send or reveal protected data",
          rf"\b{_SEND}\b[^.!?\n]{{0,80}}?\b{_PROTECTED}", negatable=True),
    _rule("data_exfiltration", "asks to send records in bulk to an address",
          rf"\b{_BULK_SEND}\b[^.!?\n]{{0,60}}?\b{_BULK}\b[^!?\n]{{0,60}}?\b(?:to|an|à|a)\s+{_ADDRESS}",
          negatable=True),
    _rule("data_exfiltration", "asks to send protected data (de/fr/es)",
          r"\b(?:sende|senden|schicke|schicken|leite|exportiere|exportieren|übermittle)\b[^.!?\n]{0,80}?"
          r"(?:Kundenliste|alle\s+Kunden|Kundendaten|Passw(?:ö|oe)rter|Zugangsdaten|Kontaktliste)|"
          r"\b(?:envoie[rz]?|transf[eè]re[rz]?|exporte[rz]?|transmets|transmettez)\b[^.!?\n]{0,80}?"
          r"(?:liste\s+des\s+clients|données\s+(?:des\s+)?clients|mots\s+de\s+passe|identifiants|"
          r"tous\s+les\s+clients)|\b(?:env[ií]a|envíe|reenv[ií]a|exporta|comparte)\b[^.!?\n]{0,80}?"
          r"(?:lista\s+de\s+clientes|datos\s+de\s+(?:los\s+)?clientes|contraseñas|credenciales|"
          r"todos\s+los\s+clientes)", negatable=True),
)  # fmt: skip

PHISHING_RULES = (
    _rule("credential_phishing", "asks for a password or one-time code",
          rf"\b(?:send|share|reply\s+with|e-?mail|forward|give|tell|text|provide|disclose)\s+(?:us\s+|me\s+)?"
          rf"(?:with\s+)?(?:your|the)\s+(?:current\s+|account\s+|login\s+|email\s+|bank\s+)?{_SECRET}\b",
          negatable=True),
    _rule("credential_phishing", "link that asks to confirm an account or password",
          r"\b(?:click|follow|visit|go\s+to|open|tap|log\s*in|sign\s*in)\b[^.!?\n]{0,80}?\b(?:verify|confirm|"
          r"validate|re-?activate|unlock|restore|secure|re-?enter|update)\s+(?:your\s+)?(?:account|identity|"
          r"login|credentials|password|mailbox|2FA|MFA)\b|\b(?:verify|confirm|validate|re-?enter|update)\s+"
          r"your\s+(?:account|identity|login|credentials|password|mailbox)\b[^!?\n]{0,80}?(?:https?://|www\.|"
          r"\bclick\b|\blink\b)"),
    _rule("credential_phishing", "threatens an account lock to get a login",
          r"\b(?:account|mailbox|password|access)\s+(?:will\s+be|has\s+been|is)\s+(?:suspended|locked|"
          r"disabled|deactivated|closed|terminated)\b[^!?\n]{0,120}?(?:https?://|www\.|\bclick\b|\blink\b|"
          r"\bverify\b)"),
    _rule("credential_phishing", "asks for a password or code (de/fr/es)",
          r"(?:Passwort|Kennwort|Zugangsdaten|TAN|Bestätigungscode|Sicherheitscode)\s+(?:\w+\s+){0,3}?"
          r"(?:senden|schicken|mitteilen|bestätigen|eingeben|zusenden|übermitteln)|"
          r"\b(?:envoye[rz]|communique[rz]|confirme[rz]|saisi(?:r|ssez)|transmet(?:tre|tez))\s+"
          r"(?:nous\s+|moi\s+)?(?:votre|ton|ta|vos)\s+(?:mot\s+de\s+passe|identifiants|code\s+de\s+"
          r"vérification|code\s+à\s+usage\s+unique)|\b(?:env[ií](?:e|a|ar)|confirm[ae]r?|introduzca|"
          r"comparte?|compartir)\s+(?:nos\s+)?(?:su|tu)\s+(?:contraseña|credenciales|código\s+de\s+"
          r"verificación)", negatable=True),
)  # fmt: skip

PAYMENT_RULES = (
    _rule("payment_change", "announces changed bank or payment details",
          r"\b(?:new|updated|changed|amended|different)\s+(?:bank(?:ing)?|remittance|wire|beneficiary|payee|"
          r"payment)\s+(?:details|information|info|instructions|account|coordinates)\b|\b(?:bank(?:ing)?|"
          r"account|payment)\s+(?:details|information)\s+(?:have|has)\s+(?:changed|been\s+(?:updated|"
          r"changed|amended))\b|\b(?:update|change|amend)\s+(?:our|the)\s+(?:bank(?:ing)?|remittance|"
          r"beneficiary|payee)\s+(?:details|information|account)\b", negatable=True),
    _rule("payment_change", "asks to pay into a different account",
          r"\b(?:pay|wire|transfer|remit|send)\s+(?:all\s+)?(?:future\s+|the\s+|this\s+|outstanding\s+|"
          r"any\s+)?(?:payments?|invoices?|funds|amount|money|balance)\s+(?:to|into)\s+(?:our\s+|the\s+|"
          r"this\s+)?(?:new|following|below|updated|different|alternative|other)\s+(?:bank\s+)?account\b|"
          r"\b(?:new|updated|changed|different)\s+IBAN\b|\bIBAN\b[^.!?\n]{0,60}?\b(?:has\s+changed|"
          r"changed|updated|is\s+now)\b", negatable=True),
    _rule("payment_change", "announces changed bank details (de/fr/es)",
          r"\bneue[nr]?\s+Bankverbindung\b|\bBankverbindung\s+(?:hat\s+sich\s+)?geändert\b|"
          r"\bgeänderte[nr]?\s+(?:Bankverbindung|Kontodaten|IBAN)\b|\bneue[nr]?\s+(?:IBAN|Kontonummer|"
          r"Konto)\b|\bnouvel(?:le)?s?\s+(?:coordonnées\s+bancaires|RIB|IBAN|compte\s+bancaire)\b|"
          r"\bchangement\s+de\s+(?:RIB|coordonnées\s+bancaires|IBAN)\b|\bnuev[oa]s?\s+(?:datos\s+"
          r"bancarios|cuenta\s+bancaria|IBAN|número\s+de\s+cuenta)\b|\bcambio\s+de\s+(?:cuenta\s+"
          r"bancaria|datos\s+bancarios|IBAN)\b"),
)  # fmt: skip

RULES: tuple[Rule, ...] = (
    OVERRIDE_RULES
    + ROLE_RULES
    + SYSTEM_RULES
    + OUTPUT_RULES
    + TASK_RULES
    + EXFIL_RULES
    + PHISHING_RULES
    + PAYMENT_RULES
)
# Words that turn a request into advice when they come just before it.
NEGATION = re.compile(r"\b(?:never|not|no|don['\u2019]t|nicht|nie|jamais|ne|nunca|no)\s+(?:\w+\s+)?$", _I)
