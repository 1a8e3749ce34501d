"""Test support: the local Discord, the bot harness, encoder doubles and paths.

Tests import helpers from here, never from conftest or from other test modules.
"""
