"""BM25 over Danish stems: ranking, compounds, typos and persistence."""

from assistant.retrieval.lexical import BM25Index

DOCS = {
    "varighed": "Et ressourceforløb skal være af mindst 1 og højst 3 års varighed.",
    "team": "Kommunen skal forelægge sagen for rehabiliteringsteamet efter 6 måneder.",
    "jobformidler": "Personer i ressourceforløb har ret til en personlig jobformidler.",
    "ydelse": "Ressourceforløbsydelse efter kapitel 6 a i lov om aktiv socialpolitik.",
    "pension": "Førtidspension kan tilkendes, når arbejdsevnen ikke kan forbedres.",
    "fleksjob": "Et fleksjob er et job på særlige vilkår; kommunen bevilger fleksjob.",
}


def build() -> BM25Index:
    return BM25Index().build(list(DOCS), list(DOCS.values()), fingerprint="t")


def top(index, q):
    hits = index.search(q, k=3)
    return hits[0].doc_id if hits else None


def test_plain_query_ranks_the_matching_passage_first():
    assert top(build(), "Hvor lang varighed har et ressourceforløb?") == "varighed"


def test_missing_diacritics_still_match():
    assert top(build(), "ret til jobformidler i ressourceforlob") == "jobformidler"


def test_compound_query_matches_split_words_and_inflections():
    index = build()
    assert top(index, "rehabiliteringsteam") == "team"
    assert top(index, "hvad er ressourceforløbsydelsen") == "ydelse"
    assert top(index, "ydelse i forløbet") == "ydelse", "compound parts match the simple words"


def test_typo_is_corrected_to_nearest_indexed_term():
    assert top(build(), "førtidspenson") == "pension"


def test_no_match_gives_no_hits():
    assert build().search("zzzz qqqq", k=3) == []


def test_save_and_load_round_trip(tmp_path):
    index = build()
    path = tmp_path / "bm25.pkl"
    index.save(path)
    loaded = BM25Index.load(path)
    assert loaded is not None and loaded.fingerprint == "t"
    assert [h.doc_id for h in loaded.search("jobformidler", k=2)] == [
        h.doc_id for h in index.search("jobformidler", k=2)
    ]


def test_corrupt_file_loads_as_missing(tmp_path):
    path = tmp_path / "bm25.pkl"
    path.write_bytes(b"not a pickle")
    assert BM25Index.load(path) is None
