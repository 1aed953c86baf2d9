"""claimgraph: turn raw news reports into a sourced, time-aware knowledge base."""

__version__ = "0.1.0"
