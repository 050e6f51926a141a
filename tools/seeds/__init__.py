"""The seed builder: `corpus/` from `../shared/seeds`, an offline tool (the running assistant never reads the seeds)."""
