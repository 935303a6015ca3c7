"""Raw WordprocessingML helpers (parts, footnotes, tables, numbering, languages); only formats/ uses them."""
