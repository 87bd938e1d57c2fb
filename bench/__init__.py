"""Benchmarks of the running service over loopback HTTP, and of the core code in-process.

Run `python -m bench` (or `make bench`); `python -m bench --quick` is a short smoke run.
Prints tables and writes bench-results/<time>.json. Numbers, never asserts.
"""
