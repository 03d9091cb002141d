"""Pure render functions: typed data in, Markdown/HTML text out. No MkDocs, no I/O."""
