"""typeset: newsletter issues from YAML to branded, print-ready PDF."""

__version__ = "0.1.0"
