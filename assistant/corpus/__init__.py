"""The sources: canonical references, citable units and their file format, and ingesting documents."""
