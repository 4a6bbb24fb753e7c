"""The designer's loop around the pipeline: start a project, write the next
issue (`scaffold`), watch files and preview pages (`watch`)."""
