"""Writers for the build outputs; each takes the merged records or the graph and writes atomically."""
