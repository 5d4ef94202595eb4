"""LLM-driven chart synthesis: Self-Instruct, Evol-Instruct, self-repair, code checks, chart judges."""
