"""Subcommands of `toolkit`, one module each, imported only when chosen."""
