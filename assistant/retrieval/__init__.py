"""Finding passages: chunking, embeddings, BM25, the Chroma client, index generations and the search engine."""
