"""The lesson domain and the trainers' tools."""
