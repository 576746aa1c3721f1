"""Guards: contact policy, untrusted-text fencing, injection detection, grounding verification."""
