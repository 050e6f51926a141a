"""Danish text: normalisation and analysis, input checks, redaction, the thesaurus, dates and the fact reader."""
