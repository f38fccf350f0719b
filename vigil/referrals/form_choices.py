"""The referral form's lists of choices (PROCESS.md step 5), each as (stored value, label)."""

from __future__ import annotations

from typing import Final

YES_NO: Final = (("yes", "Yes"), ("no", "No"))
NOT_TOLD: Final = (
    ("increase-risk", "Telling them could increase the risk to the child"),
    ("prejudice-police", "Telling them would prejudice a police enquiry"),
    ("other", "Another reason (say below)"),
)
PLACEMENTS: Final = (
    ("family", "Lives with family"),
    ("extended-family", "Lives with extended family"),
    ("care-leaver", "Care leaver"),
    ("foster", "Foster care"),
    ("residential", "Residential care"),
    ("secure", "Secure accommodation"),
    ("not-known", "Not known"),
)
LEGAL_BASES: Final = (
    ("", "Not looked after"),
    ("s20", "Accommodated by agreement (section 20)"),
    ("s31", "Care order (section 31)"),
    ("s38", "Interim care order (section 38)"),
    ("placement-order", "Placement order"),
    ("remand", "Remanded to local authority accommodation"),
    ("not-known", "Not known"),
)
BASES_OF_CONCERN: Final = (
    ("disclosure", "Disclosure by the child"),
    ("going-missing", "Going missing"),
    ("incident", "An incident or suspected incident"),
    ("older-person", "A relationship with an older person"),
    ("carer-breakdown", "Breakdown of the relationship with parents or carers"),
    ("alcohol-drugs", "Alcohol or drugs"),
    ("changed-behaviour", "Changed behaviour"),
    ("peers", "Peers involved"),
    ("money-items", "Unexplained money, phones, clothes or other items"),
    ("other", "Other (say below)"),
)
LAWFUL_BASES: Final = (
    (
        "public-task",
        "Public task (UK GDPR 6(1)(e)), with DPA 2018 Schedule 1 paragraph 18: safeguarding "
        "of children",
    ),
    ("legal-obligation", "Legal obligation (UK GDPR 6(1)(c))"),
    ("vital-interests", "Vital interests (UK GDPR 6(1)(d))"),
)
VIOLENCE: Final = (("yes", "Yes"), ("no", "No"), ("not-known", "Not known"))
