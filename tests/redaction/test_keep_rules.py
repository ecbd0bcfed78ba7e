"""Bodies, charities, wards and places that the name finder or the shape rules take for
people (issue 12): each sentence is written here in the shapes real records use, not copied
from the real-text set, and the person in it must still be withheld."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "kept", "withheld"),
    [
        ("Mrs Joan Pritchett was advised to call Karma Nirvana for advice.",
         ["Karma Nirvana"], ["Joan Pritchett"]),
        ("A support worker from Hestia visited Mrs Amina Farouk at home.",
         ["Hestia"], ["Amina Farouk"]),
        ("Mr Dylan Hart of Sparkbrook reported the damage to the council.",
         ["Sparkbrook"], ["Dylan Hart"]),
        ("Mr Dylan Hart was discharged to Cedar Grove crisis house on 3 May.",
         ["Cedar Grove crisis house"], ["Dylan Hart"]),
        ("Yours faithfully, Mr Owen Price Durham Constabulary",
         ["Durham Constabulary"], ["Owen Price"]),
        ("NHS England Dear Ms Okafor, thank you for your request.", ["NHS England"], ["Okafor"]),
        ("She was referred to Rights of Women and to Surviving Economic Abuse.",
         ["Rights of Women", "Surviving Economic Abuse"], []),
        ("Mr Tomasz Nowak attended St Mary the Virgin Polish Catholic Church weekly.",
         ["Polish Catholic Church"], ["Tomasz Nowak"]),
        ("The school is Ark Academy Wembley; Mr Dylan Hart is its safeguarding lead.",
         ["Ark Academy Wembley"], ["Dylan Hart"]),
        ("The Keogh review of 2013 found failings at the trust.", ["Keogh review"], []),
        ("Staff were reminded of the Duty of Candour by Dr Nia Evans.",
         ["Duty of Candour"], ["Nia Evans"]),
    ],
)
def test_kept_and_withheld(redactor, text: str, kept: list[str], withheld: list[str]) -> None:
    out = redactor().redact(text).text
    for words in kept:
        assert words in out, out
    for words in withheld:
        assert words.split()[-1] not in out, out
