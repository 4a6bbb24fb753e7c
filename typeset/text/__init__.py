"""Text below the paragraph: bidirectional ordering, shaping, glyph runs.

Pure text machinery that layout plugs in: it knows fonts by file and size,
never the brand, the model or the page.
"""
