"""Incremental indexing by content hash, on a small slice of the real corpus."""

from __future__ import annotations

from assistant.retrieval.chunking import chunk_text
from assistant.retrieval.refresh import refresh
from assistant.settings import Settings


def test_only_changed_units_are_embedded_again(engine, tmp_path, settings):
    units = [u for u in engine.units if u.kind == "principmeddelelse"]
    s = Settings(data_dir=tmp_path, corpus_dir=settings.corpus_dir, today=settings.today)
    first = refresh(s, units, engine.embeddings)
    assert first.embedded_units == len(units)

    same = refresh(s, units, engine.embeddings)
    assert same.embedded_chunks == 0 and same.removed_chunks == 0

    changed = [units[0].model_copy(update={"text": units[0].text + " Tilføjet sætning."}), *units[1:]]
    second = refresh(s, changed, engine.embeddings)
    assert second.embedded_units == 1, "only the edited unit is embedded again"

    third = refresh(s, changed[1:], engine.embeddings)
    assert third.embedded_chunks == 0 and third.removed_chunks == len(chunk_text(changed[0]))


def test_long_units_are_chunked_at_sentence_ends(engine):
    longest = max(engine.units, key=lambda u: len(u.text))
    chunks = chunk_text(longest)
    assert len(chunks) >= 2
    assert all(c.startswith(longest.ref) for c in chunks), "each chunk names its source"
