"""Text below the paragraph: measuring, line breaking, bidi order and shaping.

`measure` says how wide a run is; `breaker` chooses line breaks over boxes,
glue and penalties; `composed` turns a paragraph into a ReportLab flowable
set with those breaks. For right-to-left text, `bidi` resolves levels and
reorders each line, `shaping` turns runs into HarfBuzz glyph runs and
`glyphs` draws them with ToUnicode entries; `scripts` says which text needs
them. Nothing here decides a style (it arrives from `styles`), and nothing
knows the brand, the model or the page: fonts come by file and size.
"""
