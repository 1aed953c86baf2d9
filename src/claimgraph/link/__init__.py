"""Linking reports to claims: sentence embeddings (``embed``) and stance (``stance``)."""
