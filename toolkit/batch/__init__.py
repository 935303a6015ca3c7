"""Many briefs in one run: which files a batch holds, each brief's work, the report, and where it runs."""
