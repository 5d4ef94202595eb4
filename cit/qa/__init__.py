"""Q&A from code with an LLM: generation, verification by execution, checks, bootstrapping, variants."""
