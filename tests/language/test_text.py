"""Danish text analysis: folding, compounds, typos, input checks."""

import pytest

from assistant.errors import InputError
from assistant.language.analysis import Analyzer, fold, stem, words
from assistant.language.input import clean_question, language_of


def test_folding_meets_ascii_spellings():
    assert fold("ressourceforløb") == fold("ressourceforlob") == fold("RESSOURCEFORLOEB")
    assert fold("måned") == fold("maaned") == fold("maned")
    assert fold("særlige") == fold("saerlige")


def test_compounds_are_split_into_known_parts():
    analyzer = Analyzer.from_texts(["ressource forløb ydelse", "rehabilitering team", "plan"])
    assert analyzer.compound_parts(fold("ressourceforløbsydelse")) == ("ressource", "forlob", "ydelse")
    assert analyzer.compound_parts(fold("rehabiliteringsteamet")) == ("rehabilitering", "teamet")
    assert analyzer.compound_parts(fold("kommunen")) == (), "a plain word is not a compound"


def test_terms_share_stems_across_inflection_and_compounds():
    analyzer = Analyzer.from_texts(["rehabiliteringsteam rehabiliteringsplan forelægges team"])
    q = {t for t, _ in analyzer.terms("rehabiliteringsteamet")}
    d = {t for t, _ in analyzer.terms("sagen forelægges for rehabiliteringsteamet")}
    assert stem("team") in q and stem("rehabilitering") in q
    assert q <= d, "question and passage must share every term"


def test_stopwords_and_numbers():
    analyzer = Analyzer()
    terms = [t for t, _ in analyzer.terms("Hvad står der i § 114 om de 50 år?")]
    assert "114" in terms and "50" in terms
    assert stem("der") not in terms


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Kan kommunen kræve, at jeg deltager i et nyt ressourceforløb?", "da"),
        ("kan kommunen tvinge mig i ressourceforlob", "da"),
        ("How long can a resource course last in Denmark?", "en"),
        ("Сколько длится ресурсный курс?", "other"),
    ],
)
def test_language(text, lang):
    assert language_of(text) == lang


@pytest.mark.parametrize(
    "bad",
    ["", "   \n\t ", "a" * 5000, "hej\x00med", b"\xff\xfe\x00binary", "!!! ???", "\x01\x02\x03"],
)
def test_bad_questions_get_a_danish_reason(bad):
    with pytest.raises(InputError) as exc:
        clean_question(bad, max_chars=4000)
    assert str(exc.value), "the user must be told why"


def test_question_whitespace_is_normalised():
    assert clean_question("  Hvor  længe\n varer det? ", 4000) == "Hvor længe varer det?"


def test_words_keep_numbers_and_fold():
    assert words("§ 114, stk. 3: Ønsker") == ["114", "stk", "3", "onsker"]


def test_rule_dates_are_written_in_danish_and_impossible_ones_are_left_alone():
    from assistant.language.dates import dk_dates_in

    assert dk_dates_in("har den 2025-05-06 mindre end 6 år") == "har den 6. maj 2025 mindre end 6 år"
    assert dk_dates_in("2025-02-30") == "2025-02-30"


@pytest.mark.parametrize(
    "texts, who",
    [
        (["Jeg skriver for min far. Han er 61."], "din far"),
        (["Min mor er 58.", "Hun vil ikke."], "din mor"),
        (["Jeg er 44 og vil ikke."], None),
    ],
)
def test_whom_a_citizen_writes_about(texts, who):
    from assistant.language.analysis import spoken_of

    assert spoken_of(texts) == who


def test_the_person_a_citizen_asks_for():
    from assistant.language.analysis import about_person, spoken_of

    assert spoken_of(["Jeg skriver på vegne af min far. Han er født i 1961."]) == "din far"
    assert spoken_of(["min mand er 52, og kommunen vil sætte ham i et forløb"]) == "din mand"
    # the writer's own case, with a relative beside it, is the writer's
    assert spoken_of(["Jeg er 46 år og bor med min datter på 15. Kan de kræve et nyt forløb?"]) is None
    said = about_person("Er du over 50 år, kan kommunen kun give dig et forløb, hvis du selv ønsker det.", "din mor")
    assert said == "Er hun over 50 år, kan kommunen kun give hende et forløb, hvis hun selv ønsker det."
    assert about_person("Det er kommunen, der træffer afgørelsen i din sag.", "din far").endswith("i hans sag.")
    assert (
        about_person("Kommunen kan ikke kræve, at din far deltager.", "din far")
        == "Kommunen kan ikke kræve, at din far deltager."
    )
