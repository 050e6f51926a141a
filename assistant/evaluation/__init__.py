"""The evaluation harness: reads the shared YAML formats and scores the library on them."""
