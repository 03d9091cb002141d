"""Command-line tools that work on the data and the built site: python -m macros.tools.<name>."""
