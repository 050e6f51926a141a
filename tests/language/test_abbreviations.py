"""A jobcenter's shorthand written out before a message is read."""

import pytest

from assistant.language.abbreviations import expand


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Bgr 52 år, KH i 3 år, rehab-team anbefaler RF.",
            "Borger 52 år, kontanthjælp i 3 år, rehabiliteringsteam anbefaler ressourceforløb.",
        ),
        (
            "RF startet 01.03.2022. Rehab-teamet mener, at AE kan udvikles.",
            "Ressourceforløb startet 01.03.2022. Rehabiliteringsteamet mener, at arbejdsevne kan udvikles.",
        ),
        ("Det er RFet, der er forlænget.", "Det er ressourceforløbet, der er forlænget."),
        ("Barsel i 8 mdr. i 2022. I 8 mdr. Så intet.", "Barsel i 8 måneder i 2022. I 8 måneder. Så intet."),
    ],
)
def test_shorthand_is_written_out(text, expected):
    assert expand(text) == expected


@pytest.mark.parametrize(
    "text", ["ae og oe er typede bogstaver", "Han bor i RFX-gade", "kh-kh, undskyld", "Hun er hos JCB"]
)
def test_words_that_only_look_like_shorthand_stay(text):
    assert expand(text) == text
