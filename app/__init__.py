"""US–China military contacts timeline."""
