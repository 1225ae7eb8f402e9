"""Battlemap: an insurance agent's annual plan and activity logs as a static review site."""

__version__ = "0.1.0"
