"""Offline French→English translation and bilingual publishing for policy and news briefs."""

__version__ = "0.1.0"
