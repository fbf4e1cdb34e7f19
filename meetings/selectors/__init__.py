"""Reads for the meeting cycle, one module per part (common, plan, agenda, attendance, minutes).
Every function takes the council and filters on it."""
