"""The review and held queues: records that wait for a person, who may see them, how they are
compared side by side, and the decisions that settle them (same child, different child, new)."""
