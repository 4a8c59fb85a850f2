"""The intake service: cases come in at a window."""
