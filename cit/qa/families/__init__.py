"""Question families, one module each; see cit/qa/programs/__init__.py for the contract.

Every module here defines `FAMILY = Family(id, kind, questions)`. `questions(view, rng)`
yields attempts; an attempt builds one item with a `Trace` or raises `Unanswerable`.
"""
