"""The search engine as a LangChain retriever, so chains and agents use the same retrieval."""

from __future__ import annotations

import datetime as dt

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieval.engine import SearchEngine


class HybridRetriever(BaseRetriever):
    """LangChain view of the engine, so chains and agents can use the same retrieval."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    engine: SearchEngine
    k: int = 5
    on: dt.date | None = None
    mode: str = "hybrid"

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        passages = self.engine.search(query, on=self.on, k=self.k, mode=self.mode)  # type: ignore[arg-type]
        return [
            Document(page_content=p.text, metadata={k: v for k, v in p.to_json().items() if k != "text"})
            for p in passages
        ]
