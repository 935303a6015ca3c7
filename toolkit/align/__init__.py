"""Sentence alignment of a French brief with its English: anchors, Gale–Church, TMX units."""
