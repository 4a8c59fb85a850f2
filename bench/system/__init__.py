"""``make bench-system``: the whole-system benchmark (issue 17). Run ``python -m bench.system
--help`` from the repository's root; docs/performance.md says how to read what it prints."""
