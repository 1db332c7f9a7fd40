"""Article text -> candidate contact events (pure library). See pipeline.extract_events."""
