"""Protection: inline codes carried through an engine as markup, and the spans locked against any engine."""
