"""Wizamart's modules: one package per module, each found by its ``definition.py``."""
