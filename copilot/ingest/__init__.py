"""The ingest pipeline: connector records → resolved SQL rows → chunks → vectors, crash-safe."""
