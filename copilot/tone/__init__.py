"""Tone flagging: a GoEmotions-trained classifier on sentence embeddings plus transparent rules."""
