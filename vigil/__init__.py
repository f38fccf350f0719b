"""Vigil: Recognise, Record, Refer, for a local safeguarding children partnership."""
