"""Evaluation of each stage on held-out data: the project's corpora and, where present, the
public data sets in ../shared/data (read in place, never copied)."""
