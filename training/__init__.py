"""Reproducible training of the models qabot ships (the answer judge)."""
