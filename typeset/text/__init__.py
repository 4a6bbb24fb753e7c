"""Text composition: measuring runs and breaking paragraphs into lines.

`measure` says how wide a run is; `breaker` chooses line breaks over boxes,
glue and penalties; `composed` turns a paragraph into a ReportLab flowable
set with those breaks. Nothing here decides a style: it arrives from `styles`.
"""
