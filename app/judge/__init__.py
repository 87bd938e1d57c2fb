"""The LLM judge's domain: its input, its answers proven, two opinions combined, its evaluation.

Plain functions and values, tested without a network; app.llm.judge is the only part that
talks to a model, and app.flows.judging the only part that stores what the judge said.
"""
