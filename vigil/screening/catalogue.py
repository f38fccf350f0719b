"""The indicator catalogue: the signs of child sexual exploitation, as data.

The ids, groups and `counted` flags are SCREENING.md section 1, a fixed contract. The labels and
guidance are the project's own words, written from the two source documents (the partnership
briefing and the schools factsheet) without their dated wording. Pure: the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Group:
    code: str
    title: str
    question: str
    guidance: str


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    guidance: str
    counted: bool = True

    @property
    def group(self) -> str:
        return self.id.split(".", 1)[0]


GROUPS: Final[tuple[Group, ...]] = (
    Group(
        "v",
        "Vulnerabilities",
        "Who is at risk?",
        "Any child can be sexually exploited, whatever their family or background, boys and "
        "young men as well as girls and young women. Some circumstances make a child more "
        "vulnerable: they do not mean that a child is being exploited, and their absence does not "
        "mean that a child is safe.",
    ),
    Group(
        "g",
        "Grooming draws",
        "Why are some children drawn in?",
        "People who exploit children win their attention and trust by meeting a need: to be "
        "liked, to feel grown up or special, to belong, to have somewhere to go. What looks like "
        "the child's choice is usually the result of this grooming.",
    ),
    Group(
        "i",
        "Immediate indicators",
        "What might you notice?",
        "Changes in what a child does, who they spend time with and what they have. One sign on "
        "its own may have another explanation; several together, or a sign that keeps coming "
        "back, should always be passed to your designated safeguarding lead.",
    ),
    Group(
        "e",
        "Evidence of exploitation",
        "When is it exploitation?",
        "Child sexual exploitation is child sexual abuse. It happens when someone uses an "
        "imbalance of power to coerce, manipulate or deceive a child under 18 into sexual "
        "activity in exchange for something the child needs or wants, or for the abuser's gain "
        "or status. It is abuse even when the activity appears consensual, and it can happen "
        "online without any physical contact.",
    ),
)


def _i(id_: str, label: str, guidance: str, counted: bool = True) -> Indicator:
    return Indicator(id_, label, guidance, counted)


INDICATORS: Final[tuple[Indicator, ...]] = (
    # Vulnerabilities: who is at risk
    _i(
        "v.missing_runaway_homeless",
        "Missing, runaway or homeless",
        "A child who goes missing, runs away or has nowhere safe to live can be found and "
        "befriended by people who exploit children, and is harder for adults to protect.",
    ),
    _i(
        "v.in_care",
        "In care (looked after)",
        "Children in care may have fewer trusted adults around them and may move placements; "
        "exploiters target children's homes and placements.",
    ),
    _i(
        "v.prior_abuse",
        "Earlier abuse or neglect",
        "A child who has already experienced sexual, physical or emotional abuse or neglect is "
        "more vulnerable to further abuse, including exploitation.",
    ),
    _i(
        "v.adolescent",
        "Adolescent or pre-adolescent",
        "Most children identified as exploited are teenagers, but younger children are targeted "
        "too. Recorded for monitoring only: age alone is never a sign.",
        counted=False,
    ),
    _i(
        "v.girl",
        "Girl or young woman",
        "More girls than boys are identified, but boys are exploited too and are less likely to "
        "tell anyone. Recorded for monitoring only: sex is never a sign.",
        counted=False,
    ),
    _i(
        "v.not_in_education",
        "Not in education",
        "Excluded, or absent often. Time out of school is time away from the adults who notice "
        "change; follow up absence promptly and involve the education welfare service.",
    ),
    _i(
        "v.bme_community",
        "From a black or minority ethnic community",
        "Recorded for monitoring only, from the child's record: ethnicity is never a sign.",
        counted=False,
    ),
    _i(
        "v.migrant_community",
        "From a migrant community",
        "Recorded for monitoring only, from the child's record: it is never a sign.",
        counted=False,
    ),
    _i(
        "v.refugee_uasc",
        "Refugee or unaccompanied asylum-seeking child",
        "Children separated from their families, or new to the country, may depend on people "
        "who offer help and then exploit them.",
    ),
    _i(
        "v.trafficked",
        "Trafficked",
        "A child moved into, within or out of the country for exploitation is being exploited.",
    ),
    _i(
        "v.mental_health",
        "Mental health condition",
        "Low mood, anxiety or other conditions can make a child more open to people who offer "
        "attention and comfort.",
    ),
    _i(
        "v.domestic_abuse_household",
        "Domestic abuse at home",
        "A home where domestic abuse has been a feature can leave a child seeking safety and "
        "affection elsewhere.",
    ),
    _i(
        "v.uses_drugs_alcohol",
        "Uses drugs or alcohol",
        "Substances are used to draw children in and to control them.",
    ),
    _i(
        "v.learning_difficulty",
        "Learning difficulty or disability",
        "A child with a learning difficulty or disability may find it harder to recognise "
        "abuse or to tell someone about it.",
    ),
    _i(
        "v.gang_context",
        "Gangs",
        "Involved with gangs, or living where gangs are active: sexual exploitation and "
        "criminal exploitation often go together.",
    ),
    _i(
        "v.offending_family",
        "Offending in the family or community",
        "Offending around the child can normalise harm and bring risky adults close.",
    ),
    _i(
        "v.poverty",
        "Poverty or deprivation",
        "A child who goes without can be drawn in by offers of money, food, phones or clothes.",
    ),
    _i(
        "v.family_breakdown",
        "Family breakdown",
        "Disrupted family life or difficult parenting can leave a child without the attention "
        "and boundaries that protect them.",
    ),
    _i(
        "v.parental_vulnerability",
        "Parents with high needs",
        "Parents struggling with substance use, mental illness, learning disability or their own "
        "abusive childhood may find it hard to notice or act on risk.",
    ),
    # Grooming draws
    _i(
        "g.older_admirer",
        "Liked by someone older",
        "Attention from an older person can feel flattering and grown up; it is how many "
        "exploiters begin.",
    ),
    _i(
        "g.stranger_asks_number",
        "A stranger asks for their number",
        "Being singled out by someone they do not know, who asks for their mobile number.",
    ),
    _i(
        "g.online_special",
        "Made to feel special online",
        "Someone met on the internet who gives praise and attention, often quickly moving the "
        "conversation somewhere private.",
    ),
    _i(
        "g.gifts_substances",
        "Given alcohol, drugs, money or gifts",
        "Gifts create a sense of owing something back, which exploiters later use.",
    ),
    _i(
        "g.thrill_forbidden",
        "The excitement of forbidden things",
        "Exploiters offer the thrill of what is risky or not allowed, and then use the child's "
        "fear of getting into trouble to keep them quiet.",
    ),
    _i(
        "g.no_rules_accommodation",
        "Somewhere to stay with no rules",
        "Offered a place to stay, a party flat or a house where no adult sets boundaries.",
    ),
    _i(
        "g.adult_venues",
        "Taken to adult venues",
        "Taken to adult entertainment venues or to places where adults meet for sex.",
    ),
    _i(
        "g.lifts_new_places",
        "Lifts and trips with casual acquaintances",
        "Given lifts, taken to new places or on adventures by someone they hardly know.",
    ),
    # Immediate indicators
    _i(
        "i.going_missing",
        "Going missing",
        "Missing from home, care or school, even for a few hours. After every missing episode a "
        "return home interview is offered.",
    ),
    _i(
        "i.education_disengagement",
        "Disengaging from education",
        "Falling behind, truanting, or losing interest in school and friends there.",
    ),
    _i(
        "i.substance_dependency",
        "Dependent on drugs or alcohol",
        "A dependency that someone else supplies is a means of control.",
    ),
    _i(
        "i.physical_symptoms",
        "Physical signs",
        "Sexually transmitted infections, pregnancy, miscarriage or termination, bruising or "
        "marks that suggest physical or sexual assault.",
    ),
    _i(
        "i.older_risky_adults",
        "Spending time with older or risky adults",
        "Associating with older men or women, or adults known to pose a risk.",
    ),
    _i(
        "i.unexplained_social_funds",
        "Going out with no explanation of who pays",
        "Social activities that the child could not afford and cannot explain.",
    ),
    _i(
        "i.unexplained_possessions",
        "New things with no explanation",
        "New phones, clothes, money, drugs or other possessions whose source is not plausibly "
        "explained.",
    ),
    _i(
        "i.alienation",
        "Cut off from family or community",
        "Withdrawing from family, friends or community, often encouraged by the exploiter.",
    ),
    _i(
        "i.placement_breakdown",
        "Care placement breaking down",
        "A child in care whose placement breaks down, or who keeps leaving it.",
    ),
    _i(
        "i.exploited_peers",
        "Friends who are being exploited",
        "Spending time with children known to be victims of exploitation: exploiters use "
        "friendship groups to reach more children.",
    ),
    _i(
        "i.offending",
        "Some kinds of offending",
        "Offending can be a sign that a child is being controlled by others; a child who is "
        "exploited is a victim first.",
    ),
    # Evidence of exploitation
    _i(
        "e.disclosure",
        "The child tells someone",
        "The child or young person says they are being sexually exploited or abused. Write down "
        "their own words, do not promise to keep it secret, and tell your designated "
        "safeguarding lead at once.",
    ),
    _i(
        "e.exchange",
        "Sexual activity in exchange for something",
        "Sexual activity in return for something the child needs or wants (money, a place to "
        "stay, drugs, affection), or for the abuser's money or status.",
    ),
    _i(
        "e.images",
        "Sexual images of the child",
        "Indecent images or videos of the child made or shared, online or not, even without the "
        "child knowing.",
    ),
    _i(
        "e.coercion",
        "Force, threats or violence",
        "The child is made to comply by force, threats or violence, to them or to people they "
        "care about.",
    ),
    _i(
        "e.intelligence",
        "Police or partner intelligence",
        "Police or another agency hold information that the child is being sexually exploited.",
    ),
)

BY_ID: Final[dict[str, Indicator]] = {indicator.id: indicator for indicator in INDICATORS}
GROUP_BY_CODE: Final[dict[str, Group]] = {group.code: group for group in GROUPS}


def indicator(indicator_id: str) -> Indicator:
    """The indicator with this id; KeyError for one not in the catalogue."""
    return BY_ID[indicator_id]


def in_group(code: str) -> tuple[Indicator, ...]:
    return tuple(item for item in INDICATORS if item.group == code)


def search(text: str) -> tuple[Indicator, ...]:
    """Indicators whose label or guidance mentions every word typed, in catalogue order."""
    words = text.casefold().split()
    return tuple(
        item
        for item in INDICATORS
        if all(word in f"{item.label} {item.guidance}".casefold() for word in words)
    )


# Who the abusers are: a person of concern's relationship to the child (SCREENING.md).
RELATIONSHIPS: Final[dict[str, str]] = {
    "stranger": "A stranger",
    "boyfriend_girlfriend": "Someone the child calls a boyfriend or girlfriend",
    "family_member": "A family member",
    "peer": "Another young person",
    "friend_of_older_sibling": "A friend of an older brother or sister",
    "known_adult": "An adult the child knows",
    "online_only": "Someone known only online",
    "unknown": "Not known",
}
SEXES: Final[dict[str, str]] = {
    "male": "Male",
    "female": "Female",
    "other": "Other",
    "unknown": "Not known",
}
