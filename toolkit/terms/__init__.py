"""Terms: the glossary and its matching, do-not-translate names, transliteration, house style, typography."""
