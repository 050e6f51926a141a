"""The appeal assessment: order of reasoning, declining, scope, the førtidspension path."""

import datetime as dt
import json

from rules_testkit import OK_PROFILE, grant, without

from assistant.corpus.refs import parse_ref
from rules import Facts, assess_appeal, evaluate_all

D = dt.date


def test_complete_grant_is_upheld():
    r = assess_appeal(grant(D(2023, 1, 1)))
    assert r.outcome == "stadfæstelse" and not r.declined
    assert {"LAB § 112, stk. 1", "LAB § 112, stk. 2", "LAB § 114, stk. 1"} <= set(r.refs)


def test_over_50_second_course_not_wished_is_changed_even_without_health_information():
    f = Facts(
        decision_date=D(2023, 1, 1),
        decision="bevilget",
        age=53,
        previous_courses=1,
        wishes_course=False,
        complaint_only_duration=False,
    )
    r = assess_appeal(f)
    assert r.outcome == "ændring", (
        "LAB § 114, stk. 4: the course cannot be required; no LÆ 265 could change that (PM 24-20 væsentlighed)"
    )
    assert "LAB § 114, stk. 4" in r.refs


def test_insufficient_information_is_sent_back():
    r = assess_appeal(grant(D(2023, 1, 1), lae265_current=False, defect_immaterial=False))
    assert r.outcome == "hjemvisning" and "PM 24-20" in r.refs


def test_no_development_perspective_changes_and_points_to_foertidspension():
    r = assess_appeal(grant(D(2023, 1, 1), documented_no_improvement=True))
    assert r.outcome == "ændring"
    assert "PM 58-18" in r.refs and any("førtidspension" in x["text"] for x in r.reasons), (
        "PM 58-18: without a development perspective the municipality must start a førtidspension case"
    )


def test_unknown_decisive_fact_declines_with_missing():
    r = assess_appeal(without(grant(D(2023, 1, 1)), "documented_no_improvement"))
    assert r.declined and r.outcome is None
    assert "documented_no_improvement" in r.missing
    assert set(r.possible_outcomes) == {"ændring", "stadfæstelse"}


def test_nothing_known_declines():
    r = assess_appeal(Facts())
    assert r.declined and r.missing == ["decision_date", "decision"]


def test_duration_scope():
    base = without(grant(D(2023, 1, 1)), "granted_years", "duration_contested")
    r = assess_appeal(base)
    assert r.declined and {"granted_years", "duration_contested"} <= set(r.missing), (
        "whether the duration is in issue is itself a fact; unknown → decline"
    )
    r = assess_appeal(base.replace(duration_contested=False))
    assert r.outcome == "stadfæstelse" and any("varighed" in x["text"] for x in r.reasons)
    r = assess_appeal(base.replace(duration_contested=False, granted_years=4.0))
    assert r.outcome == "stadfæstelse" and any(x["text"].count("Bemærk") for x in r.reasons), (
        "a known unlawful duration outside the complaint is flagged, not silently passed"
    )


def test_complaint_only_about_duration():
    f = Facts(decision_date=D(2022, 6, 1), decision="bevilget", age=51, granted_years=3.1, complaint_only_duration=True)
    assert assess_appeal(f).outcome == "ændring", "LAB § 114, stk. 1: at most 3 years from 2022"
    assert assess_appeal(f.replace(granted_years=2.0)).outcome == "stadfæstelse"


def test_refusal_when_conditions_are_met():
    f = grant(D(2023, 1, 1), decision="afslag", wishes_course=True, granted_years=None)
    r = assess_appeal(f)
    assert r.outcome == "ændring" and "PM 1-15" in r.refs, (
        "PM 1-15: the municipality must grant a course when the conditions are met"
    )
    r = assess_appeal(f.replace(documented_no_improvement=True))
    assert r.outcome == "stadfæstelse" and "PM 58-18" in r.refs


def test_stop_of_a_wished_course():
    f = Facts(
        decision_date=D(2021, 10, 28),
        decision="ophør",
        course_granted_on=D(2021, 9, 1),
        age_over=50,
        age_under=65,
        previous_courses=1,
        wishes_course=True,
        defect_immaterial=True,
        documented_no_improvement=False,
    )
    r = assess_appeal(f)
    assert r.outcome == "ændring" and "PM 82-16" in r.refs
    assert assess_appeal(f.replace(documented_no_improvement=None)).declined
    assert assess_appeal(f.replace(documented_no_improvement=True)).outcome == "stadfæstelse"


def test_new_course_after_reform_carries_unconfirmed():
    r = assess_appeal(grant(D(2026, 2, 2)))
    assert r.outcome == "ændring" and r.unconfirmed and "L 1750/2025" in r.refs
    assert any("ikke bekræftet" in x["text"] for x in r.reasons)
    reform = [s for s in r.to_dict()["trace"] if s["step"] == "rule" and s["rule"] == "new_course_after_reform"]
    assert reform and reform[0]["result"]["unconfirmed"], "the unconfirmed status of L 1750/2025 must be carried"


def test_after_both_dates_of_entry_into_force_the_abolition_is_certain():
    r = assess_appeal(grant(D(2026, 8, 3)))
    assert r.outcome == "ændring" and "L 1750/2025" in r.refs
    reform = [s for s in r.to_dict()["trace"] if s["step"] == "rule" and s["rule"] == "new_course_after_reform"]
    assert reform and not reform[0]["result"]["unconfirmed"], "after 1 July 2026 the abolition is certain"


def test_result_is_json_with_trace_of_law_facts_and_params():
    r = assess_appeal(grant(D(2022, 1, 1), granted_years=5.0))
    d = json.loads(json.dumps(r.to_dict()))
    assert d["outcome"] == "ændring"
    steps = [s for s in d["trace"] if s["step"] == "rule" and s["rule"] == "duration"][0]["result"]["trace"]
    params = [s for s in steps if s["step"] == "param" and s["name"] == "max_duration_years"]
    assert params and params[0]["value"] == 3 and params[0]["ref"] == "LAB § 114, stk. 1"
    assert params[0]["valid_from"] == "2022-01-01"
    assert any(s["step"] == "law" for s in steps) and any(s["step"] == "fact" for s in steps)
    for reason in d["reasons"]:
        for ref in reason["refs"]:
            assert parse_ref(ref).canonical == ref


def test_evaluate_all_runs_every_rule():
    rules = evaluate_all(
        grant(
            D(2023, 1, 1),
            in_course=True,
            months_without_offer=7.0,
            special_reasons_against_team=False,
            offer_disregards_health=True,
        )
    )
    assert set(rules) >= {
        "target_group",
        "development_perspective",
        "six_years_before_pension",
        "duration",
        "repeated_courses",
        "rehabilitation_team",
        "jobformidler",
        "health_coordinator",
        "case_information",
        "disability_pension_path",
        "new_course_after_reform",
        "pension_age",
    }
    assert rules["rehabilitation_team"].value is True and rules["jobformidler"].value is True
    assert all(json.dumps(r.to_dict()) for r in rules.values())
    assert OK_PROFILE  # the profile used above is complete


def test_a_running_course_continued_against_the_wish_to_end_it_is_upheld():
    # 40 during the course, more than 5 years in all: LAB § 114, stk. 3, 2. pkt. lets it run out
    f = Facts(
        decision_date=D(2024, 4, 22),
        decision="fortsat",
        birth_date=D(1984, 3, 5),
        previous_courses=1,
        previous_years_total=5.0,
        granted_years=3.0,
        course_start=D(2022, 2, 1),
        wishes_course=False,
        lae265_current=True,
        preparatory_part_current=True,
        specialist_info_missing=False,
    )
    r = assess_appeal(f)
    assert not r.declined and r.outcome == "stadfæstelse"


def test_a_running_course_continued_past_the_pension_day_is_changed():
    # born 5 March 1957: folkepension 5 March 2024; the course is to run to 31 August 2024
    f = Facts(
        decision_date=D(2024, 2, 20),
        decision="fortsat",
        birth_date=D(1957, 3, 5),
        course_start=D(2022, 9, 1),
        granted_years=2.0,
        lae265_current=True,
        preparatory_part_current=True,
        specialist_info_missing=False,
    )
    r = assess_appeal(f)
    assert not r.declined and r.outcome == "ændring"
    assert "LSP § 1 a" in r.refs
