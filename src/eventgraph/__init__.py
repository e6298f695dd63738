"""eventgraph: turn a folder of news articles into a timeline and event knowledge graph."""

__version__ = "0.1.0"
