"""Tests of the LLM judge's domain (app/judge): no network, no database."""
